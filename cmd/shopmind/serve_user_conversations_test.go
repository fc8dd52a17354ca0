package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
)

// TestServeUserConversations: the console's customer page lists the
// customer's conversations through GET /v1/users/{id}/conversations on
// serve: only that customer's, with the first message as a preview,
// redacted below the admin role as transcripts are; paged; bad input is a
// 400 naming the field.
func TestServeUserConversations(t *testing.T) {
	env, stdout, _ := testEnv(t)
	seedPrivacyStore(t, env)
	write := createKey(t, env, stdout, "shop", "write")
	read := createKey(t, env, stdout, "analyst", "read")
	admin := createKey(t, env, stdout, "owner", "admin")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")
	api := apiClient{t, base}
	do := func(method, path, key string, body any) (int, string) {
		t.Helper()
		code, raw := api.do(method, path, key, body)
		return code, string(raw)
	}
	start := func(user, text string) string {
		t.Helper()
		var c shopmind.Conversation
		code, body := do("POST", "/v1/conversations", write, map[string]string{"user_id": user})
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &c) != nil {
			t.Fatalf("start: %d %s", code, body)
		}
		if code, body := do("POST", "/v1/conversations/"+c.ID+"/messages", write, map[string]string{"text": text}); code != http.StatusOK {
			t.Fatalf("send: %d %s", code, body)
		}
		return c.ID
	}
	a := start("u1", "hi, my email is ana.lopez@example.com, where is my order?")
	b := start("u1", "do you have running shoes?")
	other := start("u2", "hello")
	anon := start("", "hello")

	list := func(key, query string) httpapi.UserConversationList {
		t.Helper()
		var l httpapi.UserConversationList
		code, body := do("GET", "/v1/users/u1/conversations"+query, key, nil)
		if code != http.StatusOK || json.Unmarshal([]byte(body), &l) != nil {
			t.Fatalf("GET /v1/users/u1/conversations%s: %d %s", query, code, body)
		}
		return l
	}
	l := list(read, "")
	var ids []string
	for _, c := range l.Conversations {
		ids = append(ids, c.Conversation.ID)
		if c.Conversation.UserID != "u1" || c.Conversation.Messages < 2 || c.FirstMessage == nil || c.FirstMessage.Role != shopmind.RoleShopper {
			t.Errorf("entry %+v: want u1's conversation with its first (shopper) message", c)
		}
	}
	if want := strings.Join(sorted(a, b), ","); strings.Join(ids, ",") != want || strings.Contains(strings.Join(ids, ","), other) || strings.Contains(strings.Join(ids, ","), anon) {
		t.Fatalf("u1's conversations %v, want %s", ids, want)
	}
	_, raw := do("GET", "/v1/users/u1/conversations", read, nil)
	if strings.Contains(raw, "ana.lopez@example.com") || !strings.Contains(raw, "my email is [email]") {
		t.Errorf("read key: the preview is not redacted: %s", raw)
	}
	if _, raw := do("GET", "/v1/users/u1/conversations", admin, nil); !strings.Contains(raw, "ana.lopez@example.com") {
		t.Errorf("admin key: the preview is redacted: %s", raw)
	}
	first := list(read, "?limit=1")
	if len(first.Conversations) != 1 || first.Next == "" {
		t.Fatalf("limit=1: %+v, want one and a cursor", first)
	}
	second := list(read, "?limit=1&after="+first.Next)
	if len(second.Conversations) != 1 || second.Conversations[0].Conversation.ID == first.Conversations[0].Conversation.ID {
		t.Errorf("second page %+v", second)
	}
	if l := list(read, ""); len(l.Conversations) != 2 {
		t.Errorf("listing changed the conversations: %+v", l)
	}
	var none httpapi.UserConversationList
	if code, body := do("GET", "/v1/users/nobody/conversations", read, nil); code != 200 || json.Unmarshal([]byte(body), &none) != nil || none.Conversations == nil || len(none.Conversations) != 0 {
		t.Errorf("a customer without conversations: %d %s, want 200 and []", code, body)
	}
	for _, tt := range []struct{ path, field string }{
		{"/v1/users/u1/conversations?limit=0", "limit"},
		{"/v1/users/u1/conversations?after=garbage", "after"},
		{"/v1/users/" + strings.Repeat("x", 300) + "/conversations", "id"},
	} {
		code, body := do("GET", tt.path, read, nil)
		var e struct{ Field string }
		json.Unmarshal([]byte(body), &e)
		if code != http.StatusBadRequest || e.Field != tt.field {
			t.Errorf("GET %s: %d %s, want 400 naming %q", tt.path[:min(len(tt.path), 60)], code, body, tt.field)
		}
	}
}

func sorted(ids ...string) []string {
	out := append([]string(nil), ids...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestServeTranscriptPrivacy is issue 12 item 4 through the API of serve: a
// shopper types an e-mail address and phone numbers in a conversation; a
// read key sees them redacted in the transcript and the hand-off queue, an
// admin key sees them, a write key cannot delete the conversation, and
// after an admin deletes it the transcript is gone.
func TestServeTranscriptPrivacy(t *testing.T) {
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
	var conv shopmind.Conversation
	code, body := do("POST", "/v1/conversations", write, map[string]string{})
	if code != http.StatusCreated || json.Unmarshal([]byte(body), &conv) != nil {
		t.Fatalf("start: %d %s", code, body)
	}
	personal := []string{"ana.lopez@example.com", "+44 20 7946 0958", "13812345678"}
	for _, text := range []string{
		"hi, my email is ana.lopez@example.com and my phone is +44 20 7946 0958",
		"我的手机是13812345678，请联系我",
		"I want to talk to a person",
	} {
		if code, body := do("POST", "/v1/conversations/"+conv.ID+"/messages", write, map[string]string{"text": text}); code != http.StatusOK {
			t.Fatalf("send %q: %d %s", text, code, body)
		}
	}
	path := "/v1/conversations/" + conv.ID

	for _, key := range []struct{ name, key string }{{"read", read}, {"write", write}} {
		code, body = do("GET", path, key.key, nil)
		if code != http.StatusOK {
			t.Fatalf("%s key GET transcript: %d %s", key.name, code, body)
		}
		for _, p := range personal {
			if strings.Contains(body, p) {
				t.Errorf("%s key reads %q in the transcript: %s", key.name, p, body)
			}
		}
		if !strings.Contains(body, "my email is [email] and my phone is [phone]") || !strings.Contains(body, "我的手机是[phone]，请联系我") {
			t.Errorf("%s key: transcript not redacted as expected: %s", key.name, body)
		}
	}
	code, body = do("GET", "/v1/handoffs", read, nil)
	if code != http.StatusOK || !strings.Contains(body, conv.ID) {
		t.Fatalf("read key GET handoffs: %d %s, want the conversation in hand-off", code, body)
	}
	for _, p := range personal {
		if strings.Contains(body, p) {
			t.Errorf("read key reads %q in the hand-off queue: %s", p, body)
		}
	}
	code, body = do("GET", path, admin, nil)
	for _, p := range personal {
		if code != http.StatusOK || !strings.Contains(body, p) {
			t.Errorf("admin key GET transcript: %d, %q missing: %s", code, p, body)
		}
	}
	if code, body := do("GET", "/v1/handoffs", admin, nil); code != http.StatusOK || !strings.Contains(body, personal[0]) {
		t.Errorf("admin key GET handoffs: %d %s, want the original text", code, body)
	}

	if code, body := do("DELETE", path, write, nil); code != http.StatusForbidden {
		t.Errorf("write key DELETE: %d %s, want 403", code, body)
	}
	if code, _ := do("GET", path, admin, nil); code != http.StatusOK {
		t.Fatalf("conversation gone after a refused delete: %d", code)
	}
	if code, body := do("DELETE", path, admin, nil); code != http.StatusNoContent {
		t.Fatalf("admin DELETE: %d %s, want 204", code, body)
	}
	if code, body := do("GET", path, admin, nil); code != http.StatusNotFound {
		t.Errorf("GET after delete: %d %s, want 404", code, body)
	}
	if code, body := do("GET", "/v1/handoffs", admin, nil); strings.Contains(body, conv.ID) {
		t.Errorf("hand-off queue after delete: %d %s still lists the conversation", code, body)
	}
	if code, _ := do("DELETE", path, admin, nil); code != http.StatusNotFound {
		t.Errorf("second DELETE: %d, want 404", code)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestServeAssistant runs serve on a seeded store and talks to the
// assistant through the API: a turn, bad input, the hand-off queue.
func TestServeAssistant(t *testing.T) {
	env, stdout, _ := testEnv(t)
	seedChatStore(t, env)
	vars := map[string]string{}
	old := env.Getenv
	env.Getenv = func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		return old(k)
	}
	vars["SHOPMIND_LOG_LEVEL"] = "warn"
	key := createKey(t, env, stdout, "shop", "write")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")

	post := func(path string, body []byte) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		raw, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("POST %s: %d %q: %v", path, res.StatusCode, raw, err)
		}
		return res.StatusCode, out
	}
	code, conv := post("/v1/conversations", []byte(`{"user_id":"u1"}`))
	if code != http.StatusCreated {
		t.Fatalf("start: %d %v", code, conv)
	}
	id := conv["id"].(string)
	code, turn := post("/v1/conversations/"+id+"/messages", []byte(`{"text":"where is my order A-1001?"}`))
	if code != http.StatusOK || turn["intent"] != "order_status" || !strings.Contains(turn["reply"].(string), "shipped") {
		t.Fatalf("turn: %d %v", code, turn)
	}
	for _, tt := range []struct {
		name, path string
		body       []byte
		status     int
	}{
		{"Empty", "/v1/conversations/" + id + "/messages", []byte(`{"text":""}`), 400},
		{"TooLarge", "/v1/conversations/" + id + "/messages", []byte(`{"text":"` + strings.Repeat("x", 100<<10) + `"}`), 413},
		{"InvalidUTF8", "/v1/conversations/" + id + "/messages", []byte("{\"text\":\"\xc3\x28\"}"), 400},
		{"UnknownConversation", "/v1/conversations/nope/messages", []byte(`{"text":"hi"}`), 404},
	} {
		if code, body := post(tt.path, tt.body); code != tt.status {
			t.Errorf("%s: status %d, want %d: %v", tt.name, code, tt.status, body)
		}
	}
	code, turn = post("/v1/conversations/"+id+"/messages", []byte(`{"text":"I want to speak to a human"}`))
	if code != http.StatusOK || turn["status"] != string(shopmind.ConversationHandoff) {
		t.Fatalf("hand-off turn: %d %v", code, turn)
	}
	var q struct {
		Handoffs []shopmind.Handoff `json:"handoffs"`
	}
	if code := getJSON(t, base+"/v1/handoffs", key, &q); code != http.StatusOK || len(q.Handoffs) != 1 ||
		len(q.Handoffs[0].Transcript) != 4 || q.Handoffs[0].Conversation.HandoffReason != "asked_for_person" {
		t.Fatalf("queue: %d %+v", code, q)
	}
}

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestServeReplyPrivacy is issue 12 item 4 for the live answers: the
// assistant's turn echoed the e-mail a shopper typed to prove an order
// (slots.email) to the write key of the shop's front end, as did a person's
// reply with a phone number. Below admin, the turn and the stored reply come
// back redacted, while the proof itself still works; an admin key sees them.
func TestServeReplyPrivacy(t *testing.T) {
	env, stdout, _ := testEnv(t)
	seedPrivacyStore(t, env)
	write := createKey(t, env, stdout, "shop", "write")
	admin := createKey(t, env, stdout, "owner", "admin")
	api := apiClient{t, strings.TrimSuffix(startServe(t, env, stdout), "/")}
	const email, phone = "ana.lopez@example.com", "+44 20 7946 0958"

	for _, k := range []struct {
		name, key string
		redacted  bool
	}{{"write", write, true}, {"admin", admin, false}} {
		var c shopmind.Conversation
		api.must("POST", "/v1/conversations", k.key, map[string]string{}, 201, &c)
		api.must("POST", "/v1/conversations/"+c.ID+"/messages", k.key, map[string]string{"text": "where is my order O000011"}, 200, nil)
		_, raw := api.do("POST", "/v1/conversations/"+c.ID+"/messages", k.key, map[string]string{"text": "my email is " + email})
		var turn shopmind.Turn
		if err := json.Unmarshal(raw, &turn); err != nil {
			t.Fatalf("%s: %s", k.name, raw)
		}
		if !strings.Contains(turn.Reply, "O000011 is paid") {
			t.Errorf("%s key: the proof no longer works: %s", k.name, raw)
		}
		if got := strings.Contains(string(raw), email); got == k.redacted {
			t.Errorf("%s key: e-mail in the turn %v, want %v: %s", k.name, got, !k.redacted, raw)
		}
		if k.redacted && turn.Slots["email"] != "[email]" {
			t.Errorf("%s key: email slot %q, want [email]", k.name, turn.Slots["email"])
		}
		_, raw = api.do("POST", "/v1/conversations/"+c.ID+"/replies", k.key, map[string]any{"author": "Sam", "text": "We will call you on " + phone})
		if got := strings.Contains(string(raw), phone); got == k.redacted {
			t.Errorf("%s key: phone in the stored reply %v, want %v: %s", k.name, got, !k.redacted, raw)
		}
		// What was stored is whole, for the admin.
		_, raw = api.do("GET", "/v1/conversations/"+c.ID, admin, nil)
		if !strings.Contains(string(raw), email) || !strings.Contains(string(raw), phone) {
			t.Errorf("%s key: the admin transcript lost the original text: %s", k.name, raw)
		}
	}
}

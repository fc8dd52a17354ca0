package assistant

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// scripted is one conversation of testdata/conversations.json.
type scripted struct {
	Name  string `json:"name"`
	User  string `json:"user"`
	Turns []struct {
		Say     string            `json:"say"`
		Intent  string            `json:"intent"`  // "" does not check
		Slots   map[string]string `json:"slots"`   // value "" means absent
		Actions []string          `json:"actions"` // action types that must be there
		Reply   []string          `json:"reply"`   // substrings, case-insensitive
		Not     []string          `json:"not"`     // substrings that must not be there
		Status  string            `json:"status"`
	} `json:"turns"`
}

func TestScriptedConversations(t *testing.T) {
	b, err := os.ReadFile("testdata/conversations.json")
	if err != nil {
		t.Fatal(err)
	}
	var convs []scripted
	if err := json.Unmarshal(b, &convs); err != nil {
		t.Fatal(err)
	}
	if len(convs) < 30 {
		t.Fatalf("%d scripted conversations, want at least 30", len(convs))
	}
	for _, c := range convs {
		t.Run(c.Name, func(t *testing.T) {
			svc, _, _ := newTestService(t)
			ctx := context.Background()
			conv, err := svc.Start(ctx, &shopmind.Conversation{UserID: c.User})
			if err != nil {
				t.Fatal(err)
			}
			for i, tt := range c.Turns {
				turn, err := svc.Send(ctx, conv.ID, tt.Say)
				if err != nil {
					t.Fatalf("turn %d %q: %v", i+1, tt.Say, err)
				}
				where := func() string { return "turn " + itoa(i+1) + " " + quote(tt.Say) + " -> " + quote(turn.Reply) }
				if tt.Intent != "" && turn.Intent != tt.Intent {
					t.Errorf("%s: intent %s (%.2f), want %s", where(), turn.Intent, turn.Confidence, tt.Intent)
				}
				for k, want := range tt.Slots {
					if got := turn.Slots[k]; got != want {
						t.Errorf("%s: slot %s = %q, want %q", where(), k, got, want)
					}
				}
				for _, a := range tt.Actions {
					if !hasAction(turn.Actions, a) {
						t.Errorf("%s: no %s action in %v", where(), a, turn.Actions)
					}
				}
				for _, s := range tt.Reply {
					if !strings.Contains(strings.ToLower(turn.Reply), strings.ToLower(s)) {
						t.Errorf("%s: reply lacks %q", where(), s)
					}
				}
				for _, s := range tt.Not {
					if strings.Contains(strings.ToLower(turn.Reply), strings.ToLower(s)) {
						t.Errorf("%s: reply has %q", where(), s)
					}
				}
				if tt.Status != "" && string(turn.Status) != tt.Status {
					t.Errorf("%s: status %s, want %s", where(), turn.Status, tt.Status)
				}
			}
			tr, err := svc.Transcript(ctx, conv.ID)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Conversation.Messages < len(c.Turns)+1 {
				t.Errorf("transcript has %d messages for %d turns", tr.Conversation.Messages, len(c.Turns))
			}
		})
	}
}

func hasAction(as []shopmind.Action, typ string) bool {
	for _, a := range as {
		if a.Type == typ {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i%10))) }

func quote(s string) string {
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return "\"" + s + "\""
}

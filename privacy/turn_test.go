package privacy

import (
	"testing"

	"github.com/shopmind/shopmind"
)

func TestRedactTurn(t *testing.T) {
	in := &shopmind.Turn{ConversationID: "c1", Reply: "We will call +44 20 7946 0958 about order O000011.",
		Slots:   map[string]string{"email": "Ana.Lopez@Example.com ", "order_id": "O000011", "size": "42"},
		Actions: []shopmind.Action{{Type: "ask", Data: map[string]string{"slot": "order_proof", "hint": "ana@example.com"}}}}
	got := RedactTurn(in)
	if got.Reply != "We will call [phone] about order O000011." {
		t.Errorf("reply %q", got.Reply)
	}
	if got.Slots["email"] != EmailMark || got.Slots["order_id"] != "O000011" || got.Slots["size"] != "42" {
		t.Errorf("slots %v", got.Slots)
	}
	if got.Actions[0].Data["hint"] != EmailMark || got.Actions[0].Data["slot"] != "order_proof" {
		t.Errorf("action data %v", got.Actions[0].Data)
	}
	if in.Slots["email"] != "Ana.Lopez@Example.com " || in.Actions[0].Data["hint"] != "ana@example.com" {
		t.Error("the turn given was changed")
	}
	if RedactTurn(nil) != nil {
		t.Error("nil turn")
	}
}

package privacy

import (
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"my email is ana.lopez@example.com, thanks", "my email is [email], thanks"},
		{"call me on +44 20 7946 0958 please", "call me on [phone] please"},
		{"or 020 7946 0958", "or [phone]"},
		{"US: (555) 123-4567.", "US: [phone]."},
		{"我的手机是13812345678，邮箱wang.li@example.cn", "我的手机是[phone]，邮箱[email]"},
		{"电话 +86 138 1234 5678", "电话 [phone]"},
		{"电话：138-1234-5678", "电话：[phone]"},
		{"邮编200120", "邮编[postcode]"},
		{"my postcode is SW1A 2AA", "my postcode is [postcode]"},
		{"sw1a2aa", "[postcode]"},
		{"zip 94107", "zip [postcode]"},
		// Kept: order numbers, prices, dates, sizes, quantities.
		{"where is my order O000012?", "where is my order O000012?"},
		{"order A-1001 and 订单O000013", "order A-1001 and 订单O000013"},
		{"running shoes under $89.99, size 42, 2 pairs", "running shoes under $89.99, size 42, 2 pairs"},
		{"delivered on 2024-05-01 at 12:30", "delivered on 2024-05-01 at 12:30"},
		{"1000元以下的耳机", "1000元以下的耳机"},
		{"sizes 42 43 44 45 46", "sizes 42 43 44 45 46"},
		{"cancel order 113542617735902", "cancel order 113542617735902"},
		{"purchase number 00004587345?", "purchase number 00004587345?"},
		{"订单号：3707955617", "订单号：3707955617"},
		{"my phone number: 13812345678", "my phone number: [phone]"},
		{"mobile no. 13812345678", "mobile no. [phone]"},
		{"", ""},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRedactHandoff(t *testing.T) {
	in := &shopmind.Handoff{Conversation: &shopmind.Conversation{ID: "c1"}, Transcript: []*shopmind.Message{
		{Seq: 1, Role: shopmind.RoleShopper, Text: "ana@example.com 13812345678"},
		{Seq: 2, Role: shopmind.RoleAssistant, Text: "Thanks", Slots: map[string]string{"email": "ana@example.com", "order_id": "O000011"},
			Actions: []shopmind.Action{{Type: "ask", Data: map[string]string{"slot": "order_proof", "given": "ana@example.com"}}}},
	}}
	out := RedactHandoff(in)
	if got := out.Transcript[0].Text; got != "[email] [phone]" {
		t.Errorf("text %q", got)
	}
	m := out.Transcript[1]
	if m.Slots["email"] != EmailMark || m.Slots["order_id"] != "O000011" || m.Actions[0].Data["given"] != EmailMark || m.Actions[0].Data["slot"] != "order_proof" {
		t.Errorf("slots %v actions %v", m.Slots, m.Actions)
	}
	if !strings.Contains(in.Transcript[0].Text, "@") || in.Transcript[1].Slots["email"] != "ana@example.com" {
		t.Error("RedactHandoff changed its input")
	}
}

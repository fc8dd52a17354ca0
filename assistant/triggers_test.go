package assistant

import (
	"strings"
	"testing"
)

func TestHandoffTrigger(t *testing.T) {
	for _, tt := range []struct {
		text     string
		hasOrder bool
		want     string
	}{
		{"my parcel arrived broken… I want to speak to a human now", false, ReasonComplaint},
		{"I want to speak to a human", false, ReasonAskedForPerson},
		{"can i talk with a real person please", false, ReasonAskedForPerson},
		{"need help talking with a live agent", false, ReasonAskedForPerson},
		{"this is ridiculous", false, ReasonComplaint},
		{"the screen is cracked", false, ReasonComplaint},
		{"I want a refund", false, ReasonComplaint},
		{"I want a refund for order A-1004", true, ""},
		{"how do I get a refund?", false, ""},
		{"转人工", false, ReasonAskedForPerson},
		{"人工客服", false, ReasonAskedForPerson},
		{"我要退款", false, ReasonComplaint},
		{"太差劲了", false, ReasonComplaint},
		{"怎么退款", false, ""},
		{"退款什么时候到账", false, ""},
		{"do you have running shoes under $100", false, ""},
		{"is the artificial leather 人工皮革 soft", false, ""},
		{"where is my order", false, ""},
	} {
		if got := handoffTrigger(strings.ToLower(tt.text), tt.hasOrder); got != tt.want {
			t.Errorf("handoffTrigger(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestHandoffTriggerOnShippedExamples measures the triggers on the shipped
// intent examples: they fire on most complaints and requests for a person
// and on few other messages (each of those would wrongly go to a person).
func TestHandoffTriggerOnShippedExamples(t *testing.T) {
	exs, err := DefaultExamples()
	if err != nil {
		t.Fatal(err)
	}
	fired := map[string]int{}
	total := map[string]int{}
	var wrong []string
	for _, e := range exs {
		lower := strings.ToLower(e.Text)
		got := handoffTrigger(lower, (&Extractor{}).Extract(e.Text)[SlotOrderID] != "")
		group := "other"
		if e.Intent == "complaint" || e.Intent == "human" {
			group = e.Intent
		}
		total[group]++
		if got != "" {
			fired[group]++
			if group == "other" {
				wrong = append(wrong, e.Intent+": "+e.Text)
			}
		}
	}
	rate := func(g string) float64 { return float64(fired[g]) / float64(total[g]) }
	t.Logf("fired on %.3f of complaints, %.3f of requests for a person, %.4f of the %d other examples: %q",
		rate("complaint"), rate("human"), rate("other"), total["other"], wrong)
	// The classifier answers the rest: Bitext's complaints are mostly "how
	// do I file a claim", which the triggers leave to it.
	if r := rate("complaint"); r < 0.3 {
		t.Errorf("triggers fire on %.2f of complaints, want at least 0.3", r)
	}
	if r := rate("human"); r < 0.6 {
		t.Errorf("triggers fire on %.2f of requests for a person, want at least 0.6", r)
	}
	if r := rate("other"); r > 0.02 {
		t.Errorf("triggers fire on %.3f of other messages, want at most 0.02", r)
	}
}

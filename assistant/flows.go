package assistant

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Data holds the shipped defaults: intent examples, flows and replies, and
// the FAQ. A shop may replace any of them with its own files.
//
//go:embed data/flows.json data/faq.json data/intents.csv data/intents_bitext.csv
var Data embed.FS

// Text is a message in each language.
type Text map[string]string

// In returns the text in lang, falling back to English.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	return t["en"]
}

// SlotSpec is a slot a flow needs.
type SlotSpec struct {
	Name string `json:"name"`
	// Type says how a value is validated: "order_id" (the order must exist
	// and belong to the shopper), "yes_no", "price" (a number or "any"),
	// "category" (a catalog category) or "text".
	Type   string `json:"type"`
	Prompt Text   `json:"prompt"`
	// Clear forgets the value when the flow ends (a confirmation is asked
	// again next time).
	Clear bool `json:"clear,omitempty"`
}

// Flow is a form: the slots an intent needs before its action can run.
type Flow struct {
	Name   string     `json:"name"`
	Intent string     `json:"intent"`
	Slots  []SlotSpec `json:"slots"`
	// Action is what runs once the slots are filled: "order_status",
	// "cancel_order", "change_order", "return_refund" or "recommend".
	Action string `json:"action"`
	// FAQFirst answers from the FAQ when the message matches an entry
	// well and names none of the slots.
	FAQFirst bool `json:"faq_first,omitempty"`
}

// Script is the dialogue's data: flows and reply templates.
type Script struct {
	Flows   []*Flow         `json:"flows"`
	Replies map[string]Text `json:"replies"`
}

// actions the dialogue knows how to run.
var knownActions = map[string]bool{
	"order_status": true, "cancel_order": true, "change_order": true, "return_refund": true, "recommend": true,
}

var knownSlotTypes = map[string]bool{"order_id": true, "yes_no": true, "price": true, "category": true, "text": true}

// requiredReplies are the templates the dialogue uses.
var requiredReplies = []string{
	"greeting", "thanks", "clarify", "handoff", "handoff_complaint", "waiting", "order_not_found", "order_status",
	"order_shipped", "cancel_done", "cancel_kept", "cancel_too_late", "change_handoff", "change_too_late",
	"return_ok", "return_expired", "return_not_delivered", "refund_done", "items_found", "items_none",
	"items_relaxed", "which_product", "price", "stock_yes", "stock_no", "attr_yes", "attr_no", "product_info",
	"recommend", "resume", "bad_category", "bad_price", "bad_yes_no", "need_answer", "faq_fallback",
}

// ParseScript reads and checks a flows file.
func ParseScript(b []byte) (*Script, error) {
	var s Script
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("parse flows: %w", err)
	}
	seen := map[string]bool{}
	for i, f := range s.Flows {
		if f.Name == "" || f.Intent == "" {
			return nil, fmt.Errorf("parse flows: flow %d needs a name and an intent", i)
		}
		if seen[f.Intent] {
			return nil, fmt.Errorf("parse flows: two flows for intent %q", f.Intent)
		}
		seen[f.Intent] = true
		if !knownActions[f.Action] {
			return nil, fmt.Errorf("parse flows: flow %s: unknown action %q", f.Name, f.Action)
		}
		for _, sl := range f.Slots {
			if !knownSlotTypes[sl.Type] {
				return nil, fmt.Errorf("parse flows: flow %s slot %s: unknown type %q", f.Name, sl.Name, sl.Type)
			}
			if sl.Prompt.In("en") == "" {
				return nil, fmt.Errorf("parse flows: flow %s slot %s: no English prompt", f.Name, sl.Name)
			}
		}
	}
	for _, r := range requiredReplies {
		if s.Replies[r].In("en") == "" {
			return nil, fmt.Errorf("parse flows: reply %q is missing", r)
		}
	}
	return &s, nil
}

// DefaultScript returns the shipped flows and replies.
func DefaultScript() (*Script, error) {
	b, err := Data.ReadFile("data/flows.json")
	if err != nil {
		return nil, fmt.Errorf("default flows: %w", err)
	}
	return ParseScript(b)
}

// DefaultFAQ returns the shipped FAQ.
func DefaultFAQ() (*FAQ, error) {
	b, err := Data.ReadFile("data/faq.json")
	if err != nil {
		return nil, fmt.Errorf("default faq: %w", err)
	}
	return ParseFAQ(b)
}

// flow returns the flow of an intent, or nil.
func (s *Script) flow(intent string) *Flow {
	for _, f := range s.Flows {
		if f.Intent == intent {
			return f
		}
	}
	return nil
}

// flowByName returns a flow by name, or nil.
func (s *Script) flowByName(name string) *Flow {
	for _, f := range s.Flows {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// say renders a reply template with {name} placeholders. A reply a
// shop's own flows file lacks (one added in a later version) comes from
// the shipped file.
func (s *Script) say(key, lang string, vars map[string]string) string {
	r, ok := s.Replies[key]
	if !ok {
		r = shippedReplies()[key]
	}
	return render(r.In(lang), vars)
}

// has reports whether the script or the shipped file has a reply key.
func (s *Script) has(key string) bool {
	if _, ok := s.Replies[key]; ok {
		return true
	}
	_, ok := shippedReplies()[key]
	return ok
}

var shipped struct {
	once    sync.Once
	replies map[string]Text
}

// shippedReplies returns the replies of the shipped flows file.
func shippedReplies() map[string]Text {
	shipped.once.Do(func() {
		if s, err := DefaultScript(); err == nil {
			shipped.replies = s.Replies
		}
	})
	return shipped.replies
}

func render(tmpl string, vars map[string]string) string {
	if len(vars) == 0 {
		return tmpl
	}
	pairs := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}

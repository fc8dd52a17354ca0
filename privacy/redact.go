// Package privacy holds the handling of shoppers' personal data that does
// not depend on a store: redaction of what shoppers type.
package privacy

import (
	"regexp"
	"strings"

	"github.com/shopmind/shopmind"
)

// Placeholders that replace personal data in redacted text.
const (
	EmailMark    = "[email]"
	PhoneMark    = "[phone]"
	PostcodeMark = "[postcode]"
)

var (
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// rePhone finds candidates: digit groups with single separators, an
	// optional leading "+" and groups in parentheses; redactPhone decides.
	rePhone = regexp.MustCompile(`(?:\+\s?)?(?:\(\d{1,5}\)|\d+)(?:[ .\-]?(?:\(\d{1,5}\)|\d+))*`)
	// UK postcodes ("SW1A 2AA", "sw1a2aa").
	reUKPost = regexp.MustCompile(`(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b`)
	// A number named as a postcode or ZIP code ("邮编200120", "zip 94107").
	reNamedPost = regexp.MustCompile(`(?i)(邮编|邮政编码|post\s?code|zip(?:\s?code)?)(\s*(?:is|是|为|[:：])?\s*)(\d{4,6}(?:-\d{4})?)`)
)

// Redact replaces e-mail addresses, phone numbers and postcodes in text
// with EmailMark, PhoneMark and PostcodeMark. A phone number is a run of
// digit groups with 8 to 15 digits after a "+" ("+44 20 7946 0958",
// "+86 138 1234 5678"), or 9 to 15 digits in at most 4 groups, one of
// them at least 3 digits long ("13812345678", "020 7946 0958",
// "(555) 123-4567"). Order numbers such as "O000012" or "A-1001", prices
// and dates ("2024-05-01") are kept, and so is a long number named as an
// order ("cancel order 113542617735902", "订单号：3707955617"). Other long
// bare numbers are redacted: redaction errs on the side of hiding.
func Redact(text string) string {
	if text == "" {
		return text
	}
	out := reEmail.ReplaceAllString(text, EmailMark)
	out = reNamedPost.ReplaceAllString(out, "${1}${2}"+PostcodeMark)
	out = reUKPost.ReplaceAllString(out, PostcodeMark)
	out = replacePhones(out)
	return out
}

func replacePhones(text string) string {
	locs := rePhone.FindAllStringIndex(text, -1)
	if locs == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		start, end := l[0], l[1]
		// A leading blank belongs to the text around, not to the number.
		for start < end && text[start] == ' ' {
			start++
		}
		if !isPhone(text, start, end) || namesOrder(text[:start]) {
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(PhoneMark)
		last = end
	}
	b.WriteString(text[last:])
	return b.String()
}

// isPhone reports whether text[start:end] is a phone number standing on its
// own (not the tail of "O000012", "A-1001" or a decimal number).
func isPhone(text string, start, end int) bool {
	if start > 0 {
		c := text[start-1]
		if isASCIIWord(c) || c == '-' || c == '.' || c == '/' || c == '#' {
			return false
		}
	}
	if end < len(text) {
		c := text[end]
		if isASCIIWord(c) || c == '/' {
			return false
		}
	}
	s := text[start:end]
	digits, groups, longest, cur := 0, 0, 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
			if cur == 0 {
				groups++
			}
			cur++
			longest = max(longest, cur)
		} else {
			cur = 0
		}
	}
	if strings.HasPrefix(s, "+") {
		return digits >= 8 && digits <= 15
	}
	return digits >= 9 && digits <= 15 && groups <= 4 && longest >= 3
}

// namesOrder reports whether before (the text before a number) ends with
// words naming an order, as in "cancel order 113542617735902" or
// "订单号：3707955617": long order numbers are not phone numbers.
func namesOrder(before string) bool {
	s := strings.ToLower(strings.TrimRight(before, " :#："))
	for _, w := range []string{" number", " no.", " no", " id", "号"} {
		if t, ok := strings.CutSuffix(s, w); ok {
			s = strings.TrimRight(t, " ")
			break
		}
	}
	for _, w := range []string{"order", "purchase", "invoice", "tracking", "订单", "单"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func isASCIIWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// RedactHandoff returns a copy of h whose messages' texts, slot values and
// action data are redacted; h is not changed.
func RedactHandoff(h *shopmind.Handoff) *shopmind.Handoff {
	if h == nil {
		return nil
	}
	out := &shopmind.Handoff{Conversation: h.Conversation, Transcript: make([]*shopmind.Message, len(h.Transcript))}
	for i, m := range h.Transcript {
		out.Transcript[i] = RedactMessage(m)
	}
	return out
}

// RedactMessage returns a copy of m with its text, slot values and action
// data redacted.
func RedactMessage(m *shopmind.Message) *shopmind.Message {
	if m == nil {
		return nil
	}
	c := *m
	c.Text = Redact(m.Text)
	if m.Slots != nil {
		c.Slots = make(map[string]string, len(m.Slots))
		for k, v := range m.Slots {
			c.Slots[k] = Redact(v)
		}
	}
	if m.Actions != nil {
		c.Actions = make([]shopmind.Action, len(m.Actions))
		for i, a := range m.Actions {
			c.Actions[i] = a
			if a.Data != nil {
				c.Actions[i].Data = make(map[string]string, len(a.Data))
				for k, v := range a.Data {
					c.Actions[i].Data[k] = Redact(v)
				}
			}
		}
	}
	return &c
}

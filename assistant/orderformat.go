package assistant

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/shopmind/shopmind"
)

// OrderFormat is how a shop numbers its orders, learned from its own order
// ids (LearnOrderFormat): "O000123" (a prefix and six zero-padded digits),
// "A-1001", or plain numbers such as 123. It finds order numbers in
// messages, completes a shortened one ("order 123" is O000123 when that is
// the shop's only format) and gives the example the replies show.
type OrderFormat struct {
	Shapes []OrderShape
	// Example is an order number in the shop's format for prompts; it is
	// made up, not one of the shop's orders.
	Example string

	patterns []*regexp.Regexp // one per shape with a prefix
}

// OrderShape is one numbering pattern: Prefix followed by MinDigits to
// MaxDigits digits; Padded numbers keep leading zeros (always MaxDigits).
type OrderShape struct {
	Prefix    string `json:"prefix"`
	MinDigits int    `json:"min_digits"`
	MaxDigits int    `json:"max_digits"`
	Padded    bool   `json:"padded"`
}

// maxFormatSample is how many order ids LoadOrderFormat reads.
const maxFormatSample = 2000

var reShapedID = regexp.MustCompile(`^([A-Za-z]{0,4}[-_#]?)(\d{1,15})$`)

// LearnOrderFormat learns the shapes of ids; shapes covering fewer than 5%
// of them are left out (ids of other shapes are still found by the generic
// patterns). It returns nil when ids is empty.
func LearnOrderFormat(ids []string) *OrderFormat {
	type acc struct {
		n, min, max int
		padded      bool
	}
	by := map[string]*acc{}
	total := 0
	for _, id := range ids {
		m := reShapedID.FindStringSubmatch(strings.TrimSpace(id))
		if m == nil {
			continue
		}
		total++
		p := strings.ToUpper(m[1])
		a := by[p]
		if a == nil {
			a = &acc{min: len(m[2]), max: len(m[2])}
			by[p] = a
		}
		a.n++
		a.min, a.max = min(a.min, len(m[2])), max(a.max, len(m[2]))
		if len(m[2]) > 1 && m[2][0] == '0' {
			a.padded = true
		}
	}
	if total == 0 {
		return nil
	}
	f := &OrderFormat{}
	for p, a := range by {
		if a.n*20 < total {
			continue
		}
		s := OrderShape{Prefix: p, MinDigits: a.min, MaxDigits: a.max, Padded: a.padded}
		if s.Padded {
			s.MinDigits = s.MaxDigits
		}
		f.Shapes = append(f.Shapes, s)
	}
	sort.Slice(f.Shapes, func(i, j int) bool {
		if len(f.Shapes[i].Prefix) != len(f.Shapes[j].Prefix) {
			return len(f.Shapes[i].Prefix) > len(f.Shapes[j].Prefix)
		}
		return f.Shapes[i].Prefix < f.Shapes[j].Prefix
	})
	f.compile()
	return f
}

func (f *OrderFormat) compile() {
	f.patterns = make([]*regexp.Regexp, len(f.Shapes))
	for i, s := range f.Shapes {
		digits := fmt.Sprintf(`(\d{%d,%d})`, s.MinDigits, s.MaxDigits)
		if s.Prefix == "" {
			// A plain number is an order number only next to a word saying
			// so: "order 123", "order #123", "订单123", "#123".
			f.patterns[i] = regexp.MustCompile(`(?i)(?:(?:order|purchase|parcel|package|订单|单号)\s*(?:number|num|no\.?|id|号|编号)?\s*(?:is\s+|was\s+)?[:：]?\s*#?|#)` + digits + `(?:$|[^0-9.])`)
			continue
		}
		f.patterns[i] = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9])` + regexp.QuoteMeta(s.Prefix) + digits + `(?:$|[^0-9])`)
	}
	if len(f.Shapes) > 0 {
		f.Example = f.Shapes[0].example()
		for _, s := range f.Shapes { // the most specific shape wins; prefer a prefixed one
			if s.Prefix != "" {
				f.Example = s.example()
				break
			}
		}
	}
}

// example makes up a number of this shape.
func (s OrderShape) example() string {
	n := s.MaxDigits
	if s.Padded {
		d := "1234"[:min(n, 4)]
		return s.Prefix + strings.Repeat("0", n-len(d)) + d
	}
	return s.Prefix + "1234567890123456"[:n]
}

// Find returns the order number in text in the shop's format, or "".
func (f *OrderFormat) Find(text string) string {
	if f == nil {
		return ""
	}
	for i, re := range f.patterns {
		if m := re.FindStringSubmatch(text); m != nil {
			return f.Shapes[i].Prefix + m[1]
		}
	}
	// "order 123" in a shop numbering O000123: complete the number.
	if m := reOrderDigits.FindStringSubmatch(text); m != nil {
		return f.complete(m[1])
	}
	return ""
}

var reOrderDigits = regexp.MustCompile(`(?i)(?:order|purchase|订单|单号)\s*(?:number|num|no\.?|id|号|编号)?\s*(?:is\s+|was\s+)?[:：]?\s*#?(\d{1,15})(?:$|[^0-9.])`)

// complete returns the order number that digits stand for in a shop with
// one prefixed format ("123" is O000123 or #123), or "".
func (f *OrderFormat) complete(digits string) string {
	if f == nil || len(f.Shapes) != 1 || f.Shapes[0].Prefix == "" {
		return ""
	}
	s := f.Shapes[0]
	switch {
	case s.Padded && len(digits) <= s.MaxDigits:
		return s.Prefix + strings.Repeat("0", s.MaxDigits-len(digits)) + digits
	case !s.Padded && len(digits) >= s.MinDigits && len(digits) <= s.MaxDigits:
		return s.Prefix + digits
	}
	return ""
}

// Exact returns s (upper-cased, "#" kept when the format has it) when it is
// an order number of one of the shop's shapes, else "".
func (f *OrderFormat) Exact(s string) string {
	if f == nil {
		return ""
	}
	t := strings.ToUpper(s)
	for _, c := range []string{t, strings.TrimPrefix(t, "#")} {
		for _, sh := range f.Shapes {
			if d, ok := strings.CutPrefix(c, sh.Prefix); ok && allDigits(d) && len(d) >= sh.MinDigits && len(d) <= sh.MaxDigits {
				return c
			}
		}
	}
	return ""
}

// Bare reads a message that is only an order number ("123", "#A-1001",
// "o000123"), completing a shortened one; "" when it is not one.
func (f *OrderFormat) Bare(text string) string {
	t := strings.ToUpper(strings.Trim(text, " .。!?"))
	if t == "" || strings.ContainsAny(t, " \t") {
		return ""
	}
	if f != nil {
		if id := f.Exact(t); id != "" {
			return id
		}
		if d := strings.TrimPrefix(t, "#"); allDigits(d) {
			if id := f.complete(d); id != "" {
				return id
			}
		}
	}
	return bareOrderID(strings.TrimPrefix(t, "#"))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// LoadOrderFormat learns the format from up to 2,000 of the store's order
// ids; nil when the store has no orders.
func LoadOrderFormat(ctx context.Context, orders shopmind.OrderLister) (*OrderFormat, error) {
	var ids []string
	for page, err := range shopmind.Pages(ctx, shopmind.ListOrders(orders, shopmind.OrderFilter{})) {
		if err != nil {
			return nil, fmt.Errorf("learn order format: %w", err)
		}
		for _, o := range page {
			ids = append(ids, o.ID)
		}
		if len(ids) >= maxFormatSample {
			break
		}
	}
	return LearnOrderFormat(ids), nil
}

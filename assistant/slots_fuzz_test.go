package assistant

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

var (
	fuzzOrderID = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]*$`)
	fuzzPrice   = regexp.MustCompile(`^\d+(?:\.\d+)?$`)
	fuzzSize    = regexp.MustCompile(`^(?:\d{1,2}(?:\.5)?|XXS|XS|S|M|L|XL|XXL)$`)
)

// fuzzCatalog is a small catalog shaped like the demo shop's.
func fuzzCatalog() *Catalog {
	return NewCatalog([]*shopmind.Item{
		{ID: "p1", Title: "Puma Velocity Nitro 3", Brand: "Puma", Category: []string{"Shoes", "Running"}, Price: 120, Active: true},
		{ID: "n2", Title: "Nike Vomero 17", Brand: "Nike", Category: []string{"Shoes", "Running"}, Price: 150, Active: true},
		{ID: "j1", Title: "Rain Jacket", Brand: "Patagonia", Category: []string{"Clothing", "Jackets"}, Tags: []string{"waterproof"}, Price: 90, Active: true},
		{ID: "s1", Title: "耐克 运动袜", Brand: "Nike", Category: []string{"Clothing", "Socks"}, Price: 12, Active: true},
	})
}

// FuzzExtract feeds arbitrary customer messages to the slot extractor. Every
// slot value must come from the message (a substring of it, of its lower
// or upper case, or a normalisation with a fixed set of values), and have
// the shape its consumers parse: order numbers of letters, digits and
// dashes, finite non-negative prices, quantities from 1 to 999, real dates,
// ordinals from -1 to 19, colours and sizes from their lists, products and
// categories of the catalog.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"where is order A-1001?", "my order number is 11354261", "订单号：B-2040 到哪了",
		"email me at ana.lee@example.com", "nike running shoes under $100 in size 42",
		"jackets between 50 and 120 dollars", "over $200 please", "100元以下的42码耐克跑鞋", "50元以上",
		"a red one in size XL", "那红色的呢", "2 pairs please", "我要两双", "can it arrive tomorrow",
		"deliver on 2026-04-01", "明天能到吗", "the second one", "the last one", "第三个",
		"how much is the Puma Velocity Nitro 3", "tell me about the vomero 17", "yes please cancel it",
		"no, keep it", "是的", "不要了", "order #ab-12345 was late, size 9.5, 3 pieces", "price 10-20",
	} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	cat := fuzzCatalog()
	x := &Extractor{Catalog: cat, Now: func() time.Time { return now }}
	canonColors := map[string]bool{}
	for _, c := range colors {
		canonColors[c] = true
	}
	f.Fuzz(func(t *testing.T, text string) {
		out := x.Extract(text)
		lower, upper := strings.ToLower(text), strings.ToUpper(text)
		for slot, v := range out {
			if v == "" {
				t.Errorf("slot %s is empty", slot)
			}
		}
		if v, ok := out[SlotEmail]; ok && (!strings.Contains(text, v) || !strings.Contains(v, "@")) {
			t.Errorf("email %q is not an address in the message", v)
		}
		if v, ok := out[SlotOrderID]; ok && (!strings.Contains(upper, v) || !fuzzOrderID.MatchString(v)) {
			t.Errorf("order_id %q: not an upper-cased [A-Z0-9-] substring of the message", v)
		}
		if v, ok := out[SlotSize]; ok && (!fuzzSize.MatchString(v) || !strings.Contains(upper, v)) {
			t.Errorf("size %q: not a size named in the message", v)
		}
		for _, slot := range []string{SlotMinPrice, SlotMaxPrice} {
			v, ok := out[slot]
			if !ok {
				continue
			}
			p, err := strconv.ParseFloat(v, 64)
			if !fuzzPrice.MatchString(v) || !strings.Contains(lower, v) || err != nil || math.IsInf(p, 0) {
				t.Errorf("%s %q: not a finite number of the message (%v)", slot, v, err)
			}
		}
		if v, ok := out[SlotQuantity]; ok {
			if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 999 {
				t.Errorf("quantity %q: not an integer from 1 to 999", v)
			}
		}
		if v, ok := out[SlotDate]; ok {
			if _, err := time.Parse("2006-01-02", v); err != nil {
				t.Errorf("date %q: %v", v, err)
			}
		}
		if v, ok := out[SlotOrdinal]; ok {
			if n, err := strconv.Atoi(v); err != nil || n < -1 || n == 0 || n > 19 {
				t.Errorf("ordinal %q: not -1 or 1 to 19", v)
			}
		}
		if v, ok := out[SlotColor]; ok && !canonColors[v] {
			t.Errorf("color %q is not a canonical colour", v)
		}
		if v, ok := out[SlotYesNo]; ok && v != "yes" && v != "no" {
			t.Errorf("yes_no %q", v)
		}
		if v, ok := out[SlotProduct]; ok && cat.Item(v) == nil {
			t.Errorf("product %q is not in the catalog", v)
		}
		if v, ok := out[SlotCategory]; ok {
			if _, known := cat.categories[v]; !known {
				t.Errorf("category %q is not a category of the catalog", v)
			}
		}
	})
}

package recommend

import (
	"testing"

	"github.com/shopmind/shopmind"
)

func TestExclusion(t *testing.T) {
	coffee := &shopmind.Item{ID: "c", Category: []string{"Grocery", "Coffee", "Beans"}}
	grinder := &shopmind.Item{ID: "g", Category: []string{"Kitchen", "Grinders"}}
	x := Exclusion{Events: DefaultExclusion().Events, Repurchasable: []string{" grocery/COFFEE/"}}.Compile()
	bit := typeBit
	for _, tt := range []struct {
		name string
		set  uint16
		it   *shopmind.Item
		want bool
	}{
		{"BoughtDurable", bit(shopmind.EventPurchase), grinder, true},
		{"RatedDurable", bit(shopmind.EventRating) | bit(shopmind.EventView), grinder, true},
		{"ViewedDurable", bit(shopmind.EventView) | bit(shopmind.EventCart) | bit(shopmind.EventLike), grinder, false},
		{"BoughtConsumable", bit(shopmind.EventPurchase) | bit(shopmind.EventRating), coffee, false},
		{"ReturnedConsumable", bit(shopmind.EventPurchase) | bit(shopmind.EventReturn), coffee, true},
		{"DislikedConsumable", bit(shopmind.EventDislike), coffee, true},
		{"BoughtUnknownItem", bit(shopmind.EventPurchase), nil, true},
		{"ParentOnly", bit(shopmind.EventPurchase), &shopmind.Item{Category: []string{"Grocery"}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := x.excludes(tt.set, tt.it); got != tt.want {
				t.Fatalf("excludes(%b, %v) = %v, want %v", tt.set, tt.it, got, tt.want)
			}
		})
	}
	if (Exclusion{Events: []shopmind.EventType{}}).Compile().excludes(bit(shopmind.EventPurchase), grinder) {
		t.Error("an empty event list excludes a purchase")
	}
	for _, tt := range []struct {
		name  string
		x     Exclusion
		field string
	}{
		{"OK", DefaultExclusion(), ""},
		{"ErrEvent", Exclusion{Events: []shopmind.EventType{"bought"}}, "events"},
		{"ErrEmptyPath", Exclusion{Repurchasable: []string{"/"}}, "repurchasable"},
		{"ErrEmptySegment", Exclusion{Repurchasable: []string{"Grocery/ /Coffee"}}, "repurchasable"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.x.Validate(); shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err = %v, want field %q", err, tt.field)
			}
		})
	}
}

package supply

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestAdvise(t *testing.T) {
	var orders []*shopmind.Order
	// a sells 4 a day for 8 weeks; b sells 1 a day; c nothing.
	for k := 0; k < 56; k++ {
		orders = append(orders, &shopmind.Order{ID: "o", Status: shopmind.OrderDelivered, CreatedAt: at(k, 12),
			Lines: []shopmind.OrderLine{line("a", 4), line("b", 1)}})
	}
	items := fixtureItems()
	items[2].CreatedAt = time.Time{}
	d := NewDemand(items, orders, nil, time.Time{})
	o := Options{LeadTime: 5, ServiceLevel: 0.95}
	adv, failed, err := AdviseAll(context.Background(), d, o)
	if err != nil || len(failed) != 0 {
		t.Fatal(err, failed)
	}
	by := map[string]*shopmind.StockAdvice{}
	for _, a := range adv {
		by[a.ItemID] = a
	}
	a, b, c := by["a"], by["b"], by["c"]
	// a: 5 on hand, 20 units over the lead time: reorder, at risk, ~1.25 days of cover.
	if !a.Reorder || !a.AtRisk || a.StockoutRisk < 0.99 || a.DailyDemand < 3.8 || a.DailyDemand > 4.2 {
		t.Errorf("a: %+v", a)
	}
	if a.DaysOfCover < 1.1 || a.DaysOfCover > 1.4 || a.ReorderPoint < 19 || a.OrderQuantity < a.ReorderPoint-5 {
		t.Errorf("a: cover %g rop %g qty %g", a.DaysOfCover, a.ReorderPoint, a.OrderQuantity)
	}
	// b: back-ordered, counted as 0 on hand, with a note.
	if !b.AtRisk || len(b.Notes) == 0 || !strings.Contains(b.Notes[len(b.Notes)-1], "back-ordered") {
		t.Errorf("b: %+v", b)
	}
	// c: no demand: nothing to do, cover unbounded.
	if c.Reorder && c.OrderQuantity > 0 || c.AtRisk || c.DaysOfCover != -1 || c.Method != "zero" {
		t.Errorf("c: %+v", c)
	}
	if adv[len(adv)-1].ItemID != "c" {
		t.Errorf("advice not sorted by risk: last is %s", adv[len(adv)-1].ItemID)
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		o     Options
		field string
	}{
		{Options{}, ""},
		{Options{LeadTime: -1}, "lead_time_days"},
		{Options{ServiceLevel: 1}, "service_level"},
		{Options{Level: -0.2}, "level"},
		{Options{ReviewPeriod: -3}, "review_period_days"},
	}
	for _, tt := range tests {
		if got := shopmind.ErrorField(tt.o.Validate()); got != tt.field {
			t.Errorf("%+v: field %q, want %q", tt.o, got, tt.field)
		}
	}
}

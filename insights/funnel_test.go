package insights

import (
	"testing"

	"github.com/shopmind/shopmind"
)

func ev(user, session, item string, typ shopmind.EventType, minute int) *shopmind.Event {
	return &shopmind.Event{UserID: user, SessionID: session, ItemID: item, Type: typ, Time: at(0).Add(timeMinutes(minute))}
}

func TestFunnelCounter(t *testing.T) {
	V, C, P := shopmind.EventView, shopmind.EventCart, shopmind.EventPurchase
	events := []*shopmind.Event{
		ev("u1", "s1", "a", V, 1), ev("u1", "s1", "a", C, 2), ev("u1", "s2", "a", P, 3), // full funnel (across sessions)
		ev("u2", "s3", "a", V, 1), ev("u2", "s3", "b", C, 2), // cart on another item: view only
		ev("u3", "s4", "b", C, 1), ev("u3", "s4", "b", V, 2), // cart before view: view only
		ev("u4", "s5", "c", V, 1), ev("u4", "s5", "c", C, 2), // view, cart
		ev("u5", "s6", "a", shopmind.EventRating, 1), // not a funnel event
	}
	tests := []struct {
		name  string
		unit  string
		keep  func(string) bool
		count []int
	}{
		{"users", "user", nil, []int{4, 2, 1}},
		{"sessions", "session", nil, []int{4, 2, 0}},
		{"item a", "user", func(id string) bool { return id == "a" }, []int{2, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := NewFunnelCounter(tt.unit, tt.keep)
			for _, e := range events {
				fc.Add(e)
			}
			f := fc.Result()
			for i, want := range tt.count {
				if f.Steps[i].Count != want {
					t.Errorf("step %s = %d, want %d", f.Steps[i].Step, f.Steps[i].Count, want)
				}
			}
			if tt.count[0] > 0 && (f.Steps[0].Rate != 1 || f.Steps[1].Rate != float64(tt.count[1])/float64(tt.count[0])) {
				t.Errorf("rates %+v", f.Steps)
			}
		})
	}
}

func TestComputeCohorts(t *testing.T) {
	D := shopmind.OrderDelivered
	orders := []*shopmind.Order{
		order("1", "u1", 0, 10, D, "a"),  // Jan cohort
		order("2", "u2", 5, 20, D, "a"),  // Jan cohort
		order("3", "u1", 40, 30, D, "a"), // u1 back in Feb
		order("4", "u3", 45, 40, D, "a"), // Feb cohort
		order("5", "u2", 70, 50, D, "b"), // u2 back in Mar
		order("6", "u2", 75, 60, shopmind.OrderRefunded, "b"),
	}
	h := fixture(orders, nil, at(80))
	c := ComputeCohorts(h, at(80), 3)
	if len(c.Cohorts) != 3 {
		t.Fatalf("%d cohorts, want 3", len(c.Cohorts))
	}
	jan, feb, mar := c.Cohorts[0], c.Cohorts[1], c.Cohorts[2]
	if jan.Month != "2026-01" || jan.Customers != 2 || len(jan.Retention) != 3 {
		t.Fatalf("jan = %+v", jan)
	}
	want := []float64{1, 0.5, 0.5}
	for k := range want {
		if jan.Retention[k] != want[k] {
			t.Errorf("jan retention[%d] = %g, want %g", k, jan.Retention[k], want[k])
		}
	}
	if jan.Revenue[0] != 30 || jan.Revenue[1] != 30 || jan.Revenue[2] != 50 {
		t.Errorf("jan revenue %v, want [30 30 50]", jan.Revenue)
	}
	if feb.Customers != 1 || len(feb.Retention) != 2 || mar.Customers != 0 || len(mar.Retention) != 1 {
		t.Errorf("feb %+v mar %+v", feb, mar)
	}
}

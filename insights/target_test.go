package insights

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestTargetsLiftDemo checks targeting on a time split: customers ranked
// with data before a cutoff must buy the category in the next 30 days
// clearly more often than the customer base does.
func TestTargetsLiftDemo(t *testing.T) {
	full := demoHistory(t)
	cut := full.End.AddDate(0, 0, -30)
	var orders []*shopmind.Order
	for _, o := range demoShop.Orders {
		if o.CreatedAt.Before(cut) {
			orders = append(orders, o)
		}
	}
	var events []*shopmind.Event
	for _, e := range demoShop.Events {
		if e.Time.Before(cut) {
			events = append(events, e)
		}
	}
	past := NewHistory(demoShop.Items, orders, events, cut)
	cs, idx := ComputeRFM(past, cut)
	m, _, err := TrainChurn(context.Background(), past, ChurnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m.Score(past, cut, cs, idx)
	cat := demoShop.Items[0].Category[0]
	weight := func(i int32) float64 {
		if InCategory(past.Items[i], cat) {
			return 1
		}
		return 0
	}
	tl := RankTargets(past, cs, idx, TargetOptions{AsOf: cut, Limit: 100, Weight: weight})
	if len(tl.Targets) != 100 || tl.ExpectedUplift <= 0 {
		t.Fatalf("%d targets, expected uplift %g", len(tl.Targets), tl.ExpectedUplift)
	}
	// Who actually bought the category in the 30 days after the cut?
	bought := map[string]bool{}
	for _, o := range demoShop.Orders {
		if o.CreatedAt.Before(cut) || !Counted(o.Status) {
			continue
		}
		for _, l := range o.Lines {
			if i, ok := full.ItemIndex(l.ItemID); ok && InCategory(full.Items[i], cat) {
				bought[o.UserID] = true
			}
		}
	}
	var hit int
	for _, tg := range tl.Targets {
		if bought[tg.UserID] {
			hit++
		}
	}
	var base int
	for _, c := range cs {
		if bought[c.UserID] {
			base++
		}
	}
	precision, rate := float64(hit)/100, float64(base)/float64(len(cs))
	t.Logf("category %s: precision@100 %.2f, base rate %.3f, lift %.1f, predicted %.1f buyers", cat, precision, rate, precision/rate, tl.ExpectedBuyers)
	if precision < 2*rate {
		t.Errorf("precision@100 %.2f is not twice the base rate %.3f", precision, rate)
	}
	for i := 1; i < len(tl.Targets); i++ {
		if tl.Targets[i].Probability > tl.Targets[i-1].Probability {
			t.Fatalf("targets not sorted at %d", i)
		}
	}

}

package overview

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
)

// sales are the order totals of the period and the one before it.
type sales struct {
	currency          string
	current, previous shopmind.OverviewTotals
	days              []shopmind.OverviewDay
}

// counted reports whether an order in status st counts as a sale (as
// insights counts purchases): not cancelled, returned or refunded.
func counted(st shopmind.OrderStatus) bool {
	return st != shopmind.OrderCancelled && st != shopmind.OrderReturned && st != shopmind.OrderRefunded
}

// readOrders reads the orders created in [prevFrom, to) and sums the
// counted ones of [from, to) and of [prevFrom, from), in the currency of
// most of them.
func readOrders(ctx context.Context, st shopmind.OrderLister, prevFrom, from, to time.Time) (*sales, error) {
	var orders []*shopmind.Order
	for o, err := range shopmind.All(ctx, shopmind.ListOrders(st, shopmind.OrderFilter{CreatedFrom: prevFrom, CreatedTo: to})) {
		if err != nil {
			return nil, err
		}
		if counted(o.Status) && !o.CreatedAt.Before(prevFrom) && o.CreatedAt.Before(to) {
			orders = append(orders, o)
		}
	}
	// The currency of most orders of both periods, so that both are in one.
	byCur := map[string]int{}
	for _, o := range orders {
		byCur[o.Currency]++
	}
	s := &sales{}
	best := -1
	for c, k := range byCur {
		if k > best || (k == best && c < s.currency) {
			s.currency, best = c, k
		}
	}
	index := map[string]int{}
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		if _, ok := index[day]; !ok {
			index[day] = len(s.days)
			s.days = append(s.days, shopmind.OverviewDay{Day: day})
		}
	}
	if last := to.Add(-time.Nanosecond).Format(time.DateOnly); len(s.days) > 0 {
		if _, ok := index[last]; !ok {
			index[last] = len(s.days)
			s.days = append(s.days, shopmind.OverviewDay{Day: last})
		}
	}
	inCur := [2]int{}
	for _, o := range orders {
		t, p := &s.current, 0
		if o.CreatedAt.Before(from) {
			t, p = &s.previous, 1
		}
		t.Orders++
		if o.Currency != s.currency {
			t.OtherCurrencyOrders++
			continue
		}
		t.Revenue += o.Total
		inCur[p]++
		if p == 0 {
			d := &s.days[index[o.CreatedAt.UTC().Format(time.DateOnly)]]
			d.Revenue += o.Total
			d.Orders++
		}
	}
	if inCur[0] > 0 {
		s.current.AverageOrder = s.current.Revenue / float64(inCur[0])
	}
	if inCur[1] > 0 {
		s.previous.AverageOrder = s.previous.Revenue / float64(inCur[1])
	}
	return s, nil
}

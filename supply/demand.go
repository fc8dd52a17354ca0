package supply

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

const day = 24 * time.Hour

// Demand is daily unit demand per item over [Start, Start+Days).
type Demand struct {
	Start time.Time // UTC midnight of the first day
	Days  int
	Items []*shopmind.Item
	// Units[i][d] is what item i sold on day d.
	Units [][]float64
	// Source is "orders" or "purchase events".
	Source string

	idx map[string]int
}

// counted reports whether an order in status s is demand.
func counted(s shopmind.OrderStatus) bool {
	return s != shopmind.OrderCancelled && s != shopmind.OrderRefunded && s != shopmind.OrderReturned
}

// NewDemand builds daily demand from orders, or from purchase events when
// there are no orders, up to end (exclusive; zero means the day after the
// last sale). Lines of unknown items are ignored.
func NewDemand(items []*shopmind.Item, orders []*shopmind.Order, events []*shopmind.Event, end time.Time) *Demand {
	d := &Demand{Items: items, idx: make(map[string]int, len(items)), Source: "orders"}
	for i, it := range items {
		d.idx[it.ID] = i
	}
	type sale struct {
		item int
		at   time.Time
		qty  float64
	}
	var sales []sale
	for _, o := range orders {
		if !counted(o.Status) {
			continue
		}
		for _, l := range o.Lines {
			if i, ok := d.idx[l.ItemID]; ok {
				sales = append(sales, sale{i, o.CreatedAt, float64(l.Quantity)})
			}
		}
	}
	if len(orders) == 0 {
		d.Source = "purchase events"
		for _, e := range events {
			if e.Type != shopmind.EventPurchase {
				continue
			}
			if i, ok := d.idx[e.ItemID]; ok {
				q := e.Value
				if q <= 0 {
					q = 1
				}
				sales = append(sales, sale{i, e.Time, q})
			}
		}
	}
	var first, last time.Time
	for _, s := range sales {
		if first.IsZero() || s.at.Before(first) {
			first = s.at
		}
		if s.at.After(last) {
			last = s.at
		}
	}
	if len(sales) == 0 {
		d.Units = make([][]float64, len(items))
		if !end.IsZero() {
			d.Start = end.UTC().Truncate(day)
		}
		return d
	}
	d.Start = first.UTC().Truncate(day)
	if end.IsZero() {
		end = last.UTC().Truncate(day).Add(day)
	}
	d.Days = max(0, int(end.Sub(d.Start)/day))
	d.Units = make([][]float64, len(items))
	for i := range d.Units {
		d.Units[i] = make([]float64, d.Days)
	}
	for _, s := range sales {
		k := int(s.at.UTC().Sub(d.Start) / day)
		if k >= 0 && k < d.Days {
			d.Units[s.item][k] += s.qty
		}
	}
	return d
}

// End returns the first day after the data.
func (d *Demand) End() time.Time { return d.Start.Add(time.Duration(d.Days) * day) }

// Item returns the index of an item id.
func (d *Demand) Item(id string) (int, bool) { i, ok := d.idx[id]; return i, ok }

// firstDay is the first day of item i's series: its creation day, or the
// first day of data, whichever is later.
func (d *Demand) firstDay(i int) int {
	c := d.Items[i].CreatedAt
	if c.IsZero() || !c.After(d.Start) {
		return 0
	}
	return min(d.Days, int(c.UTC().Truncate(day).Sub(d.Start)/day))
}

// Series returns item i's demand in buckets: the first day of each bucket
// and the units sold. Weekly buckets start on Monday; partial weeks at
// either end are dropped.
func (d *Demand) Series(i int, b shopmind.DemandBucket) ([]time.Time, []float64) {
	from := d.firstDay(i)
	return d.bucket(d.Units[i][from:], d.Start.Add(time.Duration(from)*day), b)
}

// CategorySeries sums the demand of the items whose category path starts
// with the "/"-separated prefix. It returns ENOTFOUND when no item does.
func (d *Demand) CategorySeries(prefix string, b shopmind.DemandBucket) ([]time.Time, []float64, error) {
	sum := make([]float64, d.Days)
	n := 0
	for i, it := range d.Items {
		if !inCategory(it, prefix) {
			continue
		}
		n++
		for k, v := range d.Units[i] {
			sum[k] += v
		}
	}
	if n == 0 {
		return nil, nil, shopmind.Errorf(shopmind.ENOTFOUND, "no items in category %q", prefix)
	}
	dates, vals := d.bucket(sum, d.Start, b)
	return dates, vals, nil
}

func (d *Demand) bucket(daily []float64, start time.Time, b shopmind.DemandBucket) ([]time.Time, []float64) {
	if b != shopmind.BucketWeek {
		dates := make([]time.Time, len(daily))
		for k := range dates {
			dates[k] = start.Add(time.Duration(k) * day)
		}
		return dates, append([]float64(nil), daily...)
	}
	skip := (8 - int(start.Weekday())) % 7 // days to the first Monday
	var dates []time.Time
	var vals []float64
	for k := skip; k+7 <= len(daily); k += 7 {
		var s float64
		for _, v := range daily[k : k+7] {
			s += v
		}
		dates = append(dates, start.Add(time.Duration(k)*day))
		vals = append(vals, s)
	}
	return dates, vals
}

// inCategory reports whether an item's category path starts with the
// "/"-separated prefix, level by level, case-insensitively.
func inCategory(it *shopmind.Item, prefix string) bool {
	want := strings.Split(strings.Trim(prefix, "/"), "/")
	if len(want) > len(it.Category) {
		return false
	}
	for i, w := range want {
		if !strings.EqualFold(strings.TrimSpace(w), it.Category[i]) {
			return false
		}
	}
	return true
}

// LoadDemand reads items and orders (purchase events when there are no
// orders) from the store.
func LoadDemand(ctx context.Context, s shopmind.Store) (*Demand, error) {
	items, err := readAll(ctx, func(after string) ([]*shopmind.Item, string, error) {
		return s.Items(ctx, shopmind.ItemFilter{After: after, Limit: shopmind.MaxLimit})
	})
	if err != nil {
		return nil, fmt.Errorf("read items: %w", err)
	}
	orders, err := readAll(ctx, func(after string) ([]*shopmind.Order, string, error) {
		return s.Orders(ctx, shopmind.OrderFilter{After: after, Limit: shopmind.MaxLimit})
	})
	if err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	var events []*shopmind.Event
	if len(orders) == 0 {
		events, err = readAll(ctx, func(after string) ([]*shopmind.Event, string, error) {
			return s.Events(ctx, shopmind.EventFilter{Type: shopmind.EventPurchase, After: after, Limit: shopmind.MaxLimit})
		})
		if err != nil {
			return nil, fmt.Errorf("read purchase events: %w", err)
		}
	}
	return NewDemand(items, orders, events, time.Time{}), nil
}

// readAll pages through a list call until its cursor is empty.
func readAll[T any](ctx context.Context, page func(after string) ([]T, string, error)) ([]T, error) {
	var out []T
	after := ""
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		xs, next, err := page(after)
		if err != nil {
			return nil, err
		}
		out = append(out, xs...)
		if next == "" || len(xs) == 0 {
			return out, nil
		}
		after = next
	}
}

package insights

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// LoadOptions limits what Load reads.
type LoadOptions struct {
	// ActivityDays is how many days of views and carts before the end of
	// the data to read (default 240: enough for the churn features at the
	// training cutoffs).
	ActivityDays int
	// Latest leaves out orders and events dated after it: their clock or
	// year is wrong (a far-future date would become the end of the data,
	// the "now" every recency is measured from). Zero keeps everything.
	Latest time.Time
}

// Load reads items, orders and recent views and carts from the store,
// up to opt.Latest when set.
//
// It reads page by page and keeps only what History holds: trimmed item
// copies (no description, attributes or images; category paths shared),
// orders reduced to indexes, and activity with interned event types. So
// neither the store's full items nor its events stay alive after a page,
// and a snapshot retains a few compact arrays. The result equals
// NewHistory over the same data.
func Load(ctx context.Context, s shopmind.InsightsStore, opt LoadOptions) (*History, error) {
	if opt.ActivityDays <= 0 {
		opt.ActivityDays = 240
	}
	h := &History{userIdx: map[string]int32{}, itemIdx: map[string]int32{}}
	cats := map[string][]string{}
	for items, err := range shopmind.Pages(ctx, shopmind.ListItems(s, shopmind.ItemFilter{})) {
		if err != nil {
			return nil, fmt.Errorf("read items: %w", err)
		}
		for _, it := range items {
			h.itemIdx[it.ID] = int32(len(h.Items))
			h.Items = append(h.Items, trimItem(it, cats))
		}
	}
	// Order lines share one backing array per page of orders.
	var last time.Time
	var cur currencies
	for orders, err := range shopmind.Pages(ctx, shopmind.ListOrders(s, shopmind.OrderFilter{})) {
		if err != nil {
			return nil, fmt.Errorf("read orders: %w", err)
		}
		if !opt.Latest.IsZero() {
			orders = slices.DeleteFunc(orders, func(o *shopmind.Order) bool { return o.CreatedAt.After(opt.Latest) })
		}
		n := 0
		for _, o := range orders {
			if o.CreatedAt.After(last) {
				last = o.CreatedAt
			}
			if Counted(o.Status) {
				n += len(o.Lines)
			}
		}
		lines := make([]Line, 0, n)
		for _, o := range orders {
			if !Counted(o.Status) {
				continue
			}
			cur.add(o.Currency)
			from := len(lines)
			for _, l := range o.Lines {
				if i, ok := h.itemIdx[l.ItemID]; ok {
					lines = append(lines, Line{Item: i, Quantity: l.Quantity, Price: l.UnitPrice})
				}
			}
			ho := Order{User: h.user(o.UserID), Time: o.CreatedAt, Total: o.Total}
			if len(lines) > from {
				ho.Lines = lines[from:len(lines):len(lines)]
			}
			h.Orders = append(h.Orders, ho)
		}
	}
	// NewHistory's end: just after the last counted order or activity.
	var end time.Time
	for _, o := range h.Orders {
		if o.Time.After(end) {
			end = o.Time
		}
	}
	if !last.IsZero() {
		since := last.AddDate(0, 0, -opt.ActivityDays)
		var until time.Time // exclusive: events at Latest itself are kept
		if !opt.Latest.IsZero() {
			until = opt.Latest.Add(time.Nanosecond)
		}
		for _, t := range []shopmind.EventType{shopmind.EventView, shopmind.EventCart} {
			for events, err := range shopmind.Pages(ctx, shopmind.ListEvents(s, shopmind.EventFilter{Type: t, Since: since, Until: until})) {
				if err != nil {
					return nil, fmt.Errorf("read %s events: %w", t, err)
				}
				for _, e := range events {
					if e.Type != shopmind.EventView && e.Type != shopmind.EventCart {
						continue
					}
					i, ok := h.itemIdx[e.ItemID]
					if !ok {
						continue
					}
					h.Activity = append(h.Activity, Activity{User: h.user(e.UserID), Item: i, Type: t, Time: e.Time})
					if e.Time.After(end) {
						end = e.Time
					}
				}
			}
		}
	}
	if end.IsZero() {
		// No orders (a store imported from ratings, say): the data still
		// ends with its last event, not at the zero time.
		span, err := s.EventSpan(ctx)
		if err != nil {
			return nil, fmt.Errorf("read event span: %w", err)
		}
		end = span.Last
		if !opt.Latest.IsZero() && end.After(opt.Latest) {
			if end, err = lastEventBy(ctx, s, opt.Latest); err != nil {
				return nil, err
			}
		}
	}
	h.Orders, h.Activity = slices.Clip(h.Orders), slices.Clip(h.Activity)
	sort.SliceStable(h.Orders, func(a, b int) bool { return h.Orders[a].Time.Before(h.Orders[b].Time) })
	sort.SliceStable(h.Activity, func(a, b int) bool { return h.Activity[a].Time.Before(h.Activity[b].Time) })
	h.End = end.Add(time.Second)
	h.Currency = cur.most()
	return h, nil
}

// lastEventBy returns the time of the newest event at or before latest
// (zero without one): the last day with events by then, read in full.
func lastEventBy(ctx context.Context, s shopmind.InsightsStore, latest time.Time) (time.Time, error) {
	until := latest.Add(time.Nanosecond)
	days, err := s.EventsPerDay(ctx, time.Time{}, until)
	if err != nil {
		return time.Time{}, fmt.Errorf("read events per day: %w", err)
	}
	if len(days) == 0 {
		return time.Time{}, nil
	}
	day, err := time.Parse(time.DateOnly, days[len(days)-1].Day)
	if err != nil {
		return time.Time{}, fmt.Errorf("read events per day: %w", err)
	}
	var last time.Time
	for events, err := range shopmind.Pages(ctx, shopmind.ListEvents(s, shopmind.EventFilter{Since: day, Until: until})) {
		if err != nil {
			return time.Time{}, fmt.Errorf("read the last events: %w", err)
		}
		if n := len(events); n > 0 {
			last = events[n-1].Time
		}
	}
	return last, nil
}

// trimItem copies the fields insights read from an item (ID, Title,
// Category, Brand, Price, Currency, Stock, Active, CreatedAt), sharing
// equal category paths through cats.
func trimItem(it *shopmind.Item, cats map[string][]string) *shopmind.Item {
	key := strings.Join(it.Category, "/")
	cat, ok := cats[key]
	if !ok {
		cat = slices.Clip(slices.Clone(it.Category))
		cats[key] = cat
	}
	return &shopmind.Item{ID: it.ID, Title: it.Title, Category: cat, Brand: it.Brand, Price: it.Price,
		Currency: it.Currency, Stock: it.Stock, Active: it.Active, CreatedAt: it.CreatedAt}
}

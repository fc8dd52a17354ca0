package supply

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// loadPromotions reads the shop's whole calendar of promotions and holidays.
func loadPromotions(ctx context.Context, s shopmind.PromotionLister) ([]*shopmind.Promotion, error) {
	var out []*shopmind.Promotion
	for ps, err := range shopmind.Pages(ctx, shopmind.ListPromotions(s, shopmind.PromotionFilter{})) {
		if err != nil {
			return nil, fmt.Errorf("read promotions: %w", err)
		}
		out = append(out, ps...)
	}
	return out, nil
}

// eventLabel is the forecast event label of a promotion: holidays by name,
// so that next year's "Black Friday" gets this year's effect, and every
// sale under one label, "promotion", whose effect is the item's typical
// lift during sales.
func eventLabel(p *shopmind.Promotion) string {
	if p.Kind == shopmind.KindHoliday {
		return "holiday:" + p.Name
	}
	return string(shopmind.KindPromotion)
}

// labels returns the event label of each of n days from start (a UTC
// midnight) under the promotions that cover applies to, "" for a normal
// day; holidays win over sales on a day with both. It returns nil when no
// such promotion touches those days.
func labels(ps []*shopmind.Promotion, covers func(*shopmind.Promotion) bool, start time.Time, n int) []string {
	var out []string
	eachDay(ps, covers, start, n, func(k int, p *shopmind.Promotion) {
		if out == nil {
			out = make([]string, n)
		}
		if out[k] == "" || (p.Kind == shopmind.KindHoliday && !strings.HasPrefix(out[k], "holiday:")) {
			out[k] = eventLabel(p)
		}
	})
	return out
}

// names returns, for each of n days from start, the names of the
// promotions cover applies to, joined by ", "; nil when there are none.
func names(ps []*shopmind.Promotion, covers func(*shopmind.Promotion) bool, start time.Time, n int) []string {
	var out []string
	eachDay(ps, covers, start, n, func(k int, p *shopmind.Promotion) {
		if out == nil {
			out = make([]string, n)
		}
		if out[k] != "" {
			out[k] += ", "
		}
		out[k] += p.Name
	})
	return out
}

// eachDay calls fn for every day k of the n days from start on which a
// promotion cover applies to runs, in the promotions' order.
func eachDay(ps []*shopmind.Promotion, covers func(*shopmind.Promotion) bool, start time.Time, n int, fn func(k int, p *shopmind.Promotion)) {
	if n <= 0 {
		return
	}
	end := start.AddDate(0, 0, n-1)
	for _, p := range ps {
		if shopmind.Day(p.End).Before(start) || shopmind.Day(p.Start).After(end) || !covers(p) {
			continue
		}
		from := max(0, int(shopmind.Day(p.Start).Sub(start)/day))
		to := min(n-1, int(shopmind.Day(p.End).Sub(start)/day))
		for k := from; k <= to; k++ {
			fn(k, p)
		}
	}
}

// covering returns the test of which promotions apply to a forecast: an
// item's (when item >= 0), or a category's: the promotions of the whole
// shop and of the category or a parent.
func (d *Demand) covering(item int, category string) func(*shopmind.Promotion) bool {
	probe := &shopmind.Item{Category: shopmind.ParseCategory(category)}
	if item >= 0 {
		probe = d.Items[item]
	}
	return func(p *shopmind.Promotion) bool { return p.Covers(probe) }
}

// itemLabels returns item i's event labels for n days from start.
func (d *Demand) itemLabels(i int, start time.Time, n int) []string {
	return labels(d.Promotions, d.covering(i, ""), start, n)
}

package supply

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// loadPromotions reads the shop's whole calendar of promotions and holidays.
func loadPromotions(ctx context.Context, s shopmind.PromotionService) ([]*shopmind.Promotion, error) {
	var out []*shopmind.Promotion
	err := eachPage(ctx, func(after string) ([]*shopmind.Promotion, string, error) {
		return s.Promotions(ctx, shopmind.PromotionFilter{After: after, Limit: shopmind.MaxLimit})
	}, func(ps []*shopmind.Promotion) { out = append(out, ps...) })
	if err != nil {
		return nil, fmt.Errorf("read promotions: %w", err)
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
	end := start.AddDate(0, 0, n-1)
	for _, p := range ps {
		if n <= 0 || shopmind.Day(p.End).Before(start) || shopmind.Day(p.Start).After(end) || !covers(p) {
			continue
		}
		if out == nil {
			out = make([]string, n)
		}
		l := eventLabel(p)
		from := max(0, int(shopmind.Day(p.Start).Sub(start)/day))
		to := min(n-1, int(shopmind.Day(p.End).Sub(start)/day))
		for k := from; k <= to; k++ {
			if out[k] == "" || (p.Kind == shopmind.KindHoliday && !strings.HasPrefix(out[k], "holiday:")) {
				out[k] = l
			}
		}
	}
	return out
}

// itemLabels returns item i's event labels for n days from start.
func (d *Demand) itemLabels(i int, start time.Time, n int) []string {
	it := d.Items[i]
	return labels(d.Promotions, func(p *shopmind.Promotion) bool { return p.Covers(it) }, start, n)
}

// categoryLabels returns the event labels of a category's demand: the
// promotions of the whole shop and of the category or a parent of it.
func (d *Demand) categoryLabels(prefix string, start time.Time, n int) []string {
	probe := &shopmind.Item{Category: shopmind.ParseCategory(prefix)}
	return labels(d.Promotions, func(p *shopmind.Promotion) bool { return p.Covers(probe) }, start, n)
}

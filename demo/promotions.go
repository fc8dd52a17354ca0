package demo

import (
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// calendar returns the promotions the simulation ran, as the shop's
// calendar: every Black Friday week (24-30 November, 20% off the whole shop)
// that overlaps the history, and each department's five-day promotions.
func (w *world) calendar() []*shopmind.Promotion {
	var out []*shopmind.Promotion
	for y := w.start.Year(); y <= w.end.Year(); y++ {
		start := time.Date(y, time.November, 24, 0, 0, 0, 0, time.UTC)
		end := time.Date(y, time.November, 30, 0, 0, 0, 0, time.UTC)
		if end.Before(w.start) || !start.Before(w.end) {
			continue
		}
		out = append(out, &shopmind.Promotion{ID: fmt.Sprintf("black-friday-%d", y), Name: "Black Friday",
			Kind: shopmind.KindHoliday, Start: start, End: end})
	}
	deps := departments()
	for _, p := range w.promos {
		if !p.start.Before(w.end) {
			continue
		}
		name := deps[p.dept].name
		out = append(out, &shopmind.Promotion{ID: fmt.Sprintf("promo-%s", p.start.Format("2006-01-02")),
			Name: fmt.Sprintf("%s: %.0f%% off", name, 100*p.discount), Kind: shopmind.KindPromotion,
			Start: p.start, End: p.end.Add(-24 * time.Hour), Categories: []string{name}})
	}
	return out
}

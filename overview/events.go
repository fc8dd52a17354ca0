package overview

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
)

// visitKey names the visit an event belongs to: its session, or its user's
// UTC day when it has no session id.
func visitKey(e *shopmind.Event) string {
	if e.SessionID != "" {
		return "s\x00" + e.SessionID
	}
	return "u\x00" + e.UserID + "\x00" + e.Time.UTC().Format(time.DateOnly)
}

// period tallies the events of one period.
type period struct {
	viewed, bought map[string]bool // visit keys
	value          float64         // of every purchase event
	recValue       float64         // of the purchases that followed a recommendation
	recPurchases   int
}

func newPeriod() *period { return &period{viewed: map[string]bool{}, bought: map[string]bool{}} }

func (p *period) totals(t *shopmind.OverviewTotals) {
	t.Visits = len(p.viewed)
	for k := range p.bought {
		if p.viewed[k] {
			t.Converted++
		}
	}
	if t.Visits > 0 {
		t.Conversion = float64(t.Converted) / float64(t.Visits)
	}
	t.RecommendedRevenue = p.recValue
	t.RecommendedPurchases = p.recPurchases
	if p.value > 0 {
		t.RecommendedShare = p.recValue / p.value
	}
}

// readEvents reads the events of both periods (and the attribution window
// before them) in time order, as the store lists them, and fills in the
// visits, conversion and recommended revenue of ov and ov.Previous, telling
// progress how far through the periods it has read.
func (s *Service) readEvents(ctx context.Context, prevFrom, from, to time.Time, ov *shopmind.Overview, progress func(float64)) error {
	since := prevFrom.Add(-shopmind.RecommendationWindow)
	span, read := float64(to.Sub(since)), 0
	cur, prev := newPeriod(), newPeriod()
	touched := map[[2]string]time.Time{} // (user, item) -> last click or view from a recommendation
	prices := map[string]float64{}
	price := func(id string) (float64, error) {
		if p, ok := prices[id]; ok {
			return p, nil
		}
		it, err := s.Store.Item(ctx, id)
		if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			prices[id] = 0
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		prices[id] = it.Price
		return it.Price, nil
	}
	for e, err := range shopmind.All(ctx, shopmind.ListEvents(s.Store, shopmind.EventFilter{Since: since, Until: to})) {
		if err != nil {
			return err
		}
		// Progress by the time of the events read, every page.
		if read++; read%shopmind.MaxLimit == 0 {
			progress(progressOrders + (progressEvents-progressOrders)*float64(e.Time.Sub(since))/span)
		}
		key := [2]string{e.UserID, e.ItemID}
		if e.RecommendationID != "" && e.UserID != "" && (e.Type == shopmind.EventClick || e.Type == shopmind.EventView) {
			touched[key] = e.Time
		}
		if e.Time.Before(prevFrom) {
			continue
		}
		p := cur
		if e.Time.Before(from) {
			p = prev
		}
		switch e.Type {
		case shopmind.EventView:
			p.viewed[visitKey(e)] = true
		case shopmind.EventPurchase:
			p.bought[visitKey(e)] = true
			pr, err := price(e.ItemID)
			if err != nil {
				return err
			}
			q := e.Value
			if q <= 0 {
				q = 1
			}
			p.value += q * pr
			last, ok := touched[key]
			if e.RecommendationID != "" || (ok && e.UserID != "" && !e.Time.Before(last) && e.Time.Sub(last) <= shopmind.RecommendationWindow) {
				p.recValue += q * pr
				p.recPurchases++
			}
		}
	}
	cur.totals(&ov.OverviewTotals)
	prev.totals(&ov.Previous)
	return nil
}

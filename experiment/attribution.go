package experiment

import (
	"sort"
	"time"

	"github.com/shopmind/shopmind"
)

// Tally is what one variant's exposed users did, with the per-user revenue
// the t-tests need.
type Tally struct {
	Variant    string
	Exposures  int
	Clicks     int // exposures with at least one attributed click
	Purchases  int
	Revenue    float64
	Converters int
	// UserRevenue is the attributed revenue of every exposed user, zero
	// included.
	UserRevenue map[string]float64
}

// Attributor assigns events to the exposures that preceded them and tallies
// them per variant. Add every exposure first, then every event.
type Attributor struct {
	window time.Duration
	price  func(itemID string) float64

	byRec    map[string]*exposure
	byUser   map[string][]*exposure // in time order once sorted
	variant  map[string]string      // user -> the first variant they were exposed to
	tallies  map[string]*Tally
	order    []string
	sorted   bool
	seen     map[string]bool // event ids counted
	clicked  map[string]bool // recommendation ids with a click
	bought   map[string]bool // users with an attributed purchase
	mixed    int
	unmapped int
}

type exposure struct {
	*shopmind.Exposure
	items map[string]bool
}

// NewAttributor returns an attributor for the experiment's variants, its
// attribution window and a price lookup (revenue is quantity × price).
func NewAttributor(e *shopmind.Experiment, price func(itemID string) float64) *Attributor {
	a := &Attributor{window: e.Window(), price: price, byRec: map[string]*exposure{}, byUser: map[string][]*exposure{},
		variant: map[string]string{}, tallies: map[string]*Tally{}, seen: map[string]bool{}, clicked: map[string]bool{},
		bought: map[string]bool{}}
	for _, v := range e.Variants {
		a.tallies[v.Name] = &Tally{Variant: v.Name, UserRevenue: map[string]float64{}}
		a.order = append(a.order, v.Name)
	}
	return a
}

// AddExposure records an exposure. Exposures of a variant the experiment
// does not have are ignored; a user exposed to several variants (after a
// change of shares) counts in the first one only, so that groups stay
// disjoint.
func (a *Attributor) AddExposure(x *shopmind.Exposure) {
	t, ok := a.tallies[x.Variant]
	if !ok {
		a.unmapped++
		return
	}
	if v, ok := a.variant[x.UserID]; ok && v != x.Variant {
		a.mixed++
		return
	} else if !ok {
		a.variant[x.UserID] = x.Variant
		t.UserRevenue[x.UserID] = 0
	}
	t.Exposures++
	ex := &exposure{Exposure: x, items: make(map[string]bool, len(x.ItemIDs))}
	for _, id := range x.ItemIDs {
		ex.items[id] = true
	}
	a.byRec[x.RecommendationID] = ex
	a.byUser[x.UserID] = append(a.byUser[x.UserID], ex)
	a.sorted = false
}

// AddEvent attributes a click or purchase event, if it follows an exposure,
// and reports whether it did. Other event types are ignored.
func (a *Attributor) AddEvent(ev *shopmind.Event) bool {
	if ev.Type != shopmind.EventClick && ev.Type != shopmind.EventPurchase {
		return false
	}
	if a.seen[ev.ID] {
		return false
	}
	x := a.match(ev)
	if x == nil {
		return false
	}
	a.seen[ev.ID] = true
	t := a.tallies[x.Variant]
	switch ev.Type {
	case shopmind.EventClick:
		if !a.clicked[x.RecommendationID] {
			a.clicked[x.RecommendationID] = true
			t.Clicks++
		}
	case shopmind.EventPurchase:
		q := ev.Value
		if q <= 0 {
			q = 1
		}
		r := q * a.price(ev.ItemID)
		t.Purchases++
		t.Revenue += r
		t.UserRevenue[ev.UserID] += r
		if !a.bought[ev.UserID] {
			a.bought[ev.UserID] = true
			t.Converters++
		}
	}
	return true
}

// match finds the exposure ev is attributed to, or nil.
func (a *Attributor) match(ev *shopmind.Event) *exposure {
	within := func(x *exposure) bool {
		return !ev.Time.Before(x.Time) && ev.Time.Sub(x.Time) <= a.window
	}
	if ev.RecommendationID != "" {
		if x, ok := a.byRec[ev.RecommendationID]; ok {
			if x.UserID == ev.UserID && within(x) {
				return x
			}
			return nil
		}
	}
	if ev.Type != shopmind.EventPurchase {
		return nil
	}
	if !a.sorted {
		for _, xs := range a.byUser {
			sort.Slice(xs, func(i, j int) bool { return xs[i].Time.Before(xs[j].Time) })
		}
		a.sorted = true
	}
	xs := a.byUser[ev.UserID]
	for i := len(xs) - 1; i >= 0; i-- {
		if x := xs[i]; within(x) && x.items[ev.ItemID] {
			return x
		}
	}
	return nil
}

// Tallies returns the tally of every variant, in the experiment's order.
func (a *Attributor) Tallies() []*Tally {
	out := make([]*Tally, len(a.order))
	for i, v := range a.order {
		out[i] = a.tallies[v]
	}
	return out
}

// Dropped reports how many exposures were ignored: of users already in
// another variant, and of variants the experiment does not have.
func (a *Attributor) Dropped() (mixed, unknown int) { return a.mixed, a.unmapped }

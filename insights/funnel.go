package insights

import (
	"github.com/shopmind/shopmind"
)

// FunnelSteps are the steps of the funnel, in order.
var FunnelSteps = []shopmind.EventType{shopmind.EventView, shopmind.EventCart, shopmind.EventPurchase}

// FunnelCounter counts the view -> cart -> purchase funnel over events fed
// in time order. A unit (user, or session when counting sessions) reaches a
// step when, on one item, it had that step's event after the events of all
// earlier steps. Feed events with Add, then read Result.
type FunnelCounter struct {
	unit  string
	keep  func(itemID string) bool
	stage map[[2]string]int // (unit, item) -> steps reached on that item
	best  map[string]int    // unit -> most steps reached on any item
}

// NewFunnelCounter counts by unit "user" or "session" (events without a
// session count by user); keep, when not nil, selects the items.
func NewFunnelCounter(unit string, keep func(itemID string) bool) *FunnelCounter {
	if unit != "session" {
		unit = "user"
	}
	return &FunnelCounter{unit: unit, keep: keep, stage: map[[2]string]int{}, best: map[string]int{}}
}

// Add feeds one event; events must come in time order.
func (f *FunnelCounter) Add(e *shopmind.Event) {
	step := -1
	for i, s := range FunnelSteps {
		if e.Type == s {
			step = i
		}
	}
	if step < 0 || (f.keep != nil && !f.keep(e.ItemID)) {
		return
	}
	u := e.UserID
	if f.unit == "session" && e.SessionID != "" {
		u = e.SessionID
	}
	k := [2]string{u, e.ItemID}
	if f.stage[k] != step {
		return // a step out of order: a cart without a view, a repeated step
	}
	f.stage[k] = step + 1
	if step+1 > f.best[u] {
		f.best[u] = step + 1
	}
}

// Result returns the funnel counted so far.
func (f *FunnelCounter) Result() shopmind.Funnel {
	counts := make([]int, len(FunnelSteps))
	for _, b := range f.best {
		for s := 0; s < b; s++ {
			counts[s]++
		}
	}
	out := shopmind.Funnel{Unit: f.unit, Steps: make([]shopmind.FunnelStep, len(FunnelSteps))}
	for i, s := range FunnelSteps {
		st := shopmind.FunnelStep{Step: s, Count: counts[i]}
		if counts[0] > 0 {
			st.Overall = float64(counts[i]) / float64(counts[0])
		}
		switch {
		case i == 0 && counts[0] > 0:
			st.Rate = 1
		case i > 0 && counts[i-1] > 0:
			st.Rate = float64(counts[i]) / float64(counts[i-1])
		}
		out.Steps[i] = st
	}
	return out
}

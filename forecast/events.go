package forecast

import (
	"fmt"
	"math"
	"sort"

	"github.com/shopmind/shopmind"
)

// Effect bounds keep one odd period from producing an absurd multiplier.
const minEffect, maxEffect = 0.05, 20

// EventModel is a base model fitted on a series with its known events
// (promotions, holidays) masked, plus one multiplicative effect per event
// label estimated from history.
//
// Fitting: periods carrying a label are set missing before the base method
// is fitted, so events do not distort the level, trend and seasonality.
// Each labelled period's baseline is the mean of the nearest unlabelled
// values at the same seasonal position (t±season, t±2·season; t±1, t±2
// without a season); its ratio y/baseline is one observation of the
// effect, and the label's effect is the median ratio, clipped to
// [0.05, 20]. Forecasting multiplies the base forecast (mean, bounds, sd)
// of each period carrying a known label by that label's effect.
type EventModel struct {
	Base Model
	// Effects maps an event label to its multiplicative effect.
	Effects map[string]float64
	// Counts maps an event label to the periods its effect was estimated on.
	Counts map[string]int

	// notes are added to every forecast; plain means no "+events" suffix
	// (FitClean with nothing labelled).
	notes []string
	plain bool
}

// FitEvents fits m on y with the event labels of each period (same length
// as y, "" for no event). It returns EINVALID naming field "events" when
// the lengths differ, and the base method's errors.
func FitEvents(m Method, y []float64, season int, labels []string) (*EventModel, error) {
	if len(labels) != len(y) {
		return nil, shopmind.FieldErrorf("events", "got %d event labels for %d values", len(labels), len(y))
	}
	if err := Validate(y); err != nil {
		return nil, err
	}
	masked := make([]float64, len(y))
	copy(masked, y)
	for i, l := range labels {
		if l != "" {
			masked[i] = math.NaN()
		}
	}
	step, err := checkSeason(season)
	if err != nil {
		return nil, err
	}
	ratios := map[string][]float64{}
	for t, l := range labels {
		if l == "" || math.IsNaN(y[t]) {
			continue
		}
		var sum float64
		var n int
		for _, k := range []int{-1, 1, -2, 2} {
			j := t + k*step
			if j >= 0 && j < len(y) && !math.IsNaN(masked[j]) {
				sum += masked[j]
				n++
			}
		}
		if n == 0 || sum <= 0 {
			continue
		}
		ratios[l] = append(ratios[l], y[t]/(sum/float64(n)))
	}
	base, err := m.Fit(masked, season)
	if err != nil {
		return nil, fmt.Errorf("fit base model: %w", err)
	}
	em := &EventModel{Base: base, Effects: map[string]float64{}, Counts: map[string]int{}}
	for l, r := range ratios {
		sort.Float64s(r)
		em.Effects[l] = math.Min(maxEffect, math.Max(minEffect, quantileSorted(r, 0.5)))
		em.Counts[l] = len(r)
	}
	return em, nil
}

// Forecast forecasts h periods whose event labels are future (nil or
// length h; "" for none). A label never seen in history gets no effect and
// a note. The cumulative sd is scaled by the ratio of adjusted to base
// cumulative demand, an approximation that keeps the relative uncertainty.
func (e *EventModel) Forecast(h int, level float64, future []string) (*Forecast, error) {
	if future != nil && len(future) != h {
		return nil, shopmind.FieldErrorf("events", "got %d future event labels for horizon %d", len(future), h)
	}
	fc, err := e.Base.Forecast(h, level)
	if err != nil {
		return nil, err
	}
	var baseCum, adjCum float64
	unknown := map[string]bool{}
	for i := range h {
		baseCum += fc.Mean[i]
		if future != nil && future[i] != "" {
			if k, ok := e.Effects[future[i]]; ok {
				fc.Mean[i] *= k
				fc.Lower[i] *= k
				fc.Upper[i] *= k
				fc.SD[i] *= k
			} else if !unknown[future[i]] {
				unknown[future[i]] = true
				fc.Notes = append(fc.Notes, fmt.Sprintf("event %q has no history: no effect applied", future[i]))
			}
		}
		adjCum += fc.Mean[i]
		if baseCum > 0 {
			fc.CumSD[i] *= adjCum / baseCum
		}
	}
	if !e.plain {
		fc.Method += "+events"
	}
	fc.Notes = append(fc.Notes, e.notes...)
	return fc, nil
}

// FitClean fits m on y after [Clean]: the periods carrying an event label
// (labels is nil or as long as y, "" for none) and, when rule is not nil,
// unflagged upward spikes are replaced by the robust baseline, so the model
// describes normal demand. Unlike FitEvents it leaves no missing values, so
// every method and back-test works on the result unchanged.
//
// Each label's effect is the median ratio of its periods' values to their
// baseline, clipped to [0.05, 20]; Forecast applies it to future periods
// carrying the label. Notes say how many periods were replaced. It returns
// EINVALID naming field "events" when the lengths differ, and the base
// method's errors.
func FitClean(m Method, y []float64, season int, labels []string, rule *SpikeRule) (*EventModel, error) {
	if labels != nil && len(labels) != len(y) {
		return nil, shopmind.FieldErrorf("events", "got %d event labels for %d values", len(labels), len(y))
	}
	if err := Validate(y); err != nil {
		return nil, err
	}
	if _, err := checkSeason(season); err != nil {
		return nil, err
	}
	var known []bool
	if labels != nil {
		known = make([]bool, len(y))
		for t, l := range labels {
			known[t] = l != ""
		}
	}
	c := Clean(y, season, known, rule)
	ratios := map[string][]float64{}
	for t, l := range labels {
		if l != "" && !math.IsNaN(y[t]) && c.Baseline[t] > 0 {
			ratios[l] = append(ratios[l], y[t]/c.Baseline[t])
		}
	}
	base, err := m.Fit(c.Values, season)
	if err != nil {
		return nil, fmt.Errorf("fit base model: %w", err)
	}
	em := &EventModel{Base: base, Effects: map[string]float64{}, Counts: map[string]int{}, plain: c.Known == 0}
	for l, r := range ratios {
		sort.Float64s(r)
		em.Effects[l] = math.Min(maxEffect, math.Max(minEffect, quantileSorted(r, 0.5)))
		em.Counts[l] = len(r)
	}
	if c.Known > 0 {
		em.notes = append(em.notes, fmt.Sprintf("%d promotion or holiday periods replaced by the normal-demand baseline before fitting", c.Known))
	}
	if c.Spikes > 0 {
		em.notes = append(em.notes, fmt.Sprintf("%d spike periods (no event known) replaced by the normal-demand baseline before fitting", c.Spikes))
	}
	return em, nil
}

package forecast

import (
	"fmt"
	"math"
	"sort"
)

// ETS fits exponential smoothing state-space models (Hyndman et al., 2008)
// and keeps the one with the smallest AICc. Smoothing parameters and the
// initial level and trend are estimated by maximum likelihood with
// Nelder-Mead (gonum optimize); initial seasonal states come from a
// classical decomposition of the first cycles.
//
// Models need at least two full seasons for a seasonal component; shorter
// series use the non-seasonal version of each model and note it. Models
// with a multiplicative component are skipped when the series has a zero
// (they need strictly positive data).
type ETS struct {
	// Label overrides Name ("ets" when empty).
	Label string
	// Models lists the candidates; nil means DefaultSpecs().
	Models []Spec
	// MaxEvals caps objective evaluations per model (default 1000).
	MaxEvals int
	// Paths is the number of simulated sample paths for prediction
	// intervals of non-linear models (default 500).
	Paths int
	// FixInit keeps the initial level and trend at their heuristic values
	// instead of estimating them: fewer parameters, faster fits, for long
	// series whose start matters little.
	FixInit bool
	// Screen is how many models, ranked by AICc after a quick fit of every
	// candidate (heuristic initial states, loose convergence), are then
	// fitted fully; the best of those is chosen. 0 means 3; negative fits
	// every candidate fully (slower, same choice in nearly all cases).
	Screen int
	// Quick fits every candidate once with the screening settings only
	// (heuristic initial states, loose convergence, no refit): several
	// times faster, somewhat less accurate.
	Quick bool
	// Combine averages the forecasts of all fitted models weighted by
	// their Akaike weights exp(-dAICc/2) (Kolassa, 2011) instead of keeping
	// only the best; models with weight below 0.001 are dropped. Interval
	// bounds are the weighted means of the members' bounds.
	Combine bool
	// Seed seeds the simulation, so forecasts are reproducible.
	Seed uint64
}

// Name implements Method.
func (e *ETS) Name() string {
	if e.Label != "" {
		return e.Label
	}
	return "ets"
}

// Fit implements Method.
func (e *ETS) Fit(y []float64, season int) (Model, error) {
	if err := Validate(y); err != nil {
		return nil, err
	}
	m, err := checkSeason(season)
	if err != nil {
		return nil, err
	}
	specs := e.Models
	if specs == nil {
		specs = DefaultSpecs()
	}
	maxEvals := e.MaxEvals
	if maxEvals <= 0 {
		maxEvals = 1000
	}
	filled := interpolate(y)
	positive := true
	for _, v := range y {
		if v <= 0 { // NaN compares false and is allowed
			positive = false
			break
		}
	}
	var notes []string
	seasonal := m > 1 && len(y) >= 2*m
	if m > 1 && !seasonal {
		notes = append(notes, fmt.Sprintf("series too short for season %d (n=%d < %d): fitted non-seasonal", m, len(y), 2*m))
	}
	screen := e.Screen
	if screen == 0 {
		screen = 3
	}
	full := fitOptions{maxEvals: maxEvals, optInit: !e.FixInit}
	if e.Quick {
		full = fitOptions{maxEvals: maxEvals, quick: true}
		screen = -1
	}
	var cands []Spec
	tried := map[Spec]bool{}
	skippedMult := false
	for _, sp := range specs {
		if !seasonal {
			sp = sp.nonSeasonal()
		}
		if sp.multiplicative() && !positive {
			skippedMult = true
			continue
		}
		if !tried[sp] {
			tried[sp] = true
			cands = append(cands, sp)
		}
	}
	var fits []*etsFit
	if screen < 0 || len(cands) <= screen {
		for _, sp := range cands {
			if fit := fitSpec(sp, y, filled, m, full); fit != nil {
				fits = append(fits, fit)
			}
		}
	} else {
		// Screen every candidate cheaply, then fit the best few fully.
		quick := fitOptions{maxEvals: maxEvals, quick: true}
		var screened []*etsFit
		for _, sp := range cands {
			if fit := fitSpec(sp, y, filled, m, quick); fit != nil {
				screened = append(screened, fit)
			}
		}
		sortFits(screened, m)
		for _, sf := range screened[:min(screen, len(screened))] {
			fit := fitSpec(sf.spec, y, filled, m, full)
			if fit == nil || fit.obj > sf.obj {
				fit = sf
			}
			fits = append(fits, fit)
		}
	}
	sortFits(fits, m)
	var best *etsFit
	if len(fits) > 0 {
		best = fits[0]
	}
	if skippedMult {
		notes = append(notes, "series has zeros: multiplicative models skipped")
	}
	if best == nil {
		// Nothing admissible (for example only multiplicative models were
		// asked for a series with zeros): fall back to SES, which always fits.
		best = fitSpec(Spec{ErrorAdditive, TrendNone, SeasonNone}, y, filled, 1, fitOptions{maxEvals: maxEvals, optInit: true})
		notes = append(notes, "no requested model could be fitted: used ETS(A,N,N)")
		if best == nil {
			return nil, fmt.Errorf("fit ets: simple exponential smoothing failed")
		}
	}
	paths := e.Paths
	if paths <= 0 {
		paths = 500
	}
	model := &etsModel{fit: best, notes: notes, paths: paths, seed: e.Seed}
	if e.Combine && len(fits) > 1 && !math.IsInf(best.aicc, 1) {
		model.members, model.weights = akaikeWeights(fits, best.aicc)
	}
	return model, nil
}

// etsModel is a fitted ETS model.
type etsModel struct {
	fit     *etsFit   // the model with the smallest AICc
	members []*etsFit // with Combine: the averaged models
	weights []float64 // their Akaike weights, summing to 1
	notes   []string
	paths   int
	seed    uint64
}

// Describe implements Model: the model's ETS(E,T,S) name, or for a
// combination "ETS-avg" and the best member's name.
func (m *etsModel) Describe() string {
	if len(m.members) > 0 {
		return "ETS-avg " + m.fit.spec.String()
	}
	return m.fit.spec.String()
}

// AICc returns the fitted model's corrected Akaike information criterion.
func (m *etsModel) AICc() float64 { return m.fit.aicc }

// point returns the h-step point forecast from the final state.
func (f *etsFit) point(h int) float64 {
	var trend float64
	switch f.spec.Trend {
	case TrendAdditive:
		trend = float64(h) * f.b
	case TrendDamped:
		ph, pk := 0.0, 1.0
		for range h {
			pk *= f.p.phi
			ph += pk
		}
		trend = ph * f.b
	}
	base := f.l + trend
	j := (f.n + h - 1) % f.m
	switch f.spec.Season {
	case SeasonAdditive:
		return base + f.s[j]
	case SeasonMultiplicative:
		return base * f.s[j]
	}
	return base
}

// Forecast implements Model. Linear models (additive errors, no
// multiplicative seasonality) get analytic variances; the others get
// quantiles of simulated sample paths. A combined model averages its
// members (see ETS.Combine).
func (m *etsModel) Forecast(h int, level float64) (*Forecast, error) {
	level, err := checkForecastArgs(h, level)
	if err != nil {
		return nil, err
	}
	if len(m.members) == 0 {
		fc := m.fit.forecast(h, level, m.paths, m.seed)
		fc.Notes = append(fc.Notes, m.notes...)
		fc.clipNonNegative()
		return fc, nil
	}
	fc := newForecast(m.Describe(), h, level, m.notes)
	parts := make([]*Forecast, len(m.members))
	for i, f := range m.members {
		parts[i] = f.forecast(h, level, m.paths, m.seed)
	}
	mixForecasts(fc, parts, m.weights)
	fc.clipNonNegative()
	return fc, nil
}

// mixForecasts fills fc (allocated for h steps) with the mixture of parts
// under weights summing to 1: means and bounds are weighted means; the
// variance is the weighted within-part variance plus the spread of the part
// means, per step and for the cumulative sums (the lead-time demand).
func mixForecasts(fc *Forecast, parts []*Forecast, weights []float64) {
	cums := make([]float64, len(parts))
	var cmean float64
	for i := range fc.Mean {
		for k, p := range parts {
			w := weights[k]
			fc.Mean[i] += w * p.Mean[i]
			fc.Lower[i] += w * p.Lower[i]
			fc.Upper[i] += w * p.Upper[i]
			cums[k] += p.Mean[i]
		}
		cmean += fc.Mean[i]
		var v, cv float64
		for k, p := range parts {
			w := weights[k]
			d, cd := p.Mean[i]-fc.Mean[i], cums[k]-cmean
			v += w * (p.SD[i]*p.SD[i] + d*d)
			cv += w * (p.CumSD[i]*p.CumSD[i] + cd*cd)
		}
		fc.SD[i] = math.Sqrt(v)
		fc.CumSD[i] = math.Sqrt(cv)
	}
}

// forecast returns the h-step forecast of one fitted model.
func (f *etsFit) forecast(h int, level float64, paths int, seed uint64) *Forecast {
	fc := newForecast(f.spec.String(), h, level, nil)
	for i := range h {
		fc.Mean[i] = f.point(i + 1)
	}
	if f.spec.linear() {
		f.analyticVariance(fc)
		fc.normalIntervals()
	} else {
		f.simulate(fc, paths, seed)
	}
	return fc
}

// akaikeWeights returns the fits whose weight exp(-(AICc-best)/2), after
// normalising, is at least 0.001, with their renormalised weights.
func akaikeWeights(fits []*etsFit, best float64) ([]*etsFit, []float64) {
	w := make([]float64, len(fits))
	var sum float64
	for i, f := range fits {
		w[i] = math.Exp(-0.5 * (f.aicc - best))
		sum += w[i]
	}
	var keep []*etsFit
	var kw []float64
	var ksum float64
	for i, f := range fits {
		if w[i]/sum >= 1e-3 {
			keep = append(keep, f)
			kw = append(kw, w[i])
			ksum += w[i]
		}
	}
	for i := range kw {
		kw[i] /= ksum
	}
	return keep, kw
}

// sortFits orders fits by AICc; with AICc undefined (too few points) by
// fewer parameters and then the likelihood.
func sortFits(fits []*etsFit, m int) {
	sort.SliceStable(fits, func(i, j int) bool {
		a, b := fits[i], fits[j]
		if a.aicc != b.aicc {
			return a.aicc < b.aicc
		}
		if ka, kb := a.spec.numParams(m), b.spec.numParams(m); ka != kb {
			return ka < kb
		}
		return a.obj < b.obj
	})
}

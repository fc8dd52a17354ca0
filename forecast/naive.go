package forecast

import (
	"fmt"
	"math"
)

// SeasonalNaive forecasts each step with the last observed value of the same
// season: yhat[T+h] = y[T+h-m(k+1)], k = (h-1)/m. With season 1 it is the
// naive (random-walk) method. Intervals are analytic: the residual sd of
// y[t]-y[t-m], times sqrt(k+1).
type SeasonalNaive struct{}

// Name implements Method.
func (SeasonalNaive) Name() string { return "snaive" }

// Fit implements Method. A series shorter than one season plus one value
// falls back to the naive method (season 1) and notes it.
func (SeasonalNaive) Fit(y []float64, season int) (Model, error) {
	if err := Validate(y); err != nil {
		return nil, err
	}
	m, err := checkSeason(season)
	if err != nil {
		return nil, err
	}
	var notes []string
	if len(y) <= m && m > 1 {
		notes = append(notes, fmt.Sprintf("series too short for season %d (n=%d): used naive", m, len(y)))
		m = 1
	}
	z := interpolate(y)
	var ss float64
	var n int
	for t := m; t < len(z); t++ {
		d := z[t] - z[t-m]
		ss += d * d
		n++
	}
	sigma := 0.0
	if n > 0 {
		sigma = math.Sqrt(ss / float64(n))
	}
	last := append([]float64(nil), z[len(z)-min(m, len(z)):]...)
	return &naiveModel{last: last, m: len(last), sigma: sigma, notes: notes}, nil
}

type naiveModel struct {
	last  []float64 // the last season of values
	m     int
	sigma float64
	notes []string
}

func (n *naiveModel) Describe() string {
	if n.m == 1 {
		return "Naive"
	}
	return fmt.Sprintf("SNaive(%d)", n.m)
}

func (n *naiveModel) Forecast(h int, level float64) (*Forecast, error) {
	level, err := checkForecastArgs(h, level)
	if err != nil {
		return nil, err
	}
	f := newForecast(n.Describe(), h, level, n.notes)
	var cumVar float64
	for i := 0; i < h; i++ {
		f.Mean[i] = n.last[i%n.m]
		k := i / n.m
		f.SD[i] = n.sigma * math.Sqrt(float64(k+1))
		// The k+1 innovations of step i's seasonal slot are shared by the
		// slot's earlier steps: the sum over that slot's steps 0..k has
		// variance sigma^2 * sum_{r=1}^{k+1} r^2, so adding step i adds
		// sigma^2 (k+1)^2.
		cumVar += n.sigma * n.sigma * float64((k+1)*(k+1))
		f.CumSD[i] = math.Sqrt(cumVar)
	}
	f.normalIntervals()
	f.clipNonNegative()
	return f, nil
}

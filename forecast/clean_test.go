package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// promoSeries is a year of daily Poisson demand around level with a weekly
// pattern, and a 7-day promotion multiplying demand by lift that ends
// `after` days before the end (the demo's Black Friday item: about 8 a
// day, 24-33 during the promotion). It returns the series and the
// promotion's labels.
func promoSeries(seed uint64, level, lift float64, after int) ([]float64, []string) {
	r := rand.New(rand.NewPCG(seed, 11))
	weekly := []float64{1.2, 0.9, 0.85, 0.9, 0.95, 1.05, 1.25}
	y := make([]float64, 365)
	labels := make([]string, len(y))
	for t := range y {
		lam := level * weekly[t%7]
		if t >= len(y)-after-7 && t < len(y)-after {
			lam *= lift
			labels[t] = "holiday:Black Friday"
		}
		y[t] = float64(poisson(r, lam))
	}
	return y, labels
}

func meanOf(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// TestCleanPromotionSpike: fitted as is, the week of promotion demand just
// before the end pulls the forecast far above normal demand; cleaned with
// the calendar, or by spike detection without one, the forecast is back at
// the normal level (8 a day).
func TestCleanPromotionSpike(t *testing.T) {
	rule := DefaultSpikeRule()
	for seed := uint64(1); seed <= 5; seed++ {
		y, labels := promoSeries(seed, 8, 3.3, 2)
		raw := mustForecast(t, mustFit(t, FastETS(), y, 7), 7)
		if m := meanOf(raw.Mean); m < 11 {
			t.Errorf("seed %d: uncleaned forecast %.2f a day; the spike should inflate it above 11", seed, m)
		}
		for _, tc := range []struct {
			name   string
			labels []string
			rule   *SpikeRule
		}{{"calendar", labels, nil}, {"spikes", nil, &rule}, {"both", labels, &rule}} {
			em, err := FitClean(FastETS(), y, 7, tc.labels, tc.rule)
			if err != nil {
				t.Fatal(err)
			}
			fc, err := em.Forecast(7, 0.95, nil)
			if err != nil {
				t.Fatal(err)
			}
			if m := meanOf(fc.Mean); m < 6.5 || m > 9.5 {
				t.Errorf("seed %d %s: forecast %.2f a day, want 6.5-9.5 (normal demand 8)", seed, tc.name, m)
			}
			// The interval reflects normal days: its 95% upper bound of a
			// normal day stays well below the promotion's level.
			if u := meanOf(fc.Upper); u < 10 || u > 18 {
				t.Errorf("seed %d %s: upper bound %.2f, want 10-18", seed, tc.name, u)
			}
		}
	}
}

// TestCleanSpikeCounts checks what is replaced: the 7 labelled days with
// the calendar; without it most of the promotion week (its edges may
// stay) and nothing else.
func TestCleanSpikeCounts(t *testing.T) {
	rule := DefaultSpikeRule()
	y, labels := promoSeries(3, 8, 3.3, 2)
	known := make([]bool, len(y))
	for i, l := range labels {
		known[i] = l != ""
	}
	if c := Clean(y, 7, known, nil); c.Known != 7 || c.Spikes != 0 {
		t.Errorf("calendar: known %d spikes %d, want 7 and 0", c.Known, c.Spikes)
	}
	c := Clean(y, 7, nil, &rule)
	if c.Spikes < 5 || c.Spikes > 9 {
		t.Errorf("detected %d spike days, want 5-9", c.Spikes)
	}
	for i, r := range c.Replaced {
		if r && (i < len(y)-2-9 || i >= len(y)-2+1) {
			t.Errorf("day %d (value %g) replaced, outside the promotion", i, y[i])
		}
	}
	for i := len(y) - 9; i < len(y)-2; i++ {
		if c.Replaced[i] && math.Abs(c.Values[i]-8) > 4 {
			t.Errorf("day %d replaced by %.2f, want about 8", i, c.Values[i])
		}
	}
}

// TestCleanLeavesNormalDemand: on plain Poisson demand (no spikes; slow
// movers intermittent) the rule replaces almost nothing and total demand
// does not move.
func TestCleanLeavesNormalDemand(t *testing.T) {
	rule := DefaultSpikeRule()
	series := dailyDemand(200, 365, 9)
	var replaced, checked int
	var before, after float64
	for _, y := range series {
		checked++
		c := Clean(y, 7, nil, &rule)
		replaced += c.Spikes
		if c.Spikes > 3 {
			t.Errorf("%d spikes in plain demand of mean %.1f", c.Spikes, meanOf(y))
		}
		before += meanOf(y)
		after += meanOf(c.Values)
	}
	if r := after / before; r < 0.998 || r > 1.0001 {
		t.Errorf("cleaning moved total demand by a factor %.4f, want 0.998-1", r)
	}
	if rate := float64(replaced) / float64(checked*365); rate > 0.002 {
		t.Errorf("%.4f of normal days replaced, want at most 0.002", rate)
	}
}

// TestCleanKeepsOngoingAndIntermittent: a surge still going at the end may
// be a new level and is kept; an intermittent series keeps its lumps.
func TestCleanKeepsOngoingAndIntermittent(t *testing.T) {
	rule := DefaultSpikeRule()
	y, _ := promoSeries(4, 8, 3.3, 0)
	if c := Clean(y, 7, nil, &rule); c.Spikes != 0 {
		t.Errorf("ongoing surge: %d days replaced, want 0", c.Spikes)
	}
	// Lumpy demand of an intermittent series is normal; one order ten
	// times the usual size is not.
	sparse := make([]float64, 200)
	for i := 0; i < len(sparse); i += 3 {
		sparse[i] = float64(1 + i%4)
	}
	if c := Clean(sparse, 7, nil, &rule); c.Spikes != 0 {
		t.Errorf("intermittent: %d days replaced, want 0", c.Spikes)
	}
	sparse[150] = 25
	if c := Clean(sparse, 7, nil, &rule); c.Spikes != 1 || !c.Replaced[150] {
		t.Errorf("intermittent with an order of 25: %d days replaced, want day 150", c.Spikes)
	}
}

// TestFitCleanEffects: the label's effect is the promotion's lift, applied
// to a future period carrying it; lengths are checked.
func TestFitCleanEffects(t *testing.T) {
	y, labels := promoSeries(5, 8, 3.3, 30)
	em, err := FitClean(FastETS(), y, 7, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k := em.Effects["holiday:Black Friday"]; k < 2.6 || k > 4 {
		t.Errorf("effect %.2f, want 2.6-4 (lift 3.3)", k)
	}
	future := make([]string, 7)
	future[3] = "holiday:Black Friday"
	fc, err := em.Forecast(7, 0.95, future)
	if err != nil {
		t.Fatal(err)
	}
	if r := fc.Mean[3] / fc.Mean[2]; r < 2 || r > 5 {
		t.Errorf("future promotion day %.2f vs %.2f the day before", fc.Mean[3], fc.Mean[2])
	}
	_, err = FitClean(FastETS(), y, 7, labels[1:], nil)
	wantInvalid(t, err, "events")
}

// cleaned fits Base with unflagged spikes cleaned (FitClean without a
// calendar), as stock advice does.
type cleaned struct{ Base Method }

func (c cleaned) Name() string { return c.Base.Name() + "+clean" }

func (c cleaned) Fit(y []float64, season int) (Model, error) {
	rule := DefaultSpikeRule()
	em, err := FitClean(c.Base, y, season, nil, &rule)
	if err != nil {
		return nil, err
	}
	return eventsModel{em}, nil
}

type eventsModel struct{ *EventModel }

func (e eventsModel) Forecast(h int, level float64) (*Forecast, error) {
	return e.EventModel.Forecast(h, level, nil)
}

func (e eventsModel) Describe() string { return e.Base.Describe() }

// TestFullRetailClean: the spike rule must not hurt forecasts of series
// without promotions: ETS on the ABS retail data (152 monthly series, last
// 24 months held out) with and without cleaning. Set SHOPMIND_FULL=1.
func TestFullRetailClean(t *testing.T) {
	if os.Getenv("SHOPMIND_FULL") != "1" {
		t.Skip("set SHOPMIND_FULL=1 to run the full retail evaluation")
	}
	ss := retailSeries(t)
	rep, err := Backtest(context.Background(), ss, []Method{FastETS(), cleaned{FastETS()}}, BacktestConfig{Horizon: 24, Season: 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Methods {
		t.Logf("%-14s MASE %.4f sMAPE %.3f coverage %.3f %.2fs", m.Method, m.MASE, m.SMAPE, m.Coverage, m.Seconds)
	}
	plain, clean := rep.Methods[0], rep.Methods[1]
	if d := clean.MASE - plain.MASE; d > 0.02 || d < -0.1 {
		t.Errorf("cleaned MASE %.4f against %.4f: want within +0.02/-0.1", clean.MASE, plain.MASE)
	}
}

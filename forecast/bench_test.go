package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
)

// dailyDemand generates n item series of a year of daily demand: Poisson
// counts around a weekly pattern, a slow trend and an item-specific rate
// (from 0.2 to 40 units a day), so slow movers are intermittent.
func dailyDemand(n, days int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	weekly := []float64{0.8, 0.9, 0.95, 1, 1.1, 1.4, 0.85}
	out := make([][]float64, n)
	for i := range out {
		rate := 0.2 * math.Pow(200, r.Float64())
		trend := (r.Float64() - 0.5) * 0.002
		y := make([]float64, days)
		for t := range y {
			lam := rate * weekly[t%7] * (1 + trend*float64(t))
			y[t] = float64(poisson(r, math.Max(lam, 0)))
		}
		out[i] = y
	}
	return out
}

// poisson draws a Poisson variate (Knuth for small means, normal above).
func poisson(r *rand.Rand, lam float64) int {
	if lam > 30 {
		return max(0, int(math.Round(lam+math.Sqrt(lam)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lam), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// forecastAll fits m to every series and forecasts h days, over all cores.
func forecastAll(b *testing.B, series [][]float64, m Method, h int) {
	var failed atomic.Int64
	err := parallel(context.Background(), len(series), runtime.GOMAXPROCS(0), func(i int) {
		md, err := m.Fit(series[i], 7)
		if err != nil {
			failed.Add(1)
			return
		}
		if _, err := md.Forecast(h, 0.95); err != nil {
			failed.Add(1)
		}
	})
	if err != nil || failed.Load() > 0 {
		b.Fatalf("failed %d, err %v", failed.Load(), err)
	}
}

// BenchmarkForecast10k fits and forecasts 28 days for 10,000 items with a
// year of daily demand each (one op = all 10,000 series).
func BenchmarkForecast10k(b *testing.B) {
	series := dailyDemand(10000, 365, 1)
	for _, bm := range []struct {
		name string
		m    Method
	}{
		{"snaive", SeasonalNaive{}},
		{"tsb", &Croston{Variant: CrostonTSB}},
		{"ets-fast", FastETS()},
		{"ets", &ETS{}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				forecastAll(b, series, bm.m, 28)
			}
		})
	}
}

package supply

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// synthDemand builds a year of daily demand for n items: Poisson sales at
// a lognormal rate with a weekly pattern; slow movers are intermittent.
func synthDemand(n int) *Demand {
	rng := rand.New(rand.NewPCG(7, 7))
	const days = 365
	items, units := make([]*shopmind.Item, n), make([][]float64, n)
	week := [7]float64{0.8, 0.9, 0.9, 1, 1.1, 1.4, 0.9}
	for i := 0; i < n; i++ {
		items[i] = &shopmind.Item{ID: fmt.Sprintf("P%06d", i), Stock: rng.IntN(60)}
		rate := math.Exp(rng.NormFloat64()*1.2) * 1.5
		units[i] = make([]float64, days)
		for k := range units[i] {
			units[i][k] = poisson(rng, rate*week[k%7])
		}
	}
	return NewDemandDaily(time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), days, items, units)
}

func poisson(rng *rand.Rand, mean float64) float64 {
	if mean > 30 {
		return math.Max(0, math.Round(mean+math.Sqrt(mean)*rng.NormFloat64()))
	}
	l, k, p := math.Exp(-mean), 0.0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// BenchmarkAdviseAll10k times forecasting 10,000 items (a year of daily
// demand each) and turning the forecasts into stock advice.
func BenchmarkAdviseAll10k(b *testing.B) {
	d := synthDemand(10_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		adv, failed, err := AdviseAll(context.Background(), d, Options{})
		if err != nil || len(failed) > 0 {
			b.Fatal(err, len(failed))
		}
		var risk int
		for _, a := range adv {
			if a.AtRisk {
				risk++
			}
		}
		b.ReportMetric(float64(risk), "at_risk")
	}
}

// BenchmarkPredictThorough times one API-style forecast: a year of daily
// demand, method chosen by back-test, 28 days ahead.
func BenchmarkPredictThorough(b *testing.B) {
	d := synthDemand(20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, y := d.Series(i%20, shopmind.BucketDay)
		if _, err := Predict(y, shopmind.BucketDay, 28, 0.95, true); err != nil {
			b.Fatal(err)
		}
	}
}

package supply

import (
	"fmt"
	"math"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/forecast"
)

// minHistory is the fewest buckets a forecast model is fitted to; shorter
// series get their mean (see Predict).
const minHistory = 4

// Season returns the seasonal period of a bucket: 7 days, or 52 weeks.
func Season(b shopmind.DemandBucket) int {
	if b == shopmind.BucketWeek {
		return 52
	}
	return 7
}

// intermittent reports whether at least 30% of y is zero.
func intermittent(y []float64) bool {
	var zeros int
	for _, v := range y {
		if v == 0 {
			zeros++
		}
	}
	return len(y) > 0 && float64(zeros) >= 0.3*float64(len(y))
}

// Method returns the forecasting method for y. Intermittent series (at
// least 30% zeros) get SBA (Croston with the Syntetos-Boylan correction);
// the others get forecast.FastETS. With thorough set, forecast.Auto chooses
// by back-test among those and seasonal naive (plus TSB for intermittent
// series): slower, for one series at a time.
func Method(y []float64, thorough bool) forecast.Method {
	inter := intermittent(y)
	if !thorough {
		if inter {
			return &forecast.Croston{Variant: forecast.CrostonSBA}
		}
		return forecast.FastETS()
	}
	cands := []forecast.Method{forecast.FastETS(), forecast.SeasonalNaive{}}
	if inter {
		cands = append(cands, &forecast.Croston{Variant: forecast.CrostonSBA}, &forecast.Croston{Variant: forecast.CrostonTSB})
	}
	return &forecast.Auto{Candidates: cands}
}

// Predict forecasts h buckets of y at interval level, with no calendar:
// PredictEvents with nil labels.
func Predict(y []float64, b shopmind.DemandBucket, h int, level float64, thorough bool) (*forecast.Forecast, error) {
	return PredictEvents(y, nil, nil, b, h, level, thorough)
}

// PredictEvents forecasts h buckets of y at interval level. labels gives
// each bucket of y its event label (promotion or holiday; "" for a normal
// bucket) and future those of the h forecast buckets; either may be nil.
//
// The model is fitted to normal demand (forecast.FitClean): labelled
// buckets, and upward spikes no calendar explains (forecast's
// DefaultSpikeRule), are replaced by a robust baseline before fitting, so
// a promotion week does not raise the level that stock advice orders for.
// A future bucket whose label has history gets that label's effect.
//
// Documented fallbacks, each recorded in Notes:
//   - no history, or only zeros: a zero forecast with zero spread;
//   - fewer than 4 buckets: the mean of the history, with the spread of a
//     Poisson count at that mean;
//   - a series too short for its season: forecast's own non-seasonal
//     fallback.
func PredictEvents(y []float64, labels, future []string, b shopmind.DemandBucket, h int, level float64, thorough bool) (*forecast.Forecast, error) {
	if level == 0 {
		level = forecast.DefaultLevel
	}
	if h < 1 {
		return nil, shopmind.FieldErrorf("horizon", "horizon must be at least 1, got %d", h)
	}
	if !(level > 0 && level < 1) {
		return nil, shopmind.FieldErrorf("level", "level must be in (0, 1), got %g", level)
	}
	var sum float64
	for _, v := range y {
		sum += v
	}
	switch {
	case sum == 0:
		return flat(h, level, 0, "no sales in the history: the forecast is zero"), nil
	case len(y) < minHistory:
		mean := sum / float64(len(y))
		return flat(h, level, mean, fmt.Sprintf("only %d %ss of history: the forecast is their mean", len(y), b)), nil
	}
	rule := forecast.DefaultSpikeRule()
	em, err := forecast.FitClean(Method(y, thorough), y, Season(b), labels, &rule)
	if err != nil {
		return nil, err
	}
	return em.Forecast(h, level, future)
}

// flat is a constant forecast at mean with Poisson spread (sd = sqrt(mean)
// per bucket, independent buckets).
func flat(h int, level, mean float64, note string) *forecast.Forecast {
	fc := &forecast.Forecast{Method: "mean", Level: level, Notes: []string{note},
		Mean: make([]float64, h), Lower: make([]float64, h), Upper: make([]float64, h),
		SD: make([]float64, h), CumSD: make([]float64, h)}
	if mean == 0 {
		fc.Method = "zero"
	}
	z := normalQuantile(0.5 + level/2)
	sd := math.Sqrt(mean)
	for k := range fc.Mean {
		fc.Mean[k] = mean
		fc.SD[k] = sd
		fc.CumSD[k] = sd * math.Sqrt(float64(k+1))
		fc.Lower[k] = math.Max(0, mean-z*sd)
		fc.Upper[k] = mean + z*sd
	}
	return fc
}

// normalQuantile is the standard normal quantile, by bisection on the
// normal CDF (100 halvings: exact to double precision).
func normalQuantile(p float64) float64 {
	lo, hi := -10.0, 10.0
	for i := 0; i < 100; i++ {
		mid := (lo + hi) / 2
		if 0.5*math.Erfc(-mid/math.Sqrt2) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

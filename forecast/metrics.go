package forecast

import "math"

// MASEScale returns the in-sample mean absolute error of the seasonal naive
// method with period season on train: mean |y[t] - y[t-season]|. A train
// not longer than season uses period 1. Missing values are skipped. It
// returns 0 when no pair is available or the series is constant.
func MASEScale(train []float64, season int) float64 {
	if season < 1 || len(train) <= season {
		season = 1
	}
	var sum float64
	var n int
	for t := season; t < len(train); t++ {
		d := train[t] - train[t-season]
		if math.IsNaN(d) {
			continue
		}
		sum += math.Abs(d)
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// MASE returns the mean absolute scaled error of forecast f against actual,
// scaled by scale (see MASEScale). Missing actuals are skipped. It returns
// NaN when scale is 0 or nothing is comparable. It panics if the lengths
// differ.
func MASE(actual, f []float64, scale float64) float64 {
	if len(actual) != len(f) {
		panic("forecast: MASE length mismatch")
	}
	if scale <= 0 {
		return math.NaN()
	}
	var sum float64
	var n int
	for i, a := range actual {
		if math.IsNaN(a) {
			continue
		}
		sum += math.Abs(a - f[i])
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n) / scale
}

// SMAPE returns the symmetric mean absolute percentage error in percent,
// mean of 200|a-f|/(|a|+|f|), counting a term with a = f = 0 as 0. Missing
// actuals are skipped; NaN when nothing is comparable. It panics if the
// lengths differ.
func SMAPE(actual, f []float64) float64 {
	if len(actual) != len(f) {
		panic("forecast: SMAPE length mismatch")
	}
	var sum float64
	var n int
	for i, a := range actual {
		if math.IsNaN(a) {
			continue
		}
		d := math.Abs(a) + math.Abs(f[i])
		if d > 0 {
			sum += 200 * math.Abs(a-f[i]) / d
		}
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// Coverage returns the share of observed actuals inside [lower, upper].
func Coverage(actual, lower, upper []float64) float64 {
	var in, n int
	for i, a := range actual {
		if math.IsNaN(a) {
			continue
		}
		n++
		if a >= lower[i] && a <= upper[i] {
			in++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(in) / float64(n)
}

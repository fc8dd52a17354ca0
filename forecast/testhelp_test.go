package forecast

import (
	"math"
	"testing"

	"github.com/shopmind/shopmind"
)

// approx fails t when got is not within tol of want (absolute).
func approx(t testing.TB, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.6g, want %.6g (±%g)", name, got, want, tol)
	}
}

// mustFit fits m or fails the test.
func mustFit(t testing.TB, m Method, y []float64, season int) Model {
	t.Helper()
	md, err := m.Fit(y, season)
	if err != nil {
		t.Fatalf("%s fit: %v", m.Name(), err)
	}
	return md
}

// mustForecast forecasts h steps at 95% or fails the test.
func mustForecast(t testing.TB, md Model, h int) *Forecast {
	t.Helper()
	fc, err := md.Forecast(h, 0.95)
	if err != nil {
		t.Fatalf("%s forecast: %v", md.Describe(), err)
	}
	return fc
}

// wantInvalid fails t unless err is EINVALID naming field.
func wantInvalid(t testing.TB, err error, field string) {
	t.Helper()
	if shopmind.ErrorCode(err) != shopmind.EINVALID || shopmind.ErrorField(err) != field {
		t.Errorf("err = %v, want EINVALID on field %q", err, field)
	}
}

// seasonalSeries returns n points of level*(1+slope t)*season(t) with
// multiplicative or additive weekly-like pattern of period m plus noise.
func seasonalSeries(n, m int, mult bool, noise float64, r interface{ NormFloat64() float64 }) []float64 {
	y := make([]float64, n)
	for t := range y {
		trend := 100 + 0.8*float64(t)
		s := math.Sin(2 * math.Pi * float64(t%m) / float64(m))
		if mult {
			y[t] = trend * (1 + 0.3*s)
		} else {
			y[t] = trend + 20*s
		}
		if r != nil {
			y[t] += noise * r.NormFloat64()
		}
	}
	return y
}

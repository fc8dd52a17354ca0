package forecast

import (
	"math"
	"strings"
	"testing"
)

func TestSeasonalNaive(t *testing.T) {
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	fc := mustForecast(t, mustFit(t, SeasonalNaive{}, y, 4), 6)
	want := []float64{5, 6, 7, 8, 5, 6}
	for i, w := range want {
		approx(t, "mean", fc.Mean[i], w, 0)
	}
	// Seasonal differences are all 4, so sigma = 4; steps 5-6 are two
	// seasons ahead: sd 4*sqrt(2).
	for i, w := range []float64{4, 4, 4, 4, 4 * math.Sqrt2, 4 * math.Sqrt2} {
		approx(t, "sd", fc.SD[i], w, 1e-12)
	}
	// Cumulative variance adds sigma^2 (k+1)^2 per step: 16,32,48,64,128,192.
	for i, w := range []float64{16, 32, 48, 64, 128, 192} {
		approx(t, "cumsd", fc.CumSD[i], math.Sqrt(w), 1e-12)
	}
	approx(t, "upper", fc.Upper[0], 5+1.959964*4, 1e-4)
	if fc.Lower[0] != 0 { // 5 - 7.84 clipped at zero
		t.Errorf("lower = %g, want 0 (clipped)", fc.Lower[0])
	}
}

func TestSeasonalNaiveShortFallsBackToNaive(t *testing.T) {
	md := mustFit(t, SeasonalNaive{}, []float64{3, 4, 5}, 12)
	fc := mustForecast(t, md, 3)
	if md.Describe() != "Naive" || len(fc.Notes) != 1 || !strings.Contains(fc.Notes[0], "too short") {
		t.Fatalf("got %s notes %q, want Naive with a too-short note", md.Describe(), fc.Notes)
	}
	for _, v := range fc.Mean {
		approx(t, "mean", v, 5, 0)
	}
}

func TestSeasonalNaiveInterpolatesMissing(t *testing.T) {
	fc := mustForecast(t, mustFit(t, SeasonalNaive{}, []float64{1, 2, 3, 4, 5, math.NaN(), 7, 8}, 4), 2)
	approx(t, "mean[1]", fc.Mean[1], 6, 1e-12)
}

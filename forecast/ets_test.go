package forecast

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSESConstantSeries(t *testing.T) {
	y := make([]float64, 30)
	for i := range y {
		y[i] = 10
	}
	fc := mustForecast(t, mustFit(t, SES(), y, 1), 5)
	for i := range fc.Mean {
		approx(t, "mean", fc.Mean[i], 10, 1e-6)
		approx(t, "sd", fc.SD[i], 0, 1e-6)
	}
}

func TestHoltRecoversLine(t *testing.T) {
	y := make([]float64, 30)
	for i := range y {
		y[i] = 5 + 2*float64(i)
	}
	fc := mustForecast(t, mustFit(t, Holt(false), y, 1), 6)
	for h := range fc.Mean {
		approx(t, "mean", fc.Mean[h], 5+2*float64(30+h), 0.01)
	}
}

func TestHoltWintersRecoversPattern(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    Method
		mult bool
	}{
		{"additive", HoltWinters(false, false), false},
		{"multiplicative", HoltWinters(true, false), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			full := seasonalSeries(96+12, 12, tt.mult, 0, nil)
			fc := mustForecast(t, mustFit(t, tt.m, full[:96], 12), 12)
			for h := range fc.Mean {
				approx(t, "mean", fc.Mean[h], full[96+h], 0.01*full[96+h])
			}
		})
	}
}

func TestETSChoosesSeasonalModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	y := seasonalSeries(120, 12, true, 2, r)
	md := mustFit(t, &ETS{}, y, 12)
	d := md.Describe()
	if !strings.HasSuffix(d, ",M)") && !strings.HasSuffix(d, ",A)") {
		t.Fatalf("chose %s for a seasonal series, want a seasonal model", d)
	}
	fc := mustForecast(t, md, 24)
	for h := range fc.Mean {
		if !(fc.Lower[h] <= fc.Mean[h] && fc.Mean[h] <= fc.Upper[h]) {
			t.Fatalf("step %d: mean %g outside [%g, %g]", h, fc.Mean[h], fc.Lower[h], fc.Upper[h])
		}
		if h > 0 && fc.CumSD[h] < fc.CumSD[h-1] {
			t.Errorf("cumulative sd falls at step %d: %g < %g", h+1, fc.CumSD[h], fc.CumSD[h-1])
		}
	}
}

// The analytic SES variances: var_h = s2 (1 + (h-1) a^2) and, for the sum
// of steps 1..2, s2 ((1+a)^2 + 1).
func TestSESAnalyticVariance(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	y := make([]float64, 200)
	level := 50.0
	for i := range y {
		level += r.NormFloat64()
		y[i] = level + 2*r.NormFloat64()
	}
	md := mustFit(t, SES(), y, 1).(*etsModel)
	fc := mustForecast(t, md, 4)
	a, s2 := md.fit.p.alpha, md.fit.sigma2
	for h := 1; h <= 4; h++ {
		approx(t, "sd", fc.SD[h-1], math.Sqrt(s2*(1+float64(h-1)*a*a)), 1e-9)
	}
	approx(t, "cumsd[1]", fc.CumSD[1], math.Sqrt(s2*((1+a)*(1+a)+1)), 1e-9)
	approx(t, "upper", fc.Upper[0]-fc.Mean[0], 1.959964*fc.SD[0], 1e-4)
}

func TestETSFallbacks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	t.Run("ShortForSeason", func(t *testing.T) {
		y := seasonalSeries(18, 12, false, 1, r)
		md := mustFit(t, &ETS{}, y, 12)
		fc := mustForecast(t, md, 3)
		if !strings.HasSuffix(md.Describe(), ",N)") || !strings.Contains(strings.Join(fc.Notes, ";"), "too short for season 12") {
			t.Fatalf("got %s notes %q, want non-seasonal with a note", md.Describe(), fc.Notes)
		}
	})
	t.Run("ZerosSkipMultiplicative", func(t *testing.T) {
		y := seasonalSeries(60, 12, false, 1, r)
		y[10] = 0
		md := mustFit(t, &ETS{}, y, 12)
		fc := mustForecast(t, md, 3)
		if !strings.HasPrefix(md.Describe(), "ETS(A,") || !strings.Contains(strings.Join(fc.Notes, ";"), "multiplicative models skipped") {
			t.Fatalf("got %s notes %q", md.Describe(), fc.Notes)
		}
	})
	t.Run("OnlyMultiplicativeWithZerosUsesSES", func(t *testing.T) {
		y := []float64{0, 1, 2, 1, 0, 2, 1, 1, 2, 0}
		md := mustFit(t, &ETS{Models: []Spec{{ErrorMultiplicative, TrendNone, SeasonNone}}}, y, 1)
		if md.Describe() != "ETS(A,N,N)" {
			t.Fatalf("got %s, want ETS(A,N,N) fallback", md.Describe())
		}
	})
	t.Run("Missing", func(t *testing.T) {
		y := seasonalSeries(60, 12, true, 1, r)
		y[5], y[30], y[59] = math.NaN(), math.NaN(), math.NaN()
		fc := mustForecast(t, mustFit(t, &ETS{}, y, 12), 12)
		for _, v := range fc.Mean {
			if math.IsNaN(v) || v <= 0 {
				t.Fatalf("forecast %v with missing values", fc.Mean)
			}
		}
	})
	t.Run("TinySeries", func(t *testing.T) {
		fc := mustForecast(t, mustFit(t, &ETS{}, []float64{4}, 7), 2)
		approx(t, "mean", fc.Mean[0], 4, 1e-6)
	})
}

func TestETSCombine(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	y := seasonalSeries(48, 12, true, 10, r)
	md := mustFit(t, &ETS{Combine: true}, y, 12).(*etsModel)
	if len(md.members) < 2 {
		t.Fatalf("%d members, want several models averaged", len(md.members))
	}
	var sum float64
	for _, w := range md.weights {
		sum += w
	}
	approx(t, "weight sum", sum, 1, 1e-12)
	fc := mustForecast(t, md, 12)
	for h := range fc.Mean {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, f := range md.members {
			lo, hi = math.Min(lo, f.point(h+1)), math.Max(hi, f.point(h+1))
		}
		if fc.Mean[h] < lo-1e-9 || fc.Mean[h] > hi+1e-9 {
			t.Errorf("step %d: combined mean %g outside members' [%g, %g]", h+1, fc.Mean[h], lo, hi)
		}
		if !(fc.Lower[h] < fc.Mean[h] && fc.Mean[h] < fc.Upper[h]) || fc.CumSD[h] <= 0 {
			t.Errorf("step %d: interval [%g, %g] around %g, cumsd %g", h+1, fc.Lower[h], fc.Upper[h], fc.Mean[h], fc.CumSD[h])
		}
	}
}

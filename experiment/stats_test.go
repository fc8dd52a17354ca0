package experiment

import (
	"math"
	"testing"
)

// The reference values below were computed independently of this package:
// exact ones by hand (binomial and hypergeometric sums of binomial
// coefficients), the others with the closed formulas in Python's math module
// (erfc for the normal tail; Simpson's rule on the Student's t density for
// Welch's p-value), or are textbook values (Clopper-Pearson 8/10 as printed
// by R's binom.test; the 3,841 users of the classic 10% -> 12% design).

func approx(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.9g, want %.9g (±%g)", what, got, want, tol)
	}
}

func TestBinomialTest(t *testing.T) {
	tests := []struct {
		name string
		k, n int
		p    float64
		want float64
	}{
		{"7of10", 7, 10, 0.5, 352.0 / 1024}, // 2 × (C(10,7)+C(10,8)+C(10,9)+C(10,10)) / 2^10
		{"10of10", 10, 10, 0.5, 2.0 / 1024},
		{"5of10", 5, 10, 0.5, 1},
		{"2of20at0.3", 2, 20, 0.3, 0.0526279487},
		{"Empty", 0, 0, 0.5, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			approx(t, "p", BinomialTest(tt.k, tt.n, tt.p), tt.want, 1e-9)
		})
	}
}

func TestFisherExact(t *testing.T) {
	tests := []struct {
		name       string
		a, b, c, d int
		want       float64
	}{
		// Fisher's lady tasting tea: tables with margins 4/4 have
		// probabilities 1, 16, 36, 16, 1 (/70).
		{"Tea", 3, 1, 1, 3, 34.0 / 70},
		{"TeaAllRight", 4, 0, 0, 4, 2.0 / 70},
		{"Balanced", 2, 2, 2, 2, 1},
		{"Empty", 0, 0, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			approx(t, "p", FisherExact(tt.a, tt.b, tt.c, tt.d), tt.want, 1e-9)
		})
	}
}

func TestTwoProportionZ(t *testing.T) {
	z, p := TwoProportionZ(200, 1000, 250, 1000)
	approx(t, "z", z, 2.677397763, 1e-8)
	approx(t, "p", p, 0.00741964926, 1e-9)
	z, p = TwoProportionZ(250, 1000, 200, 1000)
	approx(t, "z reversed", z, -2.677397763, 1e-8)
	approx(t, "p reversed", p, 0.00741964926, 1e-9)
	z, p = TwoProportionZ(0, 10, 0, 10)
	if z != 0 || p != 1 {
		t.Errorf("no variation: z %g p %g, want 0 1", z, p)
	}
}

func TestIntervals(t *testing.T) {
	lo, hi := Wilson(8, 10, 0.95)
	approx(t, "Wilson low", lo, 0.490162472, 1e-8)
	approx(t, "Wilson high", hi, 0.943317849, 1e-8)
	lo, hi = ClopperPearson(8, 10, 0.95)
	approx(t, "Clopper-Pearson low", lo, 0.4439045, 1e-6)
	approx(t, "Clopper-Pearson high", hi, 0.9747893, 1e-6)
	lo, hi = ClopperPearson(0, 10, 0.95)
	approx(t, "Clopper-Pearson 0/10 low", lo, 0, 0)
	approx(t, "Clopper-Pearson 0/10 high", hi, 1-math.Pow(0.025, 0.1), 1e-9) // 1 - (α/2)^(1/n)
	lo, hi = Wilson(0, 0, 0.95)
	if lo != 0 || hi != 1 {
		t.Errorf("Wilson of nothing = [%g, %g], want [0, 1]", lo, hi)
	}
	// Mean of 1..5: 3 ± t(0.975, 4) × sqrt(2.5 / 5) = 3 ± 2.776445105 × 0.707106781.
	lo, hi = MeanInterval(Summarise([]float64{1, 2, 3, 4, 5}), 0.95)
	approx(t, "mean low", lo, 3-1.963243161, 1e-8)
	approx(t, "mean high", hi, 3+1.963243161, 1e-8)
}

func TestWelch(t *testing.T) {
	// Equal variances and n = 2 give df = 2, where the t CDF is
	// 1/2 + t / (2 sqrt(t² + 2)): t = 1/√2 has p = 1 - 1/√5.
	tt, df, p := Welch(Summarise([]float64{0, 2}), Summarise([]float64{1, 3}))
	approx(t, "t", tt, 1/math.Sqrt2, 1e-12)
	approx(t, "df", df, 2, 1e-12)
	approx(t, "p", p, 1-1/math.Sqrt(5), 1e-9)

	a := []float64{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4}
	b := []float64{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4, 21.7, 23.0}
	tt, df, p = Welch(Summarise(a), Summarise(b))
	approx(t, "t", tt, 2.454163124, 1e-8)
	approx(t, "df", df, 23.773762575, 1e-8)
	approx(t, "p", p, 0.0218350285, 1e-8)

	lo, hi := WelchInterval(Summarise([]float64{0, 2}), Summarise([]float64{1, 3}), 0.95)
	// Difference 1, se √2, t(0.975, 2) = 4.302652730.
	approx(t, "interval low", lo, 1-4.302652730*math.Sqrt2, 1e-8)
	approx(t, "interval high", hi, 1+4.302652730*math.Sqrt2, 1e-8)

	_, _, p = Welch(Summarise([]float64{1, 1}), Summarise([]float64{1, 1}))
	approx(t, "constant samples", p, 1, 0)
}

func TestSampleSize(t *testing.T) {
	tests := []struct {
		name                   string
		base, target, a, power float64
		want                   int
	}{
		{"Classic", 0.10, 0.12, 0.05, 0.8, 3841},
		{"Symmetric", 0.12, 0.10, 0.05, 0.8, 3841},
		{"NoEffect", 0.1, 0.1, 0.05, 0.8, 0},
		{"BadAlpha", 0.1, 0.2, 0, 0.8, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SampleSize(tt.base, tt.target, tt.a, tt.power); got != tt.want {
				t.Errorf("SampleSize = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestSummarise(t *testing.T) {
	m := Summarise([]float64{2, 4, 4, 4, 5, 5, 7, 9})
	approx(t, "mean", m.Mean, 5, 1e-12)
	approx(t, "variance", m.Variance, 32.0/7, 1e-12)
	if m.N != 8 {
		t.Errorf("N = %d", m.N)
	}
}

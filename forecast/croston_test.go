package forecast

import (
	"math"
	"testing"
)

func TestCroston(t *testing.T) {
	// Demands 3, 2, 4 at t=2, 6, 8. Croston with alpha 0.1 starts at size 3,
	// interval 3; after t=6 (gap 4): size 2.9, interval 3.1; after t=8
	// (gap 2): size 3.01, interval 2.99.
	y := []float64{0, 0, 3, 0, 0, 0, 2, 0, 4}
	tests := []struct {
		name string
		m    *Croston
		want float64
	}{
		{"Croston", &Croston{Variant: CrostonClassic, Alpha: 0.1}, 3.01 / 2.99},
		{"SBA", &Croston{Variant: CrostonSBA, Alpha: 0.1}, 0.95 * 3.01 / 2.99},
		// TSB: size from mean 3, probability 1/3, updated every period.
		{"TSB", &Croston{Variant: CrostonTSB, Alpha: 0.1, Beta: 0.2}, 1.2797558084266665},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := mustForecast(t, mustFit(t, tt.m, y, 1), 4)
			for _, v := range fc.Mean {
				approx(t, "rate", v, tt.want, 1e-12)
			}
			if fc.CumSD[3] != 2*fc.SD[0] || fc.SD[0] <= 0 {
				t.Errorf("cumsd[3] = %g, want 2*sd = %g", fc.CumSD[3], 2*fc.SD[0])
			}
			if fc.Lower[0] < 0 || fc.Upper[0] <= fc.Mean[0] {
				t.Errorf("interval [%g, %g] around %g", fc.Lower[0], fc.Upper[0], fc.Mean[0])
			}
		})
	}
}

func TestCrostonAllZeros(t *testing.T) {
	fc := mustForecast(t, mustFit(t, &Croston{Variant: CrostonTSB}, make([]float64, 10), 7), 3)
	for i := range fc.Mean {
		if fc.Mean[i] != 0 || fc.Upper[i] != 0 {
			t.Fatalf("all-zero history forecast %v..%v, want 0", fc.Mean, fc.Upper)
		}
	}
}

func TestCrostonChoosesAlpha(t *testing.T) {
	y := make([]float64, 60)
	for i := range y {
		if i%4 == 0 {
			y[i] = 8
		}
	}
	fc := mustForecast(t, mustFit(t, &Croston{Variant: CrostonClassic}, y, 1), 1)
	// Size 8 every 4 periods; the interval starts at 1 (first demand at t=0)
	// and converges to 4, so the rate approaches 2.
	approx(t, "rate", fc.Mean[0], 2, 0.05)
	if math.IsNaN(fc.SD[0]) {
		t.Fatal("sd is NaN")
	}
}

package forecast

import (
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"MASEScale season 2", MASEScale([]float64{1, 3, 2, 4}, 2), 1},
		{"MASEScale lag 1 when too short", MASEScale([]float64{1, 3, 2}, 12), 1.5},
		{"MASEScale skips missing", MASEScale([]float64{1, math.NaN(), 2, 4}, 1), 2},
		{"MASE", MASE([]float64{1, 2, 3}, []float64{2, 2, 2}, 0.5), 4.0 / 3},
		{"SMAPE", SMAPE([]float64{1, 2, 3}, []float64{2, 2, 2}), (200.0/3 + 0 + 40) / 3},
		{"SMAPE both zero", SMAPE([]float64{0, 1}, []float64{0, 1}), 0},
		{"Coverage", Coverage([]float64{1, 5, math.NaN()}, []float64{0, 0, 0}, []float64{2, 2, 2}), 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { approx(t, tt.name, tt.got, tt.want, 1e-12) })
	}
	if !math.IsNaN(MASE([]float64{1}, []float64{1}, 0)) {
		t.Error("MASE with zero scale should be NaN")
	}
}

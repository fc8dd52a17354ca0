package insights

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

func TestFitLogisticRecoversWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	const n, d = 20000, 2
	x := make([]float64, n*d)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		a, b := rng.NormFloat64(), rng.NormFloat64()
		x[2*i], x[2*i+1] = a, b
		if rng.Float64() < sigmoid(0.5+2*a-1*b) {
			y[i] = 1
		}
	}
	l, err := FitLogistic(context.Background(), x, d, y, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	// The features are already standard normal, so weights are in the
	// generating units up to the sample sd.
	want := []float64{2 * l.SD[0], -1 * l.SD[1]}
	for j := range want {
		if math.Abs(l.Weights[j]-want[j]) > 0.1 {
			t.Errorf("weight %d = %.3f, want %.3f", j, l.Weights[j], want[j])
		}
	}
	if p := l.Predict([]float64{0, 0}); math.Abs(p-sigmoid(0.5)) > 0.03 {
		t.Errorf("P(0,0) = %.3f, want %.3f", p, sigmoid(0.5))
	}
}

func TestFitLogisticOneClass(t *testing.T) {
	if _, err := FitLogistic(context.Background(), []float64{1, 2, 3}, 1, []float64{1, 1, 1}, 1); err == nil {
		t.Fatal("want an error for one class")
	}
}

func TestAUC(t *testing.T) {
	tests := []struct {
		name           string
		scores, labels []float64
		want           float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []float64{0, 0, 1, 1}, 1},
		{"inverted", []float64{0.9, 0.8, 0.2, 0.1}, []float64{0, 0, 1, 1}, 0},
		{"ties", []float64{0.5, 0.5, 0.5, 0.5}, []float64{0, 1, 0, 1}, 0.5},
		{"mixed", []float64{0.1, 0.4, 0.35, 0.8}, []float64{0, 0, 1, 1}, 0.75},
		{"one class", []float64{0.1, 0.2}, []float64{1, 1}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AUC(tt.scores, tt.labels); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("AUC = %g, want %g", got, tt.want)
			}
		})
	}
}

package supply

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestPredictFallbacks(t *testing.T) {
	tests := []struct {
		name   string
		y      []float64
		method string
		mean   float64
		note   string
	}{
		{"empty", nil, "zero", 0, "no sales"},
		{"zeros", []float64{0, 0, 0, 0, 0}, "zero", 0, "no sales"},
		{"short", []float64{2, 4}, "mean", 3, "only 2 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc, err := Predict(tt.y, shopmind.BucketDay, 5, 0.9, false)
			if err != nil {
				t.Fatal(err)
			}
			if fc.Method != tt.method || fc.Mean[4] != tt.mean || len(fc.Notes) != 1 || !strings.Contains(fc.Notes[0], tt.note) {
				t.Errorf("got %s mean %v notes %v", fc.Method, fc.Mean, fc.Notes)
			}
			if fc.Lower[0] > fc.Mean[0] || fc.Upper[0] < fc.Mean[0] || fc.Level != 0.9 {
				t.Errorf("interval %g..%g around %g at %g", fc.Lower[0], fc.Upper[0], fc.Mean[0], fc.Level)
			}
		})
	}
	for _, bad := range []struct {
		h     int
		level float64
		field string
	}{{0, 0.9, "horizon"}, {3, 1.5, "level"}} {
		if _, err := Predict([]float64{1, 2, 3, 4}, shopmind.BucketDay, bad.h, bad.level, false); shopmind.ErrorField(err) != bad.field {
			t.Errorf("h=%d level=%g: err %v, want field %s", bad.h, bad.level, err, bad.field)
		}
	}
}

func TestPredictWeeklySeason(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	y := make([]float64, 140)
	for k := range y {
		y[k] = 20 + 10*math.Sin(2*math.Pi*float64(k%7)/7) + rng.NormFloat64()
	}
	for _, thorough := range []bool{false, true} {
		fc, err := Predict(y, shopmind.BucketDay, 14, 0.95, thorough)
		if err != nil {
			t.Fatal(err)
		}
		var mae float64
		for k := range fc.Mean {
			want := 20 + 10*math.Sin(2*math.Pi*float64((140+k)%7)/7)
			mae += math.Abs(fc.Mean[k]-want) / 14
		}
		if mae > 1.5 {
			t.Errorf("thorough=%v: %s MAE %.2f against the true pattern, want <= 1.5", thorough, fc.Method, mae)
		}
	}
}

func TestMethodIntermittent(t *testing.T) {
	y := []float64{0, 0, 3, 0, 0, 0, 1, 0, 2, 0}
	if m := Method(y, false); m.Name() != "sba" {
		t.Errorf("method %s, want sba", m.Name())
	}
	if m := Method([]float64{1, 2, 3, 4}, false); m.Name() != "ets-fast" {
		t.Errorf("method %s, want ets-fast", m.Name())
	}
}

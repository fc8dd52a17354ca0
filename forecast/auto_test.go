package forecast

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestAutoPicksByBacktest(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	tests := []struct {
		name   string
		y      []float64
		season int
		want   []string // acceptable chosen method names
	}{
		{"Seasonal", seasonalSeries(96, 12, true, 1, r), 12, []string{"chose ets"}},
		{"Intermittent", func() []float64 {
			y := make([]float64, 120)
			for i := range y {
				if r.Float64() < 0.2 {
					y[i] = float64(1 + r.IntN(4))
				}
			}
			return y
		}(), 7, []string{"chose sba", "chose tsb", "chose ets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := mustForecast(t, mustFit(t, &Auto{}, tt.y, tt.season), 6)
			notes := strings.Join(fc.Notes, ";")
			ok := false
			for _, w := range tt.want {
				ok = ok || strings.Contains(notes, w)
			}
			if !ok || !strings.Contains(notes, "over 3 origins") {
				t.Fatalf("notes %q, want one of %v over 3 origins", notes, tt.want)
			}
			if tt.name == "Intermittent" && !strings.Contains(notes, "tsb ") {
				t.Errorf("intermittent candidates missing TSB: %q", notes)
			}
		})
	}
}

func TestAutoShortSeriesFallsBack(t *testing.T) {
	fc := mustForecast(t, mustFit(t, &Auto{}, []float64{3, 4, 5, 4, 3}, 1), 2)
	if !strings.Contains(strings.Join(fc.Notes, ";"), "too short to back-test") {
		t.Fatalf("notes %q, want a too-short note", fc.Notes)
	}
}

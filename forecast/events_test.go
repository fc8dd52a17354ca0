package forecast

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestEventsRecoverPromoEffect(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	weekly := []float64{0.8, 0.9, 1, 1, 1.1, 1.4, 0.8}
	n := 210
	y := make([]float64, n)
	labels := make([]string, n)
	for i := range y {
		y[i] = 100 * weekly[i%7] * (1 + 0.02*r.NormFloat64())
		if i%20 == 9 {
			labels[i] = "promo"
			y[i] *= 2
		}
	}
	em, err := FitEvents(FastETS(), y, 7, labels)
	if err != nil {
		t.Fatal(err)
	}
	approx(t, "promo effect", em.Effects["promo"], 2, 0.1)
	if em.Counts["promo"] != 11 {
		t.Errorf("promo count = %d, want 11", em.Counts["promo"])
	}
	future := make([]string, 7)
	future[2] = "promo"
	future[4] = "clearance" // never seen
	fc, err := em.Forecast(7, 0.9, future)
	if err != nil {
		t.Fatal(err)
	}
	base := 100 * weekly[(n+2)%7]
	approx(t, "promo day", fc.Mean[2], 2*base, 0.1*base)
	approx(t, "plain day", fc.Mean[3], 100*weekly[(n+3)%7], 5)
	if !strings.Contains(strings.Join(fc.Notes, ";"), `"clearance" has no history`) {
		t.Errorf("notes %q, want a note on the unknown event", fc.Notes)
	}
}

func TestEventsInvalid(t *testing.T) {
	_, err := FitEvents(SES(), []float64{1, 2, 3}, 1, []string{""})
	wantInvalid(t, err, "events")
	em, err := FitEvents(SES(), []float64{1, 2, 3, 2}, 1, make([]string, 4))
	if err != nil {
		t.Fatal(err)
	}
	_, err = em.Forecast(3, 0.9, []string{"x"})
	wantInvalid(t, err, "events")
	fc, err := em.Forecast(2, 0.9, nil)
	if err != nil || math.IsNaN(fc.Mean[0]) {
		t.Fatalf("forecast without future events: %v %v", fc, err)
	}
}

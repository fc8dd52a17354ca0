package demo

import (
	"math"
	"testing"
)

func TestTruths(t *testing.T) {
	m, err := NewShopperModel(Options{Seed: 5, Items: 200, Users: 300, Days: 120})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Departments()); got != 8 {
		t.Fatalf("%d departments, want 8", got)
	}
	p := m.DepartmentPreferences(m.Shop.Users[0].ID)
	var sum float64
	for _, x := range p {
		sum += x
	}
	if len(p) != 8 || math.Abs(sum-1) > 1e-9 {
		t.Fatalf("preferences %v sum to %g", p, sum)
	}
	if m.DepartmentPreferences("nobody") != nil {
		t.Fatal("an unknown user has preferences")
	}
	if q, ok := m.Quality(m.Shop.Items[0].ID); !ok || q < 0 || q > 1 {
		t.Fatalf("quality %g, %v", q, ok)
	}
	// Every review sentence of the demo is one of its phrases, and the
	// stars follow the tone: five-star reviews are mostly clearly positive,
	// one-star ones mostly clearly negative.
	var five, fivePos, one, oneNeg, aspects int
	for _, r := range m.Shop.Reviews {
		pos, neg := ReviewTone(r.Text)
		aspects += len(AspectTones(r.Text))
		switch r.Rating {
		case 5:
			five++
			if pos > 0 && neg == 0 {
				fivePos++
			}
		case 1:
			one++
			if neg > 0 && pos == 0 {
				oneNeg++
			}
		}
	}
	if five == 0 || one == 0 || aspects == 0 {
		t.Fatalf("%d five-star, %d one-star reviews, %d aspect sentences", five, one, aspects)
	}
	if float64(fivePos) < 0.5*float64(five) || float64(oneNeg) < 0.5*float64(one) {
		t.Fatalf("clearly positive %d of %d five-star; clearly negative %d of %d one-star", fivePos, five, oneNeg, one)
	}
	if got := PhraseTone(" The fit is perfect. "); got != 1 {
		t.Fatalf("PhraseTone(fit perfect) = %d", got)
	}
	if got := PhraseTone("The box arrived damaged."); got != -1 {
		t.Fatalf("PhraseTone(box damaged) = %d", got)
	}
}

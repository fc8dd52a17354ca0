package recommend

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomDataset returns users x items binary interactions with a
// popularity skew, seeded.
func randomDataset(users, items int, density float64, seed uint64) *Dataset {
	r := rand.New(rand.NewPCG(seed, seed))
	var inter []Interaction
	for u := 0; u < users; u++ {
		for i := 0; i < items; i++ {
			p := density * 3 / (1 + 4*float64(i)/float64(items))
			if r.Float64() < p {
				inter = append(inter, Interaction{User: fmt.Sprint("u", u), Item: fmt.Sprint("i", i), Value: 1})
			}
		}
	}
	return NewDataset(inter, nil)
}

// referenceEASE is the textbook computation: a general (LU) inverse of
// X'X + lambda I, then B = -P/diag(P) off the diagonal.
func referenceEASE(t *testing.T, d *Dataset, lambda float64) []float64 {
	t.Helper()
	n := d.NumItems()
	g := mat.NewDense(n, n, nil)
	for u := 0; u < d.NumUsers(); u++ {
		items, _ := d.UserItems(u)
		for _, i := range items {
			for _, j := range items {
				g.Set(int(i), int(j), g.At(int(i), int(j))+1)
			}
		}
	}
	for i := 0; i < n; i++ {
		g.Set(i, i, g.At(i, i)+lambda)
	}
	var p mat.Dense
	if err := p.Inverse(g); err != nil {
		t.Fatal(err)
	}
	b := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				b[i*n+j] = -p.At(i, j) / p.At(j, j)
			}
		}
	}
	return b
}

// TestEASEMatchesInverse checks both exact routes (item-side Cholesky and
// user-side Woodbury) against the general inverse, and that a Gram matrix
// shared across lambdas gives the same weights as a fresh fit.
func TestEASEMatchesInverse(t *testing.T) {
	tests := []struct {
		name         string
		users, items int
		side         gramSide
	}{
		{"ItemSide", 150, 60, itemSide},
		{"UserSide", 40, 90, userSide},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := randomDataset(tt.users, tt.items, 0.08, 7)
			if got := easeSide(d); got != tt.side {
				t.Fatalf("side %d, want %d", got, tt.side)
			}
			cache := &gramCache{}
			for k, lambda := range []float64{0.5, 10, 250} {
				want := referenceEASE(t, d, lambda)
				m := &EASE{Params: EASEParams{Lambda: lambda}}
				shareGram(m, cache)
				ctx := context.Background()
				if k == 1 {
					ctx = WithWorkers(ctx, 1) // dpotrf + dpotri instead of the block sweep
				}
				if err := m.Fit(ctx, d, nil); err != nil {
					t.Fatal(err)
				}
				var worst, scale float64
				for k, w := range want {
					worst = max(worst, math.Abs(float64(m.state.B[k])-w))
					scale = max(scale, math.Abs(w))
				}
				if worst > 1e-5*scale || scale == 0 {
					t.Errorf("lambda=%g: max |B - reference| = %g (max |B| %g)", lambda, worst, scale)
				}
			}
			if cache.counts == nil || cache.side != tt.side {
				t.Errorf("the Gram counts were not cached for reuse")
			}
		})
	}
}

package recommend

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestRidgeSolverMatchesCholesky solves Gram systems X'X + lambda I of
// random binary X with the solver sparse-ease uses and with gonum's
// Cholesky: conjugate gradients where lambda dominates (the large-catalog
// case), the Cholesky fallback where it does not converge in budget, the
// same answer to 1e-6 either way.
func TestRidgeSolverMatchesCholesky(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	var s ridgeSolver
	var usedCG, usedChol bool
	for _, k := range []int{5, 40, 200} {
		for _, lambda := range []float64{0.5, 50, 5000} {
			users := 3 * k
			x := make([][]bool, users)
			for u := range x {
				x[u] = make([]bool, k)
				for i := range x[u] {
					x[u][i] = r.Float64() < 0.3/(1+float64(i)/10)
				}
			}
			g := mat.NewSymDense(k, nil)
			s.a = grow(s.a, k*k)
			clear(s.a)
			for a := 0; a < k; a++ {
				for b := a; b < k; b++ {
					var c float64
					for u := range x {
						if x[u][a] && x[u][b] {
							c++
						}
					}
					if a == b {
						c += lambda
					}
					g.SetSym(a, b, c)
					s.a[a*k+b] = c // upper triangle only, as neighbourhoodGram
				}
			}
			rhs := make([]float64, k)
			for i := range rhs {
				rhs[i] = float64(r.IntN(20))
			}
			var chol mat.Cholesky
			if !chol.Factorize(g) {
				t.Fatal("not positive definite")
			}
			var want mat.VecDense
			if err := chol.SolveVecTo(&want, mat.NewVecDense(k, append([]float64(nil), rhs...))); err != nil {
				t.Fatal(err)
			}
			cg, ch := s.cgSolves, s.cholSolves
			s.solve(k, rhs)
			usedCG = usedCG || s.cgSolves > cg
			usedChol = usedChol || s.cholSolves > ch
			var worst, scale float64
			for i, v := range rhs {
				worst = max(worst, math.Abs(v-want.AtVec(i)))
				scale = max(scale, math.Abs(want.AtVec(i)))
			}
			if worst > 1e-6*scale {
				t.Errorf("k=%d lambda=%g: max |x - cholesky| = %g (max |x| %g)", k, lambda, worst, scale)
			}
		}
	}
	if !usedCG || !usedChol {
		t.Errorf("routes used: conjugate gradients %v, Cholesky %v; want both", usedCG, usedChol)
	}
}

// TestSelectLargest checks the partial selection of sparse-ease's
// neighbours against a full sort.
func TestSelectLargest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for trial := 0; trial < 200; trial++ {
		n := 2 + r.IntN(300)
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = uint64(r.IntN(5))<<32 | uint64(^uint32(i)) // many ties in the count, as in real data
		}
		k := 1 + r.IntN(n-1)
		want := slices.Clone(keys)
		slices.Sort(want)
		slices.Reverse(want)
		selectLargest(keys, k)
		got := slices.Clone(keys[:k])
		slices.Sort(got)
		slices.Reverse(got)
		if !slices.Equal(got, want[:k]) {
			t.Fatalf("n=%d k=%d: got %v, want %v", n, k, got, want[:k])
		}
	}
}

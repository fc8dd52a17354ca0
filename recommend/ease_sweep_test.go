package recommend

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// randomGram returns lambda I + X'X for a random binary users x n X,
// row-major, both triangles.
func randomGram(n, users int, lambda float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, seed))
	x := make([][]int, users)
	for u := range x {
		for i := 0; i < n; i++ {
			if r.Float64() < 0.2/(1+float64(i)/50) {
				x[u] = append(x[u], i)
			}
		}
	}
	a := make([]float64, n*n)
	for _, items := range x {
		for _, i := range items {
			for _, j := range items {
				a[i*n+j]++
			}
		}
	}
	addDiagonal(a, n, lambda)
	return a
}

// TestInvertSPDSweep checks the block sweep against the Cholesky inverse
// (dpotrf + dpotri) for sizes below, at and around the pivot block.
func TestInvertSPDSweep(t *testing.T) {
	for _, n := range []int{1, 7, sweepBlock - 1, sweepBlock, sweepBlock + 1, 2*sweepBlock + 37} {
		for _, lambda := range []float64{0.5, 250} {
			t.Run(fmt.Sprintf("n=%d/lambda=%g", n, lambda), func(t *testing.T) {
				want := randomGram(n, 3*n+10, lambda, uint64(n))
				got := append([]float64(nil), want...)
				if err := invertSPD(context.Background(), want, n); err != nil {
					t.Fatal(err)
				}
				if err := invertSPDSweep(context.Background(), got, n); err != nil {
					t.Fatal(err)
				}
				var worst, scale float64
				for k := range want {
					worst = max(worst, math.Abs(got[k]-want[k]))
					scale = max(scale, math.Abs(want[k]))
				}
				if worst > 1e-9*scale {
					t.Errorf("max |sweep - cholesky| = %g (max |P| %g)", worst, scale)
				}
			})
		}
	}
}

// BenchmarkInvertSPD compares the two exact inverses of an n x n Gram
// matrix (SHOPMIND_FULL=1 adds n=4000).
func BenchmarkInvertSPD(b *testing.B) {
	sizes := []int{1000, 2000}
	if os.Getenv("SHOPMIND_FULL") == "1" {
		sizes = append(sizes, 4000)
	}
	for _, n := range sizes {
		a := randomGram(n, 2*n, 250, 1)
		for _, v := range []struct {
			name string
			f    func(context.Context, []float64, int) error
		}{{"cholesky", invertSPD}, {"sweep", invertSPDSweep}} {
			b.Run(fmt.Sprintf("n=%d/%s", n, v.name), func(b *testing.B) {
				m := make([]float64, n*n)
				for b.Loop() {
					copy(m, a)
					if err := v.f(context.Background(), m, n); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)*float64(n)*float64(n)/b.Elapsed().Seconds()*float64(b.N)/1e9, "GFLOP/s(n^3)")
			})
		}
	}
}

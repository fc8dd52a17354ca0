package recommend

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// ridgeSolver solves one neighbourhood's ridge system (X_N'X_N + lambda I)
// x = X_N'X_j, k x k, symmetric positive definite, for sparse-ease.
//
// A Cholesky factorisation costs k^3/3 multiply-adds whatever the matrix;
// with the lambdas sparse-ease uses on large, sparse catalogs the matrix is
// close to lambda*I (co-occurrence counts are small next to lambda), and
// conjugate gradients preconditioned by the diagonal reach the same
// solution (relative residual below cgTol) in a few k^2 matrix-vector
// products. cgBudget bounds the iterations by what Cholesky would have
// cost; a system that has not converged by then is solved by Cholesky, so
// the weights are the exact ridge solution either way, to cgTol.
type ridgeSolver struct {
	a          []float64 // k x k, both triangles
	chol       []float64 // copy of a for the Cholesky fallback
	r, z, p, q []float64
	inv        []float64 // 1/diag(a)
	// Counters for tests and benchmarks.
	cgSolves, cholSolves, cgIters int
	// Over the solver's life (one worker of one fit): systems tried by
	// conjugate gradients and how many converged. When most do not (small
	// lambda, dense data), the rest go straight to Cholesky.
	cgTried, cgWon int
}

// cgTol is the relative residual ||b - a x|| / ||b|| at which conjugate
// gradients stop: far below what float32 weights can hold, so the weights
// equal Cholesky's up to rounding.
const cgTol = 1e-7

// cgBudget is the most iterations worth trying on a k x k system before a
// Cholesky factorisation (about k^3/3 multiply-adds plus two k^2/2
// triangular solves) is cheaper than continuing (k^2 + 6k per iteration).
func cgBudget(k int) int { return max(8, k/4) }

// solve overwrites b with the solution of a x = b, where a (k x k,
// row-major) has its upper triangle set; the lower one is filled here.
func (s *ridgeSolver) solve(k int, b []float64) {
	a := s.a[:k*k]
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			a[i*k+j] = a[j*k+i]
		}
	}
	if k > 8 && (s.cgTried < 32 || 2*s.cgWon >= s.cgTried) {
		s.cgTried++
		if s.cg(k, b) {
			s.cgWon++
			s.cgSolves++
			return
		}
	}
	s.cholSolves++
	s.chol = append(s.chol[:0], a...)
	sym := blas64.Symmetric{N: k, Stride: k, Data: s.chol, Uplo: blas.Upper}
	tri, ok := lapack64.Potrf(sym)
	if !ok { // never for a Gram matrix plus lambda > 0
		clear(b)
		return
	}
	lapack64.Potrs(tri, blas64.General{Rows: k, Cols: 1, Stride: 1, Data: b})
}

// cg runs Jacobi-preconditioned conjugate gradients from x = 0 and writes
// x into b when it converges within cgBudget(k) iterations; otherwise it
// leaves b unchanged and returns false.
func (s *ridgeSolver) cg(k int, b []float64) bool {
	a := s.a[:k*k]
	s.r = append(s.r[:0], b...)
	s.z = grow(s.z, k)
	s.p = grow(s.p, k)
	s.q = grow(s.q, k)
	s.inv = grow(s.inv, k)
	x := s.chol[:0] // x lives in the fallback's buffer until it is copied out
	x = append(x, make([]float64, k)...)
	s.chol = x
	for i := 0; i < k; i++ {
		s.inv[i] = 1 / a[i*k+i]
	}
	bnorm := floats.Norm(b, 2)
	if bnorm == 0 {
		clear(b)
		return true
	}
	stop := cgTol * bnorm
	floats.MulTo(s.z, s.inv, s.r)
	copy(s.p, s.z)
	rz := floats.Dot(s.r, s.z)
	mat := blas64.General{Rows: k, Cols: k, Stride: k, Data: a}
	pv := blas64.Vector{N: k, Inc: 1, Data: s.p}
	qv := blas64.Vector{N: k, Inc: 1, Data: s.q}
	for it := 1; it <= cgBudget(k); it++ {
		s.cgIters++
		blas64.Gemv(blas.NoTrans, 1, mat, pv, 0, qv)
		pq := floats.Dot(s.p, s.q)
		if pq <= 0 || math.IsNaN(pq) {
			return false
		}
		alpha := rz / pq
		floats.AddScaled(x, alpha, s.p)
		floats.AddScaled(s.r, -alpha, s.q)
		if floats.Norm(s.r, 2) <= stop {
			copy(b, x)
			return true
		}
		floats.MulTo(s.z, s.inv, s.r)
		rzNext := floats.Dot(s.r, s.z)
		beta := rzNext / rz
		rz = rzNext
		// p = z + beta p
		floats.Scale(beta, s.p)
		floats.Add(s.p, s.z)
	}
	return false
}

// grow returns s resized to n, reusing its array when large enough; the
// contents are unspecified.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

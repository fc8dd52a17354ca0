package recommend

import (
	"context"

	"github.com/shopmind/shopmind"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// invertGram inverts the symmetric positive definite a (n x n, row-major)
// in place. Both routes do n^3 multiply-adds; the block sweep spends them in
// gonum's dgemm, which runs on every core, dpotrf + dpotri mostly in
// single-threaded kernels. gonum's threads cannot be bounded, so a fit
// held to one worker (WithWorkers: serve's background retrains) takes the
// mostly single-threaded route and leaves requests the other core.
func invertGram(ctx context.Context, a []float64, n int) error {
	if Workers(ctx) < 2 {
		return invertSPD(ctx, a, n)
	}
	return invertSPDSweep(ctx, a, n)
}

// invertSPD replaces a (n x n, row-major, both triangles, symmetric positive
// definite) by its inverse, in place: a Cholesky factorisation (LAPACK
// dpotrf) and the inverse from the factor (dpotri) on the upper triangle,
// then the lower triangle mirrored. It returns EINTERNAL when a is not
// positive definite (a Gram matrix plus lambda > 0 always is).
func invertSPD(ctx context.Context, a []float64, n int) error {
	sym := blas64.Symmetric{N: n, Stride: n, Data: a, Uplo: blas.Upper}
	tri, ok := lapack64.Potrf(sym)
	if !ok {
		return shopmind.Errorf(shopmind.EINTERNAL, "ease: gram matrix is not positive definite")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, ok := lapack64.Potri(tri); !ok {
		return shopmind.Errorf(shopmind.EINTERNAL, "ease: gram matrix is singular")
	}
	return parallel(ctx, n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := 0; j < i; j++ {
				a[i*n+j] = a[j*n+i]
			}
		}
	})
}

// easeItemSide computes EASE's B from P = (X'X + lambda I)^-1:
// B[i][j] = -P[i][j] / P[j][j] off the diagonal, 0 on it.
func easeItemSide(ctx context.Context, d *Dataset, lambda float64, cache *gramCache, progress Progress) ([]float32, error) {
	n := d.NumItems()
	p := make([]float64, n*n)
	if err := cache.gram(ctx, d, itemSide, lambda, p); err != nil {
		return nil, err
	}
	progress.Report("gram", 1, 3)
	if err := invertGram(ctx, p, n); err != nil {
		return nil, err
	}
	progress.Report("inverse", 2, 3)
	b := make([]float32, n*n)
	err := parallel(ctx, n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := p[i*n : (i+1)*n]
			for j, v := range row {
				if i != j {
					b[i*n+j] = float32(-v / p[j*n+j])
				}
			}
		}
	})
	return b, err
}

// easeUserSide computes the same B through the Woodbury identity. With
// K = XX' + lambda I and Q = I - X' K^-1 X, P = Q / lambda, so
// B[i][j] = -Q[i][j] / Q[j][j] = (X' W)[i][j] / Q[j][j] for i != j, where
// W = K^-1 X (users x items) and Q[j][j] = 1 - (X' W)[j][j]. Only K is
// inverted; W and X'W follow from X's non-zeros.
func easeUserSide(ctx context.Context, d *Dataset, lambda float64, cache *gramCache, progress Progress) ([]float32, error) {
	m, n := d.NumUsers(), d.NumItems()
	k := make([]float64, m*m)
	if err := cache.gram(ctx, d, userSide, lambda, k); err != nil {
		return nil, err
	}
	progress.Report("gram", 1, 3)
	if err := invertGram(ctx, k, m); err != nil {
		return nil, err
	}
	// W[u][j] = sum over j's users v of Kinv[u][v]; built by rows u.
	w := make([]float64, m*n)
	err := parallel(ctx, m, func(lo, hi int) {
		for j := 0; j < n; j++ {
			users, _ := d.ItemUsers(j)
			for u := lo; u < hi; u++ {
				kr := k[u*m : (u+1)*m]
				var s float64
				for _, v := range users {
					s += kr[v]
				}
				w[u*n+j] = s
			}
		}
	})
	if err != nil {
		return nil, err
	}
	k = nil // users^2 float64s the GC may take back before B is allocated
	progress.Report("inverse", 2, 3)
	diag := make([]float64, n) // Q[j][j]
	for j := 0; j < n; j++ {
		users, _ := d.ItemUsers(j)
		var s float64
		for _, u := range users {
			s += w[int(u)*n+j]
		}
		diag[j] = 1 - s
	}
	b := make([]float32, n*n)
	err = parallel(ctx, n, func(lo, hi int) {
		acc := make([]float64, n)
		for i := lo; i < hi; i++ {
			clear(acc)
			users, _ := d.ItemUsers(i)
			for _, u := range users {
				floats.Add(acc, w[int(u)*n:(int(u)+1)*n])
			}
			row := b[i*n : (i+1)*n]
			for j, v := range acc {
				if j != i {
					row[j] = float32(v / diag[j])
				}
			}
		}
	})
	return b, err
}

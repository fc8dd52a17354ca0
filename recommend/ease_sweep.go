package recommend

import (
	"context"

	"github.com/shopmind/shopmind"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// sweepBlock is the pivot block of invertSPDSweep: the inner dimension of
// its matrix products.
const sweepBlock = 192

// invertSPDSweep replaces a (n x n, row-major, symmetric positive definite,
// upper triangle read) by its inverse, both triangles, in place. It is the
// block sweep operator (block Gauss-Jordan without pivoting, which needs
// none on a positive definite matrix): sweeping pivot block k with
// D = A_kk^-1 sets
//
//	A_ij -= A_ik D A_kj   (i, j != k)
//	A_ik  = A_ik D,  A_kj = D A_kj,  A_kk = -D
//
// and sweeping every block leaves -A^-1. Its n^3 multiply-adds (as many as
// Cholesky plus the inverse from the factor, dpotrf + dpotri) are almost
// all general matrix products (dgemm) on the upper triangle, the one kernel
// of gonum's BLAS that is blocked for the cache and runs on every core;
// dpotrf and dpotri spend most of theirs in single-threaded triangular
// kernels.
func invertSPDSweep(ctx context.Context, a []float64, n int) error {
	bs := min(sweepBlock, n)
	f := make([]float64, n*bs) // F = A[:, k] (zero on k's rows)
	g := make([]float64, n*bs) // G = F D
	d := make([]float64, bs*bs)
	for k0 := 0; k0 < n; k0 += bs {
		if err := ctx.Err(); err != nil {
			return err
		}
		k1 := min(k0+bs, n)
		b := k1 - k0
		f, g, d := f[:n*b], g[:n*b], d[:b*b]
		for i := 0; i < n; i++ {
			row := f[i*b : (i+1)*b]
			switch {
			case i < k0:
				copy(row, a[i*n+k0:i*n+k1])
			case i >= k1:
				for c := range row {
					row[c] = a[(k0+c)*n+i]
				}
			default:
				clear(row)
			}
		}
		for r := 0; r < b; r++ {
			copy(d[r*b+r:(r+1)*b], a[(k0+r)*n+k0+r:(k0+r)*n+k1])
		}
		sym := blas64.Symmetric{N: b, Stride: b, Data: d, Uplo: blas.Upper}
		tri, ok := lapack64.Potrf(sym)
		if !ok {
			return shopmind.Errorf(shopmind.EINTERNAL, "ease: gram matrix is not positive definite")
		}
		if _, ok := lapack64.Potri(tri); !ok {
			return shopmind.Errorf(shopmind.EINTERNAL, "ease: gram matrix is singular")
		}
		for r := 0; r < b; r++ {
			for c := 0; c < r; c++ {
				d[r*b+c] = d[c*b+r]
			}
		}
		fm := blas64.General{Rows: n, Cols: b, Stride: b, Data: f}
		gm := blas64.General{Rows: n, Cols: b, Stride: b, Data: g}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, fm, blas64.General{Rows: b, Cols: b, Stride: b, Data: d}, 0, gm)
		// Upper triangle (with the diagonal blocks whole): row block r
		// takes G_r F_c' for every column c >= r. k's rows are left out
		// and k's column gets zero (F is zero there); both are set below.
		for r0 := 0; r0 < n; r0 += bs {
			r1 := min(r0+bs, n)
			if r0 == k0 {
				continue
			}
			gr := blas64.General{Rows: r1 - r0, Cols: b, Stride: b, Data: g[r0*b:]}
			fc := blas64.General{Rows: n - r0, Cols: b, Stride: b, Data: f[r0*b:]}
			c := blas64.General{Rows: r1 - r0, Cols: n - r0, Stride: n, Data: a[r0*n+r0:]}
			blas64.Gemm(blas.NoTrans, blas.Trans, -1, gr, fc, 1, c)
		}
		for i := 0; i < k0; i++ {
			copy(a[i*n+k0:i*n+k1], g[i*b:(i+1)*b])
		}
		for c := 0; c < b; c++ {
			row := a[(k0+c)*n:]
			for j := k1; j < n; j++ {
				row[j] = g[j*b+c]
			}
			for j := c; j < b; j++ {
				row[k0+j] = -d[c*b+j]
			}
		}
	}
	if err := parallel(ctx, n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := i; j < n; j++ {
				a[i*n+j] = -a[i*n+j]
			}
		}
	}); err != nil {
		return err
	}
	return parallel(ctx, n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := 0; j < i; j++ {
				a[i*n+j] = a[j*n+i]
			}
		}
	})
}

package recommend

import (
	"context"

	"gonum.org/v1/gonum/floats"
)

// easeItemSide computes EASE's B from P = (X'X + lambda I)^-1:
// B[i][j] = -P[i][j] / P[j][j] off the diagonal, 0 on it.
func easeItemSide(ctx context.Context, d *Dataset, lambda float64, cache *gramCache, progress Progress) ([]float32, error) {
	n := d.NumItems()
	p := make([]float64, n*n)
	if err := cache.gram(ctx, d, itemSide, lambda, p); err != nil {
		return nil, err
	}
	progress.report("gram", 1, 3)
	if err := invertSPDSweep(ctx, p, n); err != nil {
		return nil, err
	}
	progress.report("inverse", 2, 3)
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
	progress.report("gram", 1, 3)
	if err := invertSPDSweep(ctx, k, m); err != nil {
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
	progress.report("inverse", 2, 3)
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

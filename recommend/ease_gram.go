package recommend

import (
	"context"
	"sync"
)

// The Gram matrix of EASE is X'X for the binary user-item matrix X. Its
// inverse (plus lambda on the diagonal) is what EASE needs, and two exact
// routes lead there:
//
//   - item side: invert the items x items matrix X'X + lambda I (invertSPDSweep),
//     O(items^3);
//   - user side, when there are fewer users than items: by the Woodbury
//     identity (X'X + lambda I)^-1 = (I - X' (XX' + lambda I)^-1 X) / lambda,
//     so only the users x users matrix XX' + lambda I is inverted,
//     O(users^3 + nnz*items).
//
// Both Gram matrices hold co-occurrence counts that do not depend on lambda;
// a gramCache keeps one across the fits of a tuning run, where each lambda
// only changes the diagonal.

// gramSide says which Gram matrix a fit uses.
type gramSide int

const (
	itemSide gramSide = iota // X'X, items x items
	userSide                 // XX', users x users
)

// easeSide picks the cheaper exact route for d.
func easeSide(d *Dataset) gramSide {
	if d.NumUsers() < d.NumItems() {
		return userSide
	}
	return itemSide
}

// maxCachedGram bounds the bytes a gramCache keeps (counts as float32).
const maxCachedGram = 256 << 20

// gramCache holds the co-occurrence counts of one dataset, lambda-free, for
// reuse by several EASE fits on that dataset. It is safe for concurrent use.
type gramCache struct {
	mu     sync.Mutex
	d      *Dataset
	side   gramSide
	n      int
	counts []float32 // n x n row-major, exact below 2^24
}

// gram writes lambda*I plus the Gram matrix of side into dst (n x n,
// row-major, both triangles), reusing c's counts when c holds them for d and
// side, and filling c when they fit in maxCachedGram. c may be nil.
func (c *gramCache) gram(ctx context.Context, d *Dataset, side gramSide, lambda float64, dst []float64) error {
	n := d.NumItems()
	if side == userSide {
		n = d.NumUsers()
	}
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.d == d && c.side == side && c.n == n && c.counts != nil {
			for k, v := range c.counts {
				dst[k] = float64(v)
			}
			addDiagonal(dst, n, lambda)
			return nil
		}
	}
	if err := gramCounts(ctx, d, side, dst); err != nil {
		return err
	}
	if c != nil && 4*n*n <= maxCachedGram {
		counts := make([]float32, n*n)
		for k, v := range dst {
			counts[k] = float32(v)
		}
		c.d, c.side, c.n, c.counts = d, side, n, counts
	}
	addDiagonal(dst, n, lambda)
	return nil
}

func addDiagonal(a []float64, n int, v float64) {
	for i := 0; i < n; i++ {
		a[i*n+i] += v
	}
}

// gramCounts writes the co-occurrence counts of side into dst (zeroed by the
// caller's allocation or overwritten here): for the item side, row i counts
// for every j the users having both i and j; for the user side, row u counts
// for every v the items both have. Rows are computed on all cores.
func gramCounts(ctx context.Context, d *Dataset, side gramSide, dst []float64) error {
	outer, inner := d.ItemUsers, d.UserItems
	n := d.NumItems()
	if side == userSide {
		outer, inner = d.UserItems, d.ItemUsers
		n = d.NumUsers()
	}
	return parallel(ctx, n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := dst[i*n : (i+1)*n]
			clear(row)
			mids, _ := outer(i)
			for _, u := range mids {
				others, _ := inner(int(u))
				for _, j := range others {
					row[j]++
				}
			}
		}
	})
}

// shareGram lets m, and the EASE parts of a Hybrid m, use c.
func shareGram(m Model, c *gramCache) {
	switch mm := m.(type) {
	case *EASE:
		mm.gram = c
	case *Hybrid:
		for _, p := range mm.Parts {
			shareGram(p.Model, c)
		}
	}
}

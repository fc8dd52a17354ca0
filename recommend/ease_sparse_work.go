package recommend

import "slices"

// sparseColumns holds B's columns restricted to each item's neighbourhood,
// in two flat arrays with a fixed stride of k per column (no allocation per
// item): column j is idx/val[j*k : j*k+n[j]].
type sparseColumns struct {
	k   int
	n   []int32
	idx []int32
	val []float32
}

func newSparseColumns(items, k int) *sparseColumns {
	k = max(k, 0)
	return &sparseColumns{k: k, n: make([]int32, items), idx: make([]int32, items*k), val: make([]float32, items*k)}
}

func (c *sparseColumns) column(j int) ([]int32, []float32) {
	a := j * c.k
	b := a + int(c.n[j])
	return c.idx[a:b], c.val[a:b]
}

// transpose turns B's columns into rows by history item.
func (c *sparseColumns) transpose() neighbourList {
	n := len(c.n)
	nl := neighbourList{Ptr: make([]int, n+1)}
	for j := 0; j < n; j++ {
		idx, _ := c.column(j)
		for _, i := range idx {
			nl.Ptr[i+1]++
		}
	}
	for i := 0; i < n; i++ {
		nl.Ptr[i+1] += nl.Ptr[i]
	}
	nl.Idx = make([]int32, nl.Ptr[n])
	nl.Sim = make([]float32, nl.Ptr[n])
	next := append([]int(nil), nl.Ptr[:n]...)
	for j := 0; j < n; j++ {
		idx, val := c.column(j)
		for q, i := range idx {
			nl.Idx[next[i]] = int32(j)
			nl.Sim[next[i]] = val[q]
			next[i]++
		}
	}
	return nl
}

// sparseEASEWork is one worker's scratch space, reused for every item it
// solves.
type sparseEASEWork struct {
	d       *Dataset
	k       int
	co      []int32 // by item: co-occurrence count with the current item
	touched []int32
	keys    []uint64 // candidates: count<<32 | ^item, larger is better
	nb      []int32  // the neighbourhood, ascending
	ucnt    []int32  // by user: neighbourhood items they have (pass 1), then fill offset
	users   []int32  // users with at least one neighbourhood item
	flat    []int32  // neighbourhood positions grouped by user
	rhs     []float64
	solver  ridgeSolver
}

func newSparseEASEWork(d *Dataset, k int) *sparseEASEWork {
	return &sparseEASEWork{d: d, k: k, co: make([]int32, d.NumItems()), ucnt: make([]int32, d.NumUsers())}
}

// column solves item j's neighbourhood regression into cols.
func (w *sparseEASEWork) column(j int, lambda float64, cols *sparseColumns) {
	d := w.d
	// Co-occurrence counts of j with every item it shares a user with.
	w.touched = w.touched[:0]
	users, _ := d.ItemUsers(j)
	for _, u := range users {
		items, _ := d.UserItems(int(u))
		for _, i := range items {
			if w.co[i] == 0 {
				w.touched = append(w.touched, i)
			}
			w.co[i]++
		}
	}
	// The K most frequent co-occurring items, ties by lower index: a
	// partial selection over packed keys, then the K in item order.
	w.keys = w.keys[:0]
	for _, i := range w.touched {
		if int(i) != j {
			w.keys = append(w.keys, uint64(w.co[i])<<32|uint64(^uint32(i)))
		}
	}
	if len(w.keys) > w.k {
		selectLargest(w.keys, w.k)
		w.keys = w.keys[:w.k]
	}
	w.nb = w.nb[:0]
	for _, key := range w.keys {
		w.nb = append(w.nb, int32(^uint32(key)))
	}
	slices.Sort(w.nb)
	k := len(w.nb)
	w.rhs = grow(w.rhs, k)
	for q, i := range w.nb {
		w.rhs[q] = float64(w.co[i])
	}
	for _, i := range w.touched {
		w.co[i] = 0
	}
	cols.n[j] = int32(k)
	if k == 0 {
		return
	}
	idx, val := cols.column(j)
	copy(idx, w.nb)
	w.neighbourhoodGram(lambda)
	w.solver.solve(k, w.rhs)
	for q, v := range w.rhs[:k] {
		val[q] = float32(v)
	}
}

// neighbourhoodGram writes X_N'X_N + lambda I for the neighbourhood w.nb
// into the upper triangle of w.solver.a, k x k: the users of the
// neighbourhood items are grouped by user (two counting passes), and each
// user adds the outer product of the neighbourhood items they have.
func (w *sparseEASEWork) neighbourhoodGram(lambda float64) {
	d := w.d
	nb := w.nb
	k := len(nb)
	w.solver.a = grow(w.solver.a, k*k)
	g := w.solver.a
	clear(g)
	w.users = w.users[:0]
	total := 0
	for _, a := range nb {
		us, _ := d.ItemUsers(int(a))
		for _, u := range us {
			if w.ucnt[u] == 0 {
				w.users = append(w.users, u)
			}
			w.ucnt[u]++
		}
		total += len(us)
	}
	// ucnt becomes each user's fill offset into flat.
	off := int32(0)
	for _, u := range w.users {
		c := w.ucnt[u]
		w.ucnt[u] = off
		off += c
	}
	if cap(w.flat) < total {
		w.flat = make([]int32, total)
	}
	w.flat = w.flat[:total]
	for q, a := range nb {
		us, _ := d.ItemUsers(int(a))
		for _, u := range us {
			w.flat[w.ucnt[u]] = int32(q)
			w.ucnt[u]++
		}
	}
	// After the fill, ucnt[u] is the end of u's group; groups are in
	// w.users order, so each starts where the previous ended.
	start := int32(0)
	for _, u := range w.users {
		end := w.ucnt[u]
		grp := w.flat[start:end]
		for x, a := range grp {
			row := g[int(a)*k:]
			for _, b := range grp[x:] {
				row[b]++ // positions ascend within a group: upper triangle
			}
		}
		w.ucnt[u] = 0
		start = end
	}
	for q := 0; q < k; q++ {
		g[q*k+q] += lambda
	}
}

// selectLargest reorders keys so that its first k hold the k largest, in
// no particular order (quickselect, median-of-three pivots). 0 < k < len(keys).
func selectLargest(keys []uint64, k int) {
	lo, hi := 0, len(keys)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		// Median of three to keys[hi], as the pivot.
		if keys[mid] > keys[lo] {
			keys[mid], keys[lo] = keys[lo], keys[mid]
		}
		if keys[hi] > keys[lo] {
			keys[hi], keys[lo] = keys[lo], keys[hi]
		}
		if keys[mid] > keys[hi] {
			keys[mid], keys[hi] = keys[hi], keys[mid]
		}
		pivot := keys[hi]
		// Partition descending: larger than the pivot first.
		s := lo
		for i := lo; i < hi; i++ {
			if keys[i] > pivot {
				keys[i], keys[s] = keys[s], keys[i]
				s++
			}
		}
		keys[s], keys[hi] = keys[hi], keys[s]
		switch {
		case s == k || s == k-1:
			return
		case s > k:
			hi = s - 1
		default:
			lo = s + 1
		}
	}
}

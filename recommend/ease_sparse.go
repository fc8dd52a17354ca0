package recommend

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/shopmind/shopmind"
)

// SparseEASEParams are the hyper-parameters of SparseEASE.
type SparseEASEParams struct {
	Lambda float64 // L2 regularisation, as EASE's
	// K is the number of neighbours (the items co-occurring most often with
	// it) that may predict each item; memory and time grow with
	// items*K and items*K^3.
	K int
	// MaxRow caps the weights kept per history item (its row of B), the
	// largest in magnitude first; 0 keeps all. A popular item sits in many
	// items' neighbourhoods, and its row is what serving adds up per
	// history item.
	MaxRow int
}

// DefaultSparseEASEParams returns Lambda=4000, K=200, MaxRow=500 (pruning
// rows to 500 weights cost no NDCG@10 on MovieLens-100K or a generated
// 20,000-item shop and bounds serving work per history item). The large lambda suits
// the sparse, large catalogs this model is for (on the generated
// 100,000-item shop lambda=250 ranks below item-kNN, 4000 doubles it);
// tuning picks 400 on MovieLens-100K (docs/benchmarks.md).
func DefaultSparseEASEParams() SparseEASEParams {
	return SparseEASEParams{Lambda: 4000, K: 200, MaxRow: 500}
}

func (p SparseEASEParams) validate() error {
	if p.Lambda <= 0 {
		return shopmind.FieldErrorf("lambda", "lambda must be > 0")
	}
	if p.K < 1 || p.K > 2000 {
		return shopmind.FieldErrorf("k", "k must be from 1 to 2000, got %d", p.K)
	}
	if p.MaxRow < 0 {
		return shopmind.FieldErrorf("max_row", "max_row must be >= 0 (0 keeps every weight), got %d", p.MaxRow)
	}
	return nil
}

// SparseEASE is EASE restricted to neighbourhoods, for catalogs too large
// for the dense items x items matrix. EASE's column j is the ridge
// regression of item j's column of X on all other items' columns; here it
// regresses only on N(j), the K items co-occurring most often with j:
//
//	B[N(j)][j] = (X_N'X_N + lambda I)^-1 X_N'X_j
//
// one K x K Cholesky solve per item, in parallel. Memory grows with
// items*K, not items^2; with K >= items-1 the weights equal EASE's.
// Scores are history · B, served like ItemKNN's neighbour sums.
type SparseEASE struct {
	Params SparseEASEParams
	state  sparseEASEState
	// solveStats counts the last fit's systems solved by conjugate
	// gradients, by Cholesky, and the conjugate-gradient iterations.
	solveStats [3]int
}

type sparseEASEState struct {
	Params SparseEASEParams
	NItems int
	N      neighbourList // row i: the items i helps predict, with B[i][j]
}

// NewSparseEASE returns a SparseEASE with default parameters.
func NewSparseEASE() *SparseEASE { return &SparseEASE{Params: DefaultSparseEASEParams()} }

// Name implements Model.
func (m *SparseEASE) Name() string { return "sparse-ease" }

// Fit implements Model. It returns EINVALID naming the field for bad
// parameters and for a dataset without interactions.
func (m *SparseEASE) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	p := m.Params
	if err := p.validate(); err != nil {
		return err
	}
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	n := d.NumItems()
	cols := newSparseColumns(n, min(p.K, n-1))
	nw := Workers(ctx)
	pool := make(chan *sparseEASEWork, nw) // scratch of each worker, made once
	for range nw {
		pool <- nil
	}
	const block = 4096 // items between progress reports and cancellation checks
	var stats [3]int
	var mu sync.Mutex
	for lo := 0; lo < n; lo += block {
		hi := min(lo+block, n)
		var next atomic.Int64
		next.Store(int64(lo))
		err := parallel(ctx, nw, func(a, b int) {
			for range b - a {
				w := <-pool
				if w == nil {
					w = newSparseEASEWork(d, p.K)
				}
				for j := int(next.Add(1) - 1); j < hi; j = int(next.Add(1) - 1) {
					w.column(j, p.Lambda, cols)
				}
				mu.Lock()
				s := &w.solver
				stats[0], stats[1], stats[2] = stats[0]+s.cgSolves, stats[1]+s.cholSolves, stats[2]+s.cgIters
				s.cgSolves, s.cholSolves, s.cgIters = 0, 0, 0
				mu.Unlock()
				pool <- w
			}
		})
		if err != nil {
			return err
		}
		progress.Report("neighbourhood regressions", hi, n)
	}
	m.solveStats = stats
	nl := cols.transpose()
	cols = nil // items*K weights the GC may take back before pruning copies
	if p.MaxRow > 0 {
		nl = pruneRows(nl, p.MaxRow)
	}
	m.state = sparseEASEState{Params: p, NItems: n, N: nl}
	return nil
}

// pruneRows keeps the max largest-magnitude weights of each row, in their
// original (item) order; ties keep the earlier weight.
func pruneRows(nl neighbourList, max int) neighbourList {
	size := min(len(nl.Idx), (len(nl.Ptr)-1)*max)
	out := neighbourList{Ptr: make([]int, len(nl.Ptr)), Idx: make([]int32, 0, size), Sim: make([]float32, 0, size)}
	var keys []uint64
	var keep []int
	for r := 0; r+1 < len(nl.Ptr); r++ {
		a, b := nl.Ptr[r], nl.Ptr[r+1]
		if b-a <= max {
			out.Idx = append(out.Idx, nl.Idx[a:b]...)
			out.Sim = append(out.Sim, nl.Sim[a:b]...)
			out.Ptr[r+1] = len(out.Idx)
			continue
		}
		// |w| as float32 bits orders like |w|; the complemented offset
		// makes earlier weights win ties.
		keys = keys[:0]
		for k := a; k < b; k++ {
			keys = append(keys, uint64(math.Float32bits(abs32(nl.Sim[k])))<<32|uint64(^uint32(k-a)))
		}
		selectLargest(keys, max)
		keep = keep[:0]
		for _, key := range keys[:max] {
			keep = append(keep, a+int(^uint32(key)))
		}
		slices.Sort(keep)
		for _, k := range keep {
			out.Idx = append(out.Idx, nl.Idx[k])
			out.Sim = append(out.Sim, nl.Sim[k])
		}
		out.Ptr[r+1] = len(out.Idx)
	}
	return out
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// Score implements Model.
func (m *SparseEASE) Score(user int, history []int, dst []float32) {
	clear(dst)
	for _, i := range history {
		if i < 0 || i >= m.state.NItems {
			continue
		}
		idx, w := m.state.N.row(i)
		for q, j := range idx {
			dst[j] += w[q]
		}
	}
}

// String describes the parameters.
func (p SparseEASEParams) String() string { return fmt.Sprintf("lambda=%g k=%d", p.Lambda, p.K) }

// Marshal implements Model.
func (m *SparseEASE) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *SparseEASE) Unmarshal(r io.Reader) error {
	if err := readModel(r, m.Name(), &m.state); err != nil {
		return err
	}
	m.Params = m.state.Params
	return nil
}

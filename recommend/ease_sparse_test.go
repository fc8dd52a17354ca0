package recommend

import (
	"context"
	"fmt"
	"math"
	"sort"
	"testing"
)

// TestSparseEASEMatchesDense checks that with neighbourhoods holding every
// other item (every pair co-occurs here) the neighbourhood regressions give
// EASE's weights exactly, and that smaller neighbourhoods keep at most K
// weights per item.
func TestSparseEASEMatchesDense(t *testing.T) {
	d := randomDataset(120, 40, 0.3, 3)
	n := d.NumItems()
	for _, lambda := range []float64{20, 2000} { // Cholesky, conjugate gradients
		t.Run(fmt.Sprint("AllNeighbours/lambda=", lambda), func(t *testing.T) {
			dense := &EASE{Params: EASEParams{Lambda: lambda}}
			if err := dense.Fit(context.Background(), d, nil); err != nil {
				t.Fatal(err)
			}
			m := &SparseEASE{Params: SparseEASEParams{Lambda: lambda, K: n}}
			if err := m.Fit(context.Background(), d, nil); err != nil {
				t.Fatal(err)
			}
			if got := len(m.state.N.Idx); got != n*(n-1) {
				t.Fatalf("%d weights, want %d (every pair co-occurs)", got, n*(n-1))
			}
			t.Logf("systems solved by conjugate gradients %d, by Cholesky %d", m.solveStats[0], m.solveStats[1])
			var worst, scale float64
			for i := 0; i < n; i++ {
				idx, w := m.state.N.row(i)
				for q, j := range idx {
					want := float64(dense.state.B[i*n+int(j)])
					worst = max(worst, math.Abs(float64(w[q])-want))
					scale = max(scale, math.Abs(want))
				}
			}
			if worst > 1e-5*scale || scale == 0 {
				t.Errorf("max |B - EASE| = %g (max |B| %g)", worst, scale)
			}
		})
	}
	t.Run("TopK", func(t *testing.T) {
		m := &SparseEASE{Params: SparseEASEParams{Lambda: 20, K: 8}}
		if err := m.Fit(context.Background(), d, nil); err != nil {
			t.Fatal(err)
		}
		if got := len(m.state.N.Idx); got != 8*n {
			t.Errorf("%d weights, want %d", got, 8*n)
		}
	})
	t.Run("MaxRow", func(t *testing.T) {
		all := &SparseEASE{Params: SparseEASEParams{Lambda: 20, K: n}}
		m := &SparseEASE{Params: SparseEASEParams{Lambda: 20, K: n, MaxRow: 5}}
		for _, x := range []*SparseEASE{all, m} {
			if err := x.Fit(context.Background(), d, nil); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < n; i++ {
			idx, w := m.state.N.row(i)
			_, wAll := all.state.N.row(i)
			if len(idx) != 5 {
				t.Fatalf("row %d: %d weights, want 5", i, len(idx))
			}
			var kept, fifth float32 // smallest kept magnitude vs the 5th largest of the full row
			kept = abs32(w[0])
			for _, v := range w {
				kept = min(kept, abs32(v))
			}
			mags := make([]float64, len(wAll))
			for k, v := range wAll {
				mags[k] = -float64(abs32(v))
			}
			sort.Float64s(mags)
			fifth = float32(-mags[4])
			if kept != fifth {
				t.Fatalf("row %d: smallest kept |w| %g, want the 5th largest %g", i, kept, fifth)
			}
		}
	})
	t.Run("ErrK", func(t *testing.T) {
		m := &SparseEASE{Params: SparseEASEParams{Lambda: 20, K: 0}}
		if err := m.Fit(context.Background(), d, nil); err == nil {
			t.Error("k=0 accepted")
		}
	})
}

// TestHybridSparseEASEAboveLimit checks that the hybrid swaps EASE for
// SparseEASE when the catalog exceeds EASE's MaxItems, and that its
// recommendations still come from the collaborative part.
func TestHybridSparseEASEAboveLimit(t *testing.T) {
	d := randomDataset(120, 40, 0.1, 5)
	e := NewEASE()
	e.Params.MaxItems = 10
	h := &Hybrid{Parts: []HybridPart{{e, 1}, {NewPopularity(), 0.1}}}
	if err := h.Fit(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	se, ok := h.Parts[0].Model.(*SparseEASE)
	if !ok {
		t.Fatalf("part 0 is %s, want sparse-ease", h.Parts[0].Model.Name())
	}
	if se.Params != DefaultSparseEASEParams() || len(se.state.N.Idx) == 0 {
		t.Errorf("sparse part: lambda %g, %d weights", se.Params.Lambda, len(se.state.N.Idx))
	}
}

package recommend

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/shopmind/shopmind"
)

// Similarity is how kNN models compare two binary vectors.
type Similarity string

// The similarities kNN models support.
const (
	Cosine  Similarity = "cosine"  // |a∩b| / sqrt(|a||b|)
	Jaccard Similarity = "jaccard" // |a∩b| / |a∪b|
)

// neighbourList is a sparse top-k similarity matrix: row r's neighbours are
// Idx[Ptr[r]:Ptr[r+1]] with similarities Sim[...].
type neighbourList struct {
	Ptr []int
	Idx []int32
	Sim []float32
}

func (n *neighbourList) row(r int) ([]int32, []float32) {
	a, b := n.Ptr[r], n.Ptr[r+1]
	return n.Idx[a:b], n.Sim[a:b]
}

// sim computes the shrunk similarity of two sets of sizes na, nb with co
// common elements: the raw similarity times co/(co+shrink).
func (s Similarity) of(co, na, nb int, shrink float32) float32 {
	var v float64
	switch s {
	case Jaccard:
		v = float64(co) / float64(na+nb-co)
	default:
		v = float64(co) / math.Sqrt(float64(na)*float64(nb))
	}
	return float32(v) * float32(co) / (float32(co) + shrink)
}

func (s Similarity) validate() error {
	if s != Cosine && s != Jaccard {
		return shopmind.FieldErrorf("similarity", "similarity %q is not cosine or jaccard", s)
	}
	return nil
}

// topNeighbours computes, for each of n rows, the k most similar other rows
// under sim. The rows are sets: rowOf(r) lists r's columns and colOf(c) lists
// the rows having column c.
func topNeighbours(ctx context.Context, n, k int, sim Similarity, shrink float32,
	rowOf, colOf func(int) []int32, stage string, p Progress) (*neighbourList, error) {
	rows := make([][]Scored, n)
	const block = 256
	for lo := 0; lo < n; lo += block {
		hi := min(lo+block, n)
		err := parallel(ctx, hi-lo, func(a, b int) {
			co := make([]int, n)
			var touched []int
			for r := lo + a; r < lo+b; r++ {
				touched = touched[:0]
				for _, c := range rowOf(r) {
					for _, r2 := range colOf(int(c)) {
						if co[r2] == 0 {
							touched = append(touched, int(r2))
						}
						co[r2]++
					}
				}
				nr := len(rowOf(r))
				cand := make([]Scored, 0, len(touched))
				for _, r2 := range touched {
					if r2 != r {
						cand = append(cand, Scored{r2, sim.of(co[r2], nr, len(rowOf(r2)), shrink)})
					}
					co[r2] = 0
				}
				sort.Slice(cand, func(i, j int) bool { return better(cand[i], cand[j]) })
				if len(cand) > k {
					cand = cand[:k:k]
				}
				rows[r] = cand
			}
		})
		if err != nil {
			return nil, err
		}
		p.Report(stage, hi, n)
	}
	nl := &neighbourList{Ptr: make([]int, n+1)}
	for r, cand := range rows {
		nl.Ptr[r+1] = nl.Ptr[r] + len(cand)
		for _, s := range cand {
			nl.Idx = append(nl.Idx, int32(s.Item))
			nl.Sim = append(nl.Sim, s.Score)
		}
	}
	return nl, nil
}

// KNNParams are the hyper-parameters of ItemKNN and UserKNN.
type KNNParams struct {
	K          int        // neighbours kept per item (user)
	Shrink     float32    // similarity shrinkage toward 0 for small overlaps
	Similarity Similarity // cosine or jaccard
}

// DefaultKNNParams returns K=100, Shrink=10, cosine.
func DefaultKNNParams() KNNParams { return KNNParams{K: 100, Shrink: 10, Similarity: Cosine} }

func (p KNNParams) validate() error {
	if p.K < 1 {
		return shopmind.FieldErrorf("k", "k must be >= 1, got %d", p.K)
	}
	if p.Shrink < 0 {
		return shopmind.FieldErrorf("shrink", "shrink must be >= 0")
	}
	return p.Similarity.validate()
}

func (p KNNParams) String() string {
	return fmt.Sprintf("k=%d shrink=%g sim=%s", p.K, p.Shrink, p.Similarity)
}

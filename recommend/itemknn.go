package recommend

import (
	"context"
	"io"
)

// ItemKNN is item-based collaborative filtering: an item's score is the sum
// of its similarities to the items in the user's history, over each history
// item's K nearest neighbours. It needs only the history, so it serves
// unknown users and sessions as well.
type ItemKNN struct {
	Params KNNParams
	state  itemKNNState
}

type itemKNNState struct {
	Params KNNParams
	NItems int
	N      neighbourList
}

// NewItemKNN returns an ItemKNN with default parameters.
func NewItemKNN() *ItemKNN { return &ItemKNN{Params: DefaultKNNParams()} }

// Name implements Model.
func (m *ItemKNN) Name() string { return "itemknn" }

// Fit implements Model.
func (m *ItemKNN) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	if err := m.Params.validate(); err != nil {
		return err
	}
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	rowOf := func(i int) []int32 { u, _ := d.ItemUsers(i); return u }
	colOf := func(u int) []int32 { i, _ := d.UserItems(u); return i }
	nl, err := topNeighbours(ctx, d.NumItems(), m.Params.K, m.Params.Similarity, m.Params.Shrink, rowOf, colOf, "item similarities", progress)
	if err != nil {
		return err
	}
	m.state = itemKNNState{Params: m.Params, NItems: d.NumItems(), N: *nl}
	return nil
}

// Score implements Model.
func (m *ItemKNN) Score(user int, history []int, dst []float32) {
	clear(dst)
	for _, i := range history {
		if i < 0 || i >= m.state.NItems {
			continue
		}
		idx, sim := m.state.N.row(i)
		for n, j := range idx {
			dst[j] += sim[n]
		}
	}
}

// Neighbours returns item i's most similar items, best first, at most n.
func (m *ItemKNN) Neighbours(i, n int) []Scored {
	idx, sim := m.state.N.row(i)
	out := make([]Scored, 0, min(n, len(idx)))
	for k := 0; k < len(idx) && k < n; k++ {
		out = append(out, Scored{int(idx[k]), sim[k]})
	}
	return out
}

// Marshal implements Model.
func (m *ItemKNN) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *ItemKNN) Unmarshal(r io.Reader) error {
	if err := readModel(r, m.Name(), &m.state); err != nil {
		return err
	}
	m.Params = m.state.Params
	return nil
}

package recommend

import (
	"context"
	"io"
)

// UserKNN is user-based collaborative filtering: an item's score is the sum
// of the similarities of the user's K nearest neighbours who have it. For an
// unknown user, neighbours are found from the history at scoring time.
type UserKNN struct {
	Params KNNParams
	state  userKNNState
}

type userKNNState struct {
	Params           KNNParams
	NItems           int
	N                neighbourList
	UserPtr, ItemPtr []int // the training matrix by user and by item (binary)
	UserIdx, ItemIdx []int32
}

// NewUserKNN returns a UserKNN with default parameters.
func NewUserKNN() *UserKNN { return &UserKNN{Params: DefaultKNNParams()} }

// Name implements Model.
func (m *UserKNN) Name() string { return "userknn" }

// Fit implements Model.
func (m *UserKNN) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	if err := m.Params.validate(); err != nil {
		return err
	}
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	rowOf := func(u int) []int32 { i, _ := d.UserItems(u); return i }
	colOf := func(i int) []int32 { u, _ := d.ItemUsers(i); return u }
	nl, err := topNeighbours(ctx, d.NumUsers(), m.Params.K, m.Params.Similarity, m.Params.Shrink, rowOf, colOf, "user similarities", progress)
	if err != nil {
		return err
	}
	m.state = userKNNState{Params: m.Params, NItems: d.NumItems(), N: *nl,
		UserPtr: d.userPtr, UserIdx: d.userItems, ItemPtr: d.itemPtr, ItemIdx: d.itemUsers}
	return nil
}

func (s *userKNNState) userRow(u int) []int32 { return s.UserIdx[s.UserPtr[u]:s.UserPtr[u+1]] }
func (s *userKNNState) itemCol(i int) []int32 { return s.ItemIdx[s.ItemPtr[i]:s.ItemPtr[i+1]] }

// Score implements Model.
func (m *UserKNN) Score(user int, history []int, dst []float32) {
	clear(dst)
	s := &m.state
	nUsers := len(s.UserPtr) - 1
	if user >= 0 && user < nUsers {
		idx, sim := s.N.row(user)
		for n, v := range idx {
			for _, i := range s.userRow(int(v)) {
				dst[i] += sim[n]
			}
		}
		return
	}
	// Unknown user: neighbours from the history.
	co := map[int32]int{}
	nh := 0
	for _, i := range history {
		if i < 0 || i >= s.NItems {
			continue
		}
		nh++
		for _, v := range s.itemCol(i) {
			co[v]++
		}
	}
	cand := make([]Scored, 0, len(co))
	for v, c := range co {
		cand = append(cand, Scored{int(v), s.Params.Similarity.of(c, nh, len(s.userRow(int(v))), s.Params.Shrink)})
	}
	top := TopN(scoresOf(cand, nUsers), s.Params.K, nil, nil)
	for _, nb := range top {
		if nb.Score <= 0 {
			break
		}
		for _, i := range s.userRow(nb.Item) {
			dst[i] += nb.Score
		}
	}
}

// scoresOf spreads sparse scores into a dense slice of length n, NaN elsewhere.
func scoresOf(sparse []Scored, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32nan
	}
	for _, s := range sparse {
		out[s.Item] = s.Score
	}
	return out
}

// Marshal implements Model.
func (m *UserKNN) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *UserKNN) Unmarshal(r io.Reader) error {
	if err := readModel(r, m.Name(), &m.state); err != nil {
		return err
	}
	m.Params = m.state.Params
	return nil
}

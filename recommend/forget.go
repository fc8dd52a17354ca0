package recommend

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"slices"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/numeric"
)

// userState is a model that keeps something per training user (factors,
// embeddings, rows of the training matrix). forgetUser drops user u's in
// place: it is called on a private copy, never on a served model.
type userState interface {
	forgetUser(u int)
}

// HoldsUsers reports whether m keeps per-user state. EASE, ItemKNN,
// Content and Popularity keep only item-level aggregates.
func HoldsUsers(m Model) bool {
	if h, ok := m.(*Hybrid); ok {
		for _, p := range h.Parts {
			if HoldsUsers(p.Model) {
				return true
			}
		}
		return false
	}
	_, ok := m.(userState)
	return ok
}

// ScrubUsers removes the users ids from art and its model m, just
// trained on d: their ids, trained history and per-user state. A training
// that read the store before an erasure does not bring the user back when
// it is saved.
func ScrubUsers(art *Artifact, m Model, d *Dataset, ids []string) error {
	b, changed := NewBundle(m, d), false
	for _, id := range ids {
		u, ok := b.userIdx[id]
		if !ok {
			continue
		}
		nb, err := b.without(u)
		if err != nil {
			return err
		}
		b, art.Hist, changed = nb, art.Hist.without(u), true
	}
	if !changed {
		return nil
	}
	var bb bytes.Buffer
	if err := b.Save(&bb); err != nil {
		return err
	}
	art.Bundle = bb.Bytes()
	return nil
}

// StoredKnows reports whether a stored recommendation model lists userID,
// reading its ids without building the model.
func StoredKnows(m *shopmind.Model, userID string) (bool, error) {
	var art Artifact
	if err := gob.NewDecoder(bytes.NewReader(m.Data)).Decode(&art); err != nil {
		return false, err
	}
	var f bundleFile
	if err := gob.NewDecoder(bytes.NewReader(art.Bundle)).Decode(&f); err != nil {
		return false, err
	}
	return slices.Contains(f.Users, userID), nil
}

// DecodeArtifact reads a stored recommendation model.
func DecodeArtifact(m *shopmind.Model) (*Artifact, *Bundle, error) {
	var art Artifact
	if err := gob.NewDecoder(bytes.NewReader(m.Data)).Decode(&art); err != nil {
		return nil, nil, shopmind.Errorf(shopmind.EINVALID, "model %s v%d is not a recommendation model: %v", m.Name, m.Version, err)
	}
	b, err := LoadBundle(bytes.NewReader(art.Bundle))
	if err != nil {
		return nil, nil, err
	}
	return &art, b, nil
}

// EncodeWithout returns the stored form of art and b without user u.
func EncodeWithout(art *Artifact, b *Bundle, u int) ([]byte, error) {
	b2, err := b.without(u)
	if err != nil {
		return nil, err
	}
	var bb bytes.Buffer
	if err := b2.Save(&bb); err != nil {
		return nil, err
	}
	a2 := *art
	a2.Bundle = bb.Bytes()
	a2.Hist = art.Hist.without(u)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&a2); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return buf.Bytes(), nil
}

// Without returns a serving that does not know userID, and false when the
// serving did not know them.
func (sv *Serving) Without(userID string) (*Serving, bool) {
	u, ok := sv.bundle.userIdx[userID]
	if !ok {
		return nil, false
	}
	b, err := sv.bundle.without(u)
	if err != nil {
		// A model that cannot be copied still loses the user's history
		// and id; its factors stay until the next training.
		b = sv.bundle.withoutID(u)
	}
	n := *sv
	art := *sv.art
	art.Hist = sv.art.Hist.without(u)
	n.art, n.bundle = &art, b
	if b.Model != sv.bundle.Model {
		n.sparse = newSparseModel(b.Model)
		n.explain = explainParts(b.Model)
	}
	return &n, true
}

// withoutID returns a bundle sharing b's model in which user u has no id.
func (b *Bundle) withoutID(u int) *Bundle {
	users := append([]string(nil), b.Users...)
	users[u] = ""
	out := (&Bundle{Model: b.Model, Users: users, Items: b.Items}).index()
	delete(out.userIdx, "")
	return out
}

// without returns a bundle in which user u has no id and, when the model
// keeps per-user state, a copy of the model without u's.
func (b *Bundle) without(u int) (*Bundle, error) {
	out := b.withoutID(u)
	if !HoldsUsers(b.Model) {
		return out, nil
	}
	var buf bytes.Buffer
	if err := b.Model.Marshal(&buf); err != nil {
		return nil, err
	}
	m, err := New(b.Model.Name())
	if err != nil {
		return nil, err
	}
	if err := m.Unmarshal(&buf); err != nil {
		return nil, err
	}
	forgetIn(m, u)
	out.Model = m
	return out, nil
}

func forgetIn(m Model, u int) {
	if h, ok := m.(*Hybrid); ok {
		for _, p := range h.Parts {
			forgetIn(p.Model, u)
		}
		return
	}
	if us, ok := m.(userState); ok {
		us.forgetUser(u)
	}
}

// without returns the history without user u's pairs.
func (h TrainedHistory) without(u int) TrainedHistory {
	if u < 0 || u+1 >= len(h.Ptr) {
		return h
	}
	a, b := int(h.Ptr[u]), int(h.Ptr[u+1])
	cut := func(s []int32) []int32 {
		if len(s) != len(h.Item) {
			return s
		}
		return append(append(make([]int32, 0, len(s)-(b-a)), s[:a]...), s[b:]...)
	}
	out := h
	out.Item = cut(h.Item)
	if len(h.Sum) == len(h.Item) {
		out.Sum = append(append(make([]float32, 0, len(h.Sum)-(b-a)), h.Sum[:a]...), h.Sum[b:]...)
	}
	if len(h.Time) == len(h.Item) {
		out.Time = append(append(make([]int64, 0, len(h.Time)-(b-a)), h.Time[:a]...), h.Time[b:]...)
	}
	if len(h.Flags) == len(h.Item) {
		out.Flags = append(append(make([]uint8, 0, len(h.Flags)-(b-a)), h.Flags[:a]...), h.Flags[b:]...)
	}
	if len(h.Types) == len(h.Item) {
		out.Types = append(append(make([]uint16, 0, len(h.Types)-(b-a)), h.Types[:a]...), h.Types[b:]...)
	}
	out.Ptr = make([]int32, len(h.Ptr))
	for r := range h.Ptr {
		out.Ptr[r] = h.Ptr[r]
		if r > u {
			out.Ptr[r] -= int32(b - a)
		}
	}
	return out
}

// dropCSR removes row `row` (emptied, or none when row < 0) and every
// entry equal to val (none when val < 0) from a compressed sparse matrix.
func dropCSR(ptr []int, idx []int32, sim []float32, row int, val int32) ([]int, []int32, []float32) {
	nptr := make([]int, len(ptr))
	nidx := make([]int32, 0, len(idx))
	var nsim []float32
	if sim != nil {
		nsim = make([]float32, 0, len(sim))
	}
	for r := 0; r+1 < len(ptr); r++ {
		if r != row {
			for k := ptr[r]; k < ptr[r+1]; k++ {
				if val >= 0 && idx[k] == val {
					continue
				}
				nidx = append(nidx, idx[k])
				if sim != nil {
					nsim = append(nsim, sim[k])
				}
			}
		}
		nptr[r+1] = len(nidx)
	}
	return nptr, nidx, nsim
}

// forgetUser implements userState: u's factors become zero.
func (m *ALS) forgetUser(u int) {
	k := m.state.Params.Factors
	if u >= 0 && u < m.state.NUsers && (u+1)*k <= len(m.state.X) {
		clear(m.state.X[u*k : (u+1)*k])
	}
}

// forgetUser implements userState: u's factors become zero.
func (m *BPR) forgetUser(u int) {
	k := m.state.Params.Factors
	if u >= 0 && u < m.state.NUsers && (u+1)*k <= len(m.state.X) {
		clear(m.state.X[u*k : (u+1)*k])
	}
}

// forgetUser implements userState: u has no items and is nobody's
// neighbour.
func (m *UserKNN) forgetUser(u int) {
	s := &m.state
	s.N.Ptr, s.N.Idx, s.N.Sim = dropCSR(s.N.Ptr, s.N.Idx, s.N.Sim, u, int32(u))
	s.UserPtr, s.UserIdx, _ = dropCSR(s.UserPtr, s.UserIdx, nil, u, -1)
	s.ItemPtr, s.ItemIdx, _ = dropCSR(s.ItemPtr, s.ItemIdx, nil, -1, int32(u))
}

// forgetUser implements userState: u's embeddings become zero and u
// leaves the training matrix used for fold-in.
func (m *NeuMF) forgetUser(u int) {
	s := &m.state
	if u < 0 || u >= s.NUsers {
		return
	}
	s.ItemPtr, s.ItemIdx, _ = dropCSR(s.ItemPtr, s.ItemIdx, nil, -1, int32(u))
	for _, p := range []*numeric.Param{m.net.ugmf.Table, m.net.umlp.Table} {
		clear(p.W[u*p.Cols : (u+1)*p.Cols])
	}
	var w bytes.Buffer
	if err := numeric.WriteParams(&w, m.net.params()); err == nil {
		s.Weights = w.Bytes()
	}
}

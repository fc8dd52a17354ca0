package recommend

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"

	"github.com/shopmind/shopmind"
)

// Bundle is a trained model with the id mappings serving needs: it turns
// string ids into the model's indices and back. Save writes one, Load reads
// it back without the training Dataset.
type Bundle struct {
	Model   Model
	Users   []string // user index -> id
	Items   []string // item index -> id
	userIdx map[string]int
	itemIdx map[string]int
}

// NewBundle pairs a model fitted on d with d's ids.
func NewBundle(m Model, d *Dataset) *Bundle {
	return (&Bundle{Model: m, Users: d.Users, Items: d.Items}).index()
}

func (b *Bundle) index() *Bundle {
	b.userIdx = make(map[string]int, len(b.Users))
	for i, id := range b.Users {
		b.userIdx[id] = i
	}
	b.itemIdx = make(map[string]int, len(b.Items))
	for i, id := range b.Items {
		b.itemIdx[id] = i
	}
	return b
}

// ItemIndex returns the model index of item id.
func (b *Bundle) ItemIndex(id string) (int, bool) {
	i, ok := b.itemIdx[id]
	return i, ok
}

// UserIndex returns the model index of user id.
func (b *Bundle) UserIndex(id string) (int, bool) {
	u, ok := b.userIdx[id]
	return u, ok
}

// ScoredID is a recommended item id with its score.
type ScoredID struct {
	ItemID string  `json:"item_id"`
	Score  float32 `json:"score"`
}

// Recommend returns up to n item ids for userID (which may be unknown to the
// model) with the given history of item ids (unknown ids are ignored). The
// history is never recommended; candidate (nil: all) filters further
// (disliked items, business rules). For a known user, history should hold
// what they interacted with, e.g. from the event store.
func (b *Bundle) Recommend(userID string, history []string, n int, candidate func(itemID string) bool) []ScoredID {
	u, ok := b.userIdx[userID]
	if !ok {
		u = -1
	}
	hist := make([]int, 0, len(history))
	for _, id := range history {
		if i, ok := b.itemIdx[id]; ok {
			hist = append(hist, i)
		}
	}
	scores := make([]float32, len(b.Items))
	b.Model.Score(u, hist, scores)
	var cand func(int) bool
	if candidate != nil {
		cand = func(i int) bool { return candidate(b.Items[i]) }
	}
	top := TopN(scores, n, hist, cand)
	out := make([]ScoredID, len(top))
	for k, s := range top {
		out[k] = ScoredID{b.Items[s.Item], s.Score}
	}
	return out
}

type bundleFile struct {
	Name         string
	Users, Items []string
	Model        []byte
}

// Save writes the bundle: the model's name, the ids and the model.
func (b *Bundle) Save(w io.Writer) error {
	var buf bytes.Buffer
	if err := b.Model.Marshal(&buf); err != nil {
		return err
	}
	f := bundleFile{Name: b.Model.Name(), Users: b.Users, Items: b.Items, Model: buf.Bytes()}
	if err := gob.NewEncoder(w).Encode(&f); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	return nil
}

// LoadBundle reads a bundle written by Save. It returns EINVALID for data
// that is not a bundle or names an unknown model.
func LoadBundle(r io.Reader) (*Bundle, error) {
	var f bundleFile
	if err := gob.NewDecoder(r).Decode(&f); err != nil {
		return nil, shopmind.Errorf(shopmind.EINVALID, "read model bundle: %v", err)
	}
	m, err := New(f.Name)
	if err != nil {
		return nil, err
	}
	if err := m.Unmarshal(bytes.NewReader(f.Model)); err != nil {
		return nil, err
	}
	return (&Bundle{Model: m, Users: f.Users, Items: f.Items}).index(), nil
}

package recommend

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"

	"github.com/shopmind/shopmind"
)

// HybridPart is one model in a Hybrid and its blending weight.
type HybridPart struct {
	Model  Model
	Weight float32
}

// Hybrid blends the scores of several models after standardising each
// (zero mean, unit variance over the items), so scales do not matter. A part
// whose scores are constant for a user (it knows nothing about them)
// contributes nothing, which gives cold start for free: an unknown user with
// no history gets popularity; one with a session history gets the history
// items' collaborative and content neighbours; a new item without
// interactions is reached through content similarity.
type Hybrid struct {
	Parts []HybridPart
}

// NewHybrid returns the default blend: EASE (weight 1; SparseEASE instead
// when the catalog exceeds EASE's MaxItems), Content (0.3, fitted only when the
// dataset has a catalog) and Popularity (0.1).
func NewHybrid() *Hybrid {
	return &Hybrid{Parts: []HybridPart{{NewEASE(), 1}, {NewContent(), 0.3}, {NewPopularity(), 0.1}}}
}

// Name implements Model.
func (m *Hybrid) Name() string { return "hybrid" }

func hasCatalog(d *Dataset) bool {
	for _, it := range d.Catalog {
		if it != nil {
			return true
		}
	}
	return false
}

// Fit implements Model: it fits every part, dropping a Content part when d
// has no catalog and replacing EASE by SparseEASE (default parameters) on
// catalogs too large for it.
func (m *Hybrid) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	if len(m.Parts) == 0 {
		return shopmind.FieldErrorf("parts", "hybrid needs at least one part")
	}
	var parts []HybridPart
	for _, p := range m.Parts {
		switch mm := p.Model.(type) {
		case *Content:
			if !hasCatalog(d) {
				continue
			}
		case *EASE:
			if mm.Params.MaxItems > 0 && d.NumItems() > mm.Params.MaxItems {
				p.Model = NewSparseEASE()
			}
		}
		parts = append(parts, p)
	}
	for n, p := range parts {
		name := p.Model.Name()
		err := p.Model.Fit(ctx, d, func(stage string, done, total int) {
			progress.Report(fmt.Sprintf("hybrid %d/%d %s: %s", n+1, len(parts), name, stage), done, total)
		})
		if err != nil {
			return fmt.Errorf("hybrid part %s: %w", name, err)
		}
	}
	m.Parts = parts
	return nil
}

// Score implements Model.
func (m *Hybrid) Score(user int, history []int, dst []float32) {
	clear(dst)
	s := make([]float32, len(dst))
	for _, p := range m.Parts {
		p.Model.Score(user, history, s)
		var sum, sq float64
		for _, v := range s {
			sum += float64(v)
			sq += float64(v) * float64(v)
		}
		n := float64(len(s))
		mean := sum / n
		std := math.Sqrt(max(sq/n-mean*mean, 0))
		if std < 1e-12 {
			continue
		}
		a, b := p.Weight/float32(std), float32(mean)
		for i, v := range s {
			dst[i] += a * (v - b)
		}
	}
}

type hybridState struct {
	Names   []string
	Weights []float32
	Data    [][]byte
}

// Marshal implements Model.
func (m *Hybrid) Marshal(w io.Writer) error {
	var s hybridState
	for _, p := range m.Parts {
		var b bytes.Buffer
		if err := p.Model.Marshal(&b); err != nil {
			return fmt.Errorf("hybrid part %s: %w", p.Model.Name(), err)
		}
		s.Names = append(s.Names, p.Model.Name())
		s.Weights = append(s.Weights, p.Weight)
		s.Data = append(s.Data, b.Bytes())
	}
	return writeModel(w, m.Name(), &s)
}

// Unmarshal implements Model.
func (m *Hybrid) Unmarshal(r io.Reader) error {
	var s hybridState
	if err := readModel(r, m.Name(), &s); err != nil {
		return err
	}
	parts := make([]HybridPart, len(s.Names))
	for n, name := range s.Names {
		mm, err := New(name)
		if err != nil {
			return err
		}
		if err := mm.Unmarshal(bytes.NewReader(s.Data[n])); err != nil {
			return fmt.Errorf("hybrid part %s: %w", name, err)
		}
		parts[n] = HybridPart{mm, s.Weights[n]}
	}
	m.Parts = parts
	return nil
}

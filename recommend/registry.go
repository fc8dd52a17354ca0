package recommend

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopmind/shopmind"
)

// Candidate is one hyper-parameter setting of a model family.
type Candidate struct {
	Label string       // the setting, e.g. "lambda=250"
	New   func() Model // a fresh, untrained model with this setting
}

type family struct {
	new  func() Model
	grid func() []Candidate
}

// families lists every model family: its default constructor and grid.
func families() map[string]family {
	return map[string]family{
		"popularity": {func() Model { return NewPopularity() }, func() []Candidate {
			return []Candidate{{"count", func() Model { return NewPopularity() }}}
		}},
		"itemknn": {func() Model { return NewItemKNN() }, func() []Candidate { return knnGrid(func(p KNNParams) Model { return &ItemKNN{Params: p} }) }},
		"userknn": {func() Model { return NewUserKNN() }, func() []Candidate { return knnGrid(func(p KNNParams) Model { return &UserKNN{Params: p} }) }},
		"content": {func() Model { return NewContent() }, func() []Candidate {
			var out []Candidate
			for _, k := range []int{50, 200} {
				p := DefaultContentParams()
				p.K = k
				out = append(out, Candidate{fmt.Sprintf("k=%d", k), func() Model { return &Content{Params: p} }})
			}
			return out
		}},
		"ease": {func() Model { return NewEASE() }, func() []Candidate {
			var out []Candidate
			for _, l := range []float64{100, 400, 1600} {
				p := DefaultEASEParams()
				p.Lambda = l
				out = append(out, Candidate{fmt.Sprintf("lambda=%g", l), func() Model { return &EASE{Params: p} }})
			}
			return out
		}},
		"sparse-ease": {func() Model { return NewSparseEASE() }, func() []Candidate {
			var out []Candidate
			for _, l := range []float64{400, 1600, 6400} {
				p := DefaultSparseEASEParams()
				p.Lambda = l
				out = append(out, Candidate{p.String(), func() Model { return &SparseEASE{Params: p} }})
			}
			return out
		}},
		"als": {func() Model { return NewALS() }, func() []Candidate {
			var out []Candidate
			for _, f := range []int{8, 32, 96} {
				for _, reg := range []float64{0.5, 5, 50} {
					for _, a := range []float64{2, 10} {
						p := DefaultALSParams()
						p.Factors, p.Reg, p.Alpha = f, reg, a
						out = append(out, Candidate{fmt.Sprintf("factors=%d reg=%g alpha=%g", f, reg, a), func() Model { return &ALS{Params: p} }})
					}
				}
			}
			return out
		}},
		"bpr": {func() Model { return NewBPR() }, func() []Candidate {
			var out []Candidate
			for _, f := range []int{32, 96} {
				for _, reg := range []float32{0.002, 0.01} {
					p := DefaultBPRParams()
					p.Factors, p.Reg = f, reg
					out = append(out, Candidate{fmt.Sprintf("factors=%d reg=%g", f, reg), func() Model { return &BPR{Params: p} }})
				}
			}
			return out
		}},
		"neumf": {func() Model { return NewNeuMF() }, func() []Candidate {
			var out []Candidate
			for _, ep := range []int{4, 10} {
				p := DefaultNeuMFParams()
				p.Epochs = ep
				out = append(out, Candidate{fmt.Sprintf("epochs=%d", ep), func() Model { return &NeuMF{Params: p} }})
			}
			return out
		}},
		"hybrid": {func() Model { return NewHybrid() }, func() []Candidate {
			var out []Candidate
			for _, w := range []float32{0.05, 0.3} {
				out = append(out, Candidate{fmt.Sprintf("content=%g pop=0.1", w), func() Model {
					return &Hybrid{Parts: []HybridPart{{NewEASE(), 1}, {NewContent(), w}, {NewPopularity(), 0.1}}}
				}})
			}
			return out
		}},
	}
}

func knnGrid(mk func(KNNParams) Model) []Candidate {
	var out []Candidate
	for _, k := range []int{50, 200} {
		for _, sim := range []Similarity{Cosine, Jaccard} {
			p := KNNParams{K: k, Shrink: 10, Similarity: sim}
			out = append(out, Candidate{p.String(), func() Model { return mk(p) }})
		}
	}
	return out
}

// Names lists the model families in a stable order, cheapest first.
func Names() []string {
	order := []string{"popularity", "itemknn", "userknn", "content", "ease", "sparse-ease", "als", "bpr", "neumf", "hybrid"}
	if len(order) != len(families()) {
		names := make([]string, 0, len(families()))
		for n := range families() {
			names = append(names, n)
		}
		sort.Strings(names)
		return names
	}
	return order
}

// New returns a model of the named family with default parameters, or an
// EINVALID error naming field "model".
func New(name string) (Model, error) {
	f, ok := families()[strings.ToLower(name)]
	if !ok {
		return nil, &shopmind.Error{Code: shopmind.EINVALID, Field: "model",
			Message: fmt.Sprintf("unknown model %q; one of %s", name, strings.Join(Names(), ", "))}
	}
	return f.new(), nil
}

// Grid returns the small hyper-parameter grid Tune searches for a family.
func Grid(name string) ([]Candidate, error) {
	f, ok := families()[strings.ToLower(name)]
	if !ok {
		_, err := New(name)
		return nil, err
	}
	return f.grid(), nil
}

package numeric

import "math/rand/v2"

// Embedding maps integer ids to learned vectors: a sparse Rows x Dim table.
type Embedding struct {
	Table *Param
}

// NewEmbedding returns an n x dim embedding with N(0, std²) entries.
func NewEmbedding(name string, n, dim int, std float64, rng *rand.Rand) *Embedding {
	p := NewParam(name, n, dim)
	p.Sparse = true
	for i := range p.W {
		p.W[i] = float32(rng.NormFloat64() * std)
	}
	return &Embedding{Table: p}
}

// Dim returns the vector width.
func (e *Embedding) Dim() int { return e.Table.Cols }

// Forward gathers the rows of ids into dst (len(ids) x Dim).
func (e *Embedding) Forward(dst []float32, ids []int) {
	k := e.Table.Cols
	mustLen("embedding output", len(dst), len(ids)*k)
	for n, id := range ids {
		copy(dst[n*k:(n+1)*k], e.Table.Row(id))
	}
}

// Backward adds the output gradient dy (len(ids) x Dim) to the rows of ids.
func (e *Embedding) Backward(dy []float32, ids []int) {
	k := e.Table.Cols
	mustLen("embedding output gradient", len(dy), len(ids)*k)
	for n, id := range ids {
		g := e.Table.GradRow(id)
		for c, v := range dy[n*k : (n+1)*k] {
			g[c] += v
		}
	}
}

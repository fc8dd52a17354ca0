// Package numeric is shopmind's small float32 neural-network toolkit:
// parameters with gradients, dense layers (matrix kernels from gonum blas32),
// embeddings, activations, losses, the Adam and SGD optimisers and parameter
// (de)serialisation. For images: channels-last Tensors, Conv2D (im2col +
// one GEMM per batch), MaxPool2D, Dropout, Softmax/SoftmaxCrossEntropy and
// SGD with momentum; per-image loops split the batch across the cores. Layers keep no hidden state: the caller passes each
// layer's input again to Backward, which accumulates parameter gradients.
//
// Shapes are row-major: a batch of n vectors of width w is a []float32 of
// length n*w. Shape mismatches are programmer errors and panic.
package numeric

import "fmt"

// Param is a trainable Rows x Cols matrix with its gradient.
type Param struct {
	Name string
	Rows int
	Cols int
	W    []float32 // values, row-major
	G    []float32 // gradient, accumulated by Backward calls
	// Sparse marks a parameter whose gradient touches few rows per step (an
	// embedding table): optimisers then update only the rows in Touched.
	Sparse  bool
	Touched []int
	marked  []bool
}

// NewParam returns a zero rows x cols parameter.
func NewParam(name string, rows, cols int) *Param {
	return &Param{Name: name, Rows: rows, Cols: cols, W: make([]float32, rows*cols), G: make([]float32, rows*cols)}
}

// Row returns row r of the values.
func (p *Param) Row(r int) []float32 { return p.W[r*p.Cols : (r+1)*p.Cols] }

// GradRow returns row r of the gradient and, for a sparse parameter, records
// r as touched.
func (p *Param) GradRow(r int) []float32 {
	if p.Sparse {
		if p.marked == nil {
			p.marked = make([]bool, p.Rows)
		}
		if !p.marked[r] {
			p.marked[r] = true
			p.Touched = append(p.Touched, r)
		}
	}
	return p.G[r*p.Cols : (r+1)*p.Cols]
}

// ZeroGrad clears the gradient (only the touched rows of a sparse parameter).
func (p *Param) ZeroGrad() {
	if !p.Sparse {
		clear(p.G)
		return
	}
	for _, r := range p.Touched {
		clear(p.G[r*p.Cols : (r+1)*p.Cols])
		p.marked[r] = false
	}
	p.Touched = p.Touched[:0]
}

func mustLen(what string, got, want int) {
	if got != want {
		panic(fmt.Sprintf("numeric: %s has length %d, want %d", what, got, want))
	}
}

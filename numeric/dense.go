package numeric

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// Dense is a fully connected layer y = x·W + b with W In x Out.
type Dense struct {
	In, Out int
	W, B    *Param
}

// NewDense returns a Dense layer with He-uniform weights (suited to ReLU)
// drawn from rng and zero biases; its parameters are named name+".w" and
// name+".b".
func NewDense(name string, in, out int, rng *rand.Rand) *Dense {
	d := &Dense{In: in, Out: out, W: NewParam(name+".w", in, out), B: NewParam(name+".b", 1, out)}
	limit := math.Sqrt(6 / float64(in))
	for i := range d.W.W {
		d.W.W[i] = float32((rng.Float64()*2 - 1) * limit)
	}
	return d
}

// Params returns the layer's parameters.
func (d *Dense) Params() []*Param { return []*Param{d.W, d.B} }

// Forward computes y (batch x Out) from x (batch x In).
func (d *Dense) Forward(y, x []float32, batch int) {
	mustLen("dense input", len(x), batch*d.In)
	mustLen("dense output", len(y), batch*d.Out)
	for r := 0; r < batch; r++ {
		copy(y[r*d.Out:(r+1)*d.Out], d.B.W)
	}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, general(x, batch, d.In), general(d.W.W, d.In, d.Out), 1, general(y, batch, d.Out))
}

// Backward accumulates the parameter gradients for output gradient dy
// (batch x Out) at input x, and writes the input gradient to dx
// (batch x In) unless dx is nil.
func (d *Dense) Backward(dx, dy, x []float32, batch int) {
	mustLen("dense input", len(x), batch*d.In)
	mustLen("dense output gradient", len(dy), batch*d.Out)
	blas32.Gemm(blas.Trans, blas.NoTrans, 1, general(x, batch, d.In), general(dy, batch, d.Out), 1, general(d.W.G, d.In, d.Out))
	for r := 0; r < batch; r++ {
		for c, g := range dy[r*d.Out : (r+1)*d.Out] {
			d.B.G[c] += g
		}
	}
	if dx != nil {
		mustLen("dense input gradient", len(dx), batch*d.In)
		blas32.Gemm(blas.NoTrans, blas.Trans, 1, general(dy, batch, d.Out), general(d.W.W, d.In, d.Out), 0, general(dx, batch, d.In))
	}
}

func general(data []float32, rows, cols int) blas32.General {
	return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: data}
}

// MatMul computes dst = a·bᵀ for a (m x k) and b (n x k), dst m x n; it is
// the kernel for scoring many items against one or more query vectors.
func MatMul(dst, a, b []float32, m, n, k int) {
	mustLen("matmul a", len(a), m*k)
	mustLen("matmul b", len(b), n*k)
	mustLen("matmul dst", len(dst), m*n)
	blas32.Gemm(blas.NoTrans, blas.Trans, 1, general(a, m, k), general(b, n, k), 0, general(dst, m, n))
}

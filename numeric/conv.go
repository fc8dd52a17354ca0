package numeric

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// Conv2D is a 2-D convolution over channels-last tensors with square
// K x K kernels, stride 1 and Pad zero pixels on each side. It is computed
// as im2col followed by one blas32 GEMM for the whole batch: the patches form
// a (N*OH*OW) x (K*K*In) matrix multiplied by the transposed filter matrix
// W (Out x K*K*In), which yields the NHWC output directly.
type Conv2D struct {
	In, Out, K, Pad      int
	W, B                 *Param
	cols, dcols, wt, dyt []float32 // scratch, reused across calls
}

// NewConv2D returns a convolution with He-uniform weights drawn from rng
// and zero biases; its parameters are named name+".w" and name+".b".
func NewConv2D(name string, in, out, k, pad int, rng *rand.Rand) *Conv2D {
	c := &Conv2D{In: in, Out: out, K: k, Pad: pad, W: NewParam(name+".w", out, k*k*in), B: NewParam(name+".b", 1, out)}
	limit := math.Sqrt(6 / float64(k*k*in))
	for i := range c.W.W {
		c.W.W[i] = float32((rng.Float64()*2 - 1) * limit)
	}
	return c
}

// Params returns the layer's parameters.
func (c *Conv2D) Params() []*Param { return []*Param{c.W, c.B} }

// OutSize returns the output height and width for an h x w input.
func (c *Conv2D) OutSize(h, w int) (int, int) {
	return h + 2*c.Pad - c.K + 1, w + 2*c.Pad - c.K + 1
}

// Forward computes y from x; y is reshaped to N x OH x OW x Out.
func (c *Conv2D) Forward(y, x *Tensor) {
	if x.C != c.In {
		mustLen("conv input channels", x.C, c.In)
	}
	oh, ow := c.OutSize(x.H, x.W)
	y.Reshape(x.N, oh, ow, c.Out)
	rows, kk := x.N*oh*ow, c.K*c.K*c.In
	c.cols = grow(c.cols, rows*kk)
	parallelFor(x.N, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			c.im2col(c.cols[n*oh*ow*kk:(n+1)*oh*ow*kk], x.Sample(n), x.H, x.W, oh, ow)
		}
	})
	for r := 0; r < rows; r++ {
		copy(y.Data[r*c.Out:(r+1)*c.Out], c.B.W)
	}
	// gonum's NoTrans x NoTrans kernel (row axpys) is much faster here than
	// NoTrans x Trans (dot products as short as K*K*In), so transpose W once.
	c.wt = grow(c.wt, kk*c.Out)
	for o := 0; o < c.Out; o++ {
		for j, v := range c.W.W[o*kk : (o+1)*kk] {
			c.wt[j*c.Out+o] = v
		}
	}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, general(c.cols, rows, kk), general(c.wt, kk, c.Out), 1, general(y.Data, rows, c.Out))
}

// Backward accumulates the parameter gradients for the output gradient dy
// at input x, and writes the input gradient into dx (reshaped like x)
// unless dx is nil. It reuses the patches of the last Forward, which must
// have been called with the same x.
func (c *Conv2D) Backward(dx, dy, x *Tensor) {
	oh, ow := c.OutSize(x.H, x.W)
	rows, kk := x.N*oh*ow, c.K*c.K*c.In
	mustLen("conv output gradient", len(dy.Data), rows*c.Out)
	mustLen("conv patches", len(c.cols), rows*kk)
	// dW (Out x kk) += dYᵀ (Out x rows) · cols (rows x kk). Transposing dY
	// first lets gonum use its NoTrans x NoTrans kernel, about 2.5 times
	// faster here than Trans x NoTrans.
	c.dyt = grow(c.dyt, rows*c.Out)
	parallelFor(c.Out, func(lo, hi int) {
		for o := lo; o < hi; o++ {
			dst := c.dyt[o*rows : (o+1)*rows]
			for r := range dst {
				dst[r] = dy.Data[r*c.Out+o]
			}
		}
	})
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, general(c.dyt, c.Out, rows), general(c.cols, rows, kk), 1, general(c.W.G, c.Out, kk))
	for r := 0; r < rows; r++ {
		for o, g := range dy.Data[r*c.Out : (r+1)*c.Out] {
			c.B.G[o] += g
		}
	}
	if dx == nil {
		return
	}
	dx.Reshape(x.N, x.H, x.W, x.C)
	c.dcols = grow(c.dcols, rows*kk)
	// dcols (rows x kk) = dY (rows x Out) · W (Out x kk).
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, general(dy.Data, rows, c.Out), general(c.W.W, c.Out, kk), 0, general(c.dcols, rows, kk))
	parallelFor(x.N, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			c.col2im(dx.Sample(n), c.dcols[n*oh*ow*kk:(n+1)*oh*ow*kk], x.H, x.W, oh, ow)
		}
	})
}

// im2col writes one image's patches: row (oy*ow+ox) holds the K x K x In
// window whose top-left corner is (oy-Pad, ox-Pad), zero outside the image.
func (c *Conv2D) im2col(dst, img []float32, h, w, oh, ow int) {
	ch, k := c.In, c.K
	i := 0
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			for ky := 0; ky < k; ky++ {
				y := oy - c.Pad + ky
				if y < 0 || y >= h {
					clear(dst[i : i+k*ch])
					i += k * ch
					continue
				}
				x0 := ox - c.Pad
				if x0 >= 0 && x0+k <= w {
					copy(dst[i:i+k*ch], img[(y*w+x0)*ch:(y*w+x0+k)*ch])
					i += k * ch
					continue
				}
				for kx := 0; kx < k; kx++ {
					x := x0 + kx
					if x < 0 || x >= w {
						clear(dst[i : i+ch])
					} else {
						copy(dst[i:i+ch], img[(y*w+x)*ch:(y*w+x+1)*ch])
					}
					i += ch
				}
			}
		}
	}
}

// col2im adds the patch gradients back onto one image's gradient.
func (c *Conv2D) col2im(dimg, cols []float32, h, w, oh, ow int) {
	clear(dimg)
	ch, k := c.In, c.K
	i := 0
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			for ky := 0; ky < k; ky++ {
				y := oy - c.Pad + ky
				if y < 0 || y >= h {
					i += k * ch
					continue
				}
				for kx := 0; kx < k; kx++ {
					x := ox - c.Pad + kx
					if x >= 0 && x < w {
						d := dimg[(y*w+x)*ch : (y*w+x+1)*ch]
						for j, g := range cols[i : i+ch] {
							d[j] += g
						}
					}
					i += ch
				}
			}
		}
	}
}

// grow returns buf resized to n, reallocating only when it is too small.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

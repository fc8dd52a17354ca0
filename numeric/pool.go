package numeric

// MaxPool2D is max pooling over non-overlapping Size x Size windows of a
// channels-last tensor; the output is floor(H/Size) x floor(W/Size) (edge
// rows and columns that do not fill a window are dropped, as in PyTorch).
type MaxPool2D struct {
	Size int
}

// OutSize returns the output height and width for an h x w input.
func (p MaxPool2D) OutSize(h, w int) (int, int) { return h / p.Size, w / p.Size }

// Forward writes the window maxima of x into y (reshaped).
func (p MaxPool2D) Forward(y, x *Tensor) {
	oh, ow := p.OutSize(x.H, x.W)
	y.Reshape(x.N, oh, ow, x.C)
	parallelFor(x.N, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			p.forward(y.Sample(n), x.Sample(n), x.H, x.W, x.C, oh, ow)
		}
	})
}

func (p MaxPool2D) forward(dst, img []float32, h, w, ch, oh, ow int) {
	_ = h
	s := p.Size
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			out := dst[(oy*ow+ox)*ch : (oy*ow+ox+1)*ch]
			copy(out, img[((oy*s)*w+ox*s)*ch:((oy*s)*w+ox*s+1)*ch])
			for dy := 0; dy < s; dy++ {
				for dx := 0; dx < s; dx++ {
					in := img[((oy*s+dy)*w+ox*s+dx)*ch : ((oy*s+dy)*w+ox*s+dx+1)*ch]
					for c, v := range in {
						if v > out[c] {
							out[c] = v
						}
					}
				}
			}
		}
	}
}

// Backward routes the output gradient dy to the arg-max of each window of x
// (the first one on ties) and writes the input gradient into dx (reshaped
// like x). The arg-max is recomputed from x, so the layer keeps no state.
func (p MaxPool2D) Backward(dx, dy, x *Tensor) {
	oh, ow := p.OutSize(x.H, x.W)
	mustLen("pool output gradient", len(dy.Data), x.N*oh*ow*x.C)
	dx.Reshape(x.N, x.H, x.W, x.C)
	s := p.Size
	parallelFor(x.N, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			img, dimg, g := x.Sample(n), dx.Sample(n), dy.Sample(n)
			clear(dimg)
			w, ch := x.W, x.C
			for oy := 0; oy < oh; oy++ {
				for ox := 0; ox < ow; ox++ {
					for c := 0; c < ch; c++ {
						best := ((oy*s)*w+ox*s)*ch + c
						for dy := 0; dy < s; dy++ {
							for dx := 0; dx < s; dx++ {
								if i := ((oy*s+dy)*w+ox*s+dx)*ch + c; img[i] > img[best] {
									best = i
								}
							}
						}
						dimg[best] += g[(oy*ow+ox)*ch+c]
					}
				}
			}
		}
	})
}

package numeric

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randTensor returns an n x h x w x c tensor of N(0,1) values.
func randTensor(rng *rand.Rand, n, h, w, c int) *Tensor {
	t := NewTensor(n, h, w, c)
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64())
	}
	return t
}

// projection returns sum(y*r) in float64: a scalar loss whose gradient
// with respect to y is r.
func projection(y, r []float32) float64 {
	var s float64
	for i, v := range y {
		s += float64(v) * float64(r[i])
	}
	return s
}

// checkGrad compares an analytic gradient with central finite differences
// of loss over the values in w.
func checkGrad(t *testing.T, what string, w, analytic []float32, eps float32, loss func() float64) {
	t.Helper()
	for i := range w {
		old := w[i]
		w[i] = old + eps
		lp := loss()
		w[i] = old - eps
		lm := loss()
		w[i] = old
		num := (lp - lm) / (2 * float64(eps))
		if a := float64(analytic[i]); math.Abs(a-num) > 2e-3+2e-2*math.Abs(num) {
			t.Errorf("%s[%d]: analytic %.6f, finite difference %.6f", what, i, a, num)
		}
	}
}

func TestConv2DGradient(t *testing.T) {
	tests := []struct {
		name            string
		in, out, k, pad int
		h, w            int
	}{
		{"Valid", 2, 3, 3, 0, 5, 6},
		{"Same", 2, 3, 3, 1, 4, 4},
		{"OneChannel5x5", 1, 2, 5, 2, 5, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			c := NewConv2D("c", tt.in, tt.out, tt.k, tt.pad, rng)
			for i := range c.B.W {
				c.B.W[i] = float32(rng.NormFloat64())
			}
			x := randTensor(rng, 2, tt.h, tt.w, tt.in)
			y, dx := &Tensor{}, &Tensor{}
			c.Forward(y, x)
			oh, ow := c.OutSize(tt.h, tt.w)
			if y.N != 2 || y.H != oh || y.W != ow || y.C != tt.out {
				t.Fatalf("output shape %dx%dx%dx%d", y.N, y.H, y.W, y.C)
			}
			r := randTensor(rng, y.N, y.H, y.W, y.C)
			c.Backward(dx, r, x)
			loss := func() float64 {
				out := &Tensor{}
				c.Forward(out, x)
				return projection(out.Data, r.Data)
			}
			checkGrad(t, "w", c.W.W, c.W.G, 1e-2, loss)
			checkGrad(t, "b", c.B.W, c.B.G, 1e-2, loss)
			checkGrad(t, "x", x.Data, dx.Data, 1e-2, loss)
		})
	}
}

func TestConv2DMatchesDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := NewConv2D("c", 3, 4, 3, 1, rng)
	x := randTensor(rng, 3, 7, 5, 3)
	y := &Tensor{}
	c.Forward(y, x)
	for n := 0; n < x.N; n++ {
		for oy := 0; oy < y.H; oy++ {
			for ox := 0; ox < y.W; ox++ {
				for o := 0; o < c.Out; o++ {
					want := float64(c.B.W[o])
					for ky := 0; ky < 3; ky++ {
						for kx := 0; kx < 3; kx++ {
							iy, ix := oy-1+ky, ox-1+kx
							if iy < 0 || ix < 0 || iy >= x.H || ix >= x.W {
								continue
							}
							for ch := 0; ch < 3; ch++ {
								want += float64(c.W.W[o*27+(ky*3+kx)*3+ch]) * float64(x.Data[((n*x.H+iy)*x.W+ix)*3+ch])
							}
						}
					}
					got := y.Data[((n*y.H+oy)*y.W+ox)*4+o]
					if math.Abs(float64(got)-want) > 1e-4 {
						t.Fatalf("y[%d,%d,%d,%d] = %v, want %v", n, oy, ox, o, got, want)
					}
				}
			}
		}
	}
}

func TestMaxPool2D(t *testing.T) {
	x := &Tensor{N: 1, H: 3, W: 4, C: 1, Data: []float32{
		1, 5, 2, 0,
		3, 4, 8, 7,
		9, 9, 9, 9, // dropped: does not fill a window
	}}
	p := MaxPool2D{Size: 2}
	y, dx := &Tensor{}, &Tensor{}
	p.Forward(y, x)
	if y.H != 1 || y.W != 2 || y.Data[0] != 5 || y.Data[1] != 8 {
		t.Fatalf("pool = %v (%dx%d), want [5 8] (1x2)", y.Data, y.H, y.W)
	}
	p.Backward(dx, &Tensor{N: 1, H: 1, W: 2, C: 1, Data: []float32{10, 20}}, x)
	want := []float32{0, 10, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0}
	for i := range want {
		if dx.Data[i] != want[i] {
			t.Fatalf("pool gradient = %v, want %v", dx.Data, want)
		}
	}
}

func TestMaxPool2DGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	// Distinct values 0.01 apart: no window has a near-tie within eps.
	x := NewTensor(2, 6, 5, 3)
	for i, j := range rng.Perm(len(x.Data)) {
		x.Data[i] = float32(j) * 0.01
	}
	p := MaxPool2D{Size: 2}
	y, dx := &Tensor{}, &Tensor{}
	p.Forward(y, x)
	r := randTensor(rng, y.N, y.H, y.W, y.C)
	p.Backward(dx, r, x)
	checkGrad(t, "x", x.Data, dx.Data, 1e-3, func() float64 {
		out := &Tensor{}
		p.Forward(out, x)
		return projection(out.Data, r.Data)
	})
}

func TestDropout(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	d := Dropout{Rate: 0.25}
	x := make([]float32, 10000)
	for i := range x {
		x[i] = 1
	}
	y, mask := make([]float32, len(x)), make([]float32, len(x))
	d.Forward(y, x, mask, rng)
	var kept int
	var sum float64
	for i, v := range y {
		if v != 0 {
			kept++
			if math.Abs(float64(v)-4.0/3) > 1e-6 {
				t.Fatalf("kept value %v, want 4/3", v)
			}
		}
		sum += float64(v)
		_ = i
	}
	if frac := float64(kept) / float64(len(x)); math.Abs(frac-0.75) > 0.02 {
		t.Fatalf("kept %.3f of the values, want 0.75", frac)
	}
	if mean := sum / float64(len(x)); math.Abs(mean-1) > 0.03 {
		t.Fatalf("mean after dropout %.3f, want about 1 (inverted scaling)", mean)
	}
	// Gradient check with the mask held fixed.
	xs := []float32{0.5, -1, 2, 3}
	m := []float32{4.0 / 3, 0, 4.0 / 3, 0}
	r := []float32{1, 2, 3, 4}
	dx := make([]float32, 4)
	d.Backward(dx, r, m)
	checkGrad(t, "x", xs, dx, 1e-2, func() float64 {
		out := make([]float32, 4)
		for i := range xs {
			out[i] = xs[i] * m[i]
		}
		return projection(out, r)
	})
}

func TestSoftmaxCrossEntropy(t *testing.T) {
	t.Run("Values", func(t *testing.T) {
		tests := []struct {
			logits []float32
			label  int
			loss   float64
		}{
			{[]float32{0, 0, 0, 0}, 2, math.Log(4)},
			{[]float32{1000, 0, 0}, 0, 0}, // stable for large logits
			{[]float32{1, 2, 3}, 0, -math.Log(math.Exp(1) / (math.Exp(1) + math.Exp(2) + math.Exp(3)))},
		}
		for _, tt := range tests {
			l := SoftmaxCrossEntropy(nil, tt.logits, []int{tt.label}, len(tt.logits))
			if math.Abs(float64(l)-tt.loss) > 1e-5 {
				t.Errorf("logits %v label %d: loss %v, want %v", tt.logits, tt.label, l, tt.loss)
			}
		}
	})
	t.Run("Gradient", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 9))
		z := make([]float32, 3*5)
		for i := range z {
			z[i] = float32(rng.NormFloat64() * 2)
		}
		labels := []int{4, 0, 2}
		g := make([]float32, len(z))
		SoftmaxCrossEntropy(g, z, labels, 5)
		checkGrad(t, "logits", z, g, 1e-2, func() float64 {
			return float64(SoftmaxCrossEntropy(nil, z, labels, 5))
		})
	})
	t.Run("Softmax", func(t *testing.T) {
		p := make([]float32, 3)
		Softmax(p, []float32{1, 1, 1}, 3)
		for _, v := range p {
			if math.Abs(float64(v)-1.0/3) > 1e-6 {
				t.Fatalf("softmax = %v, want uniform", p)
			}
		}
		if Argmax([]float32{0.1, 0.7, 0.7, 0.2}) != 1 {
			t.Fatal("Argmax must return the first maximum")
		}
	})
}

func TestMomentumLearns(t *testing.T) {
	ids := []int{0, 1, 2, 3, 4, 0, 1, 2, 3, 4}
	labels := []float32{1, 0, 1, 0, 1, 1, 0, 1, 0, 1}
	for _, nesterov := range []bool{false, true} {
		net := newTinyNet(rand.New(rand.NewPCG(2, 2)))
		opt := &Momentum{LR: 0.1, Mu: 0.9, Nesterov: nesterov}
		first := net.loss(ids, labels, false)
		var l float64
		for step := 0; step < 300; step++ {
			l = net.loss(ids, labels, true)
			opt.Step(net.params())
		}
		if l > 0.05 || l >= first {
			t.Fatalf("nesterov=%v: loss %.4f after training (start %.4f), want < 0.05", nesterov, l, first)
		}
	}
}

// The benchmarks use the shapes of the Fashion-MNIST network at batch 64.
func BenchmarkConv2DForward(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	c := NewConv2D("c", 32, 64, 3, 0, rng)
	x, y := randTensor(rng, 64, 13, 13, 32), &Tensor{}
	b.ResetTimer()
	for b.Loop() {
		c.Forward(y, x)
	}
	b.ReportMetric(float64(b.N)*float64(64*11*11*64*288*2)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkConv2DBackward(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	c := NewConv2D("c", 32, 64, 3, 0, rng)
	x, y, dx := randTensor(rng, 64, 13, 13, 32), &Tensor{}, &Tensor{}
	c.Forward(y, x)
	b.ResetTimer()
	for b.Loop() {
		c.Backward(dx, y, x)
	}
	b.ReportMetric(float64(b.N)*float64(2*64*11*11*64*288*2)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkMaxPool2D(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, y := randTensor(rng, 64, 26, 26, 32), &Tensor{}
	for b.Loop() {
		MaxPool2D{Size: 2}.Forward(y, x)
	}
}

func BenchmarkConv2DForwardFirst(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	c := NewConv2D("c", 1, 32, 3, 0, rng)
	x, y := randTensor(rng, 64, 28, 28, 1), &Tensor{}
	b.ResetTimer()
	for b.Loop() {
		c.Forward(y, x)
	}
	b.ReportMetric(float64(b.N)*float64(64*26*26*32*9*2)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkConv2DBackwardFirst(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	c := NewConv2D("c", 1, 32, 3, 0, rng)
	x, y := randTensor(rng, 64, 28, 28, 1), &Tensor{}
	c.Forward(y, x)
	b.ResetTimer()
	for b.Loop() {
		c.Backward(nil, y, x)
	}
}

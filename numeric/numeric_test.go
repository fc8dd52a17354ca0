package numeric

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// tinyNet is embedding -> dense -> relu -> dense -> BCE, used by the tests.
type tinyNet struct {
	emb    *Embedding
	d1, d2 *Dense
}

func newTinyNet(rng *rand.Rand) *tinyNet {
	return &tinyNet{
		emb: NewEmbedding("emb", 5, 3, 0.5, rng),
		d1:  NewDense("d1", 3, 4, rng),
		d2:  NewDense("d2", 4, 1, rng),
	}
}

func (n *tinyNet) params() []*Param {
	return append([]*Param{n.emb.Table}, append(n.d1.Params(), n.d2.Params()...)...)
}

// loss runs forward (and backward when grad is true) on ids with labels.
func (n *tinyNet) loss(ids []int, labels []float32, grad bool) float64 {
	b := len(ids)
	x := make([]float32, b*3)
	h := make([]float32, b*4)
	z := make([]float32, b)
	n.emb.Forward(x, ids)
	n.d1.Forward(h, x, b)
	ReLU(h, h)
	n.d2.Forward(z, h, b)
	dz := make([]float32, b)
	l := BCEWithLogits(dz, z, labels)
	if grad {
		dh := make([]float32, b*4)
		dx := make([]float32, b*3)
		n.d2.Backward(dh, dz, h, b)
		ReLUBackward(dh, dh, h)
		n.d1.Backward(dx, dh, x, b)
		n.emb.Backward(dx, ids)
	}
	return float64(l)
}

func TestGradientCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	net := newTinyNet(rng)
	ids := []int{0, 2, 4, 2, 1}
	labels := []float32{1, 0, 1, 1, 0}
	net.loss(ids, labels, true)
	const eps = 1e-2
	checked := 0
	for _, p := range net.params() {
		for i := range p.W {
			analytic := float64(p.G[i])
			old := p.W[i]
			p.W[i] = old + eps
			lp := net.loss(ids, labels, false)
			p.W[i] = old - eps
			lm := net.loss(ids, labels, false)
			p.W[i] = old
			numeric := (lp - lm) / (2 * eps)
			if math.Abs(analytic-numeric) > 2e-3+3e-2*math.Abs(numeric) {
				t.Errorf("%s[%d]: analytic %.6f, finite difference %.6f", p.Name, i, analytic, numeric)
			}
			checked++
		}
	}
	if want := 5*3 + 3*4 + 4 + 4 + 1; checked != want {
		t.Fatalf("checked %d parameters, want %d", checked, want)
	}
	// Rows 3 of the embedding is unused: its gradient must be exactly zero.
	for _, g := range net.emb.Table.G[9:12] {
		if g != 0 {
			t.Fatalf("unused embedding row has gradient %v", g)
		}
	}
}

func TestOptimizersLearn(t *testing.T) {
	// Label is 1 for even ids: the net must fit it.
	ids := []int{0, 1, 2, 3, 4, 0, 1, 2, 3, 4}
	labels := []float32{1, 0, 1, 0, 1, 1, 0, 1, 0, 1}
	tests := []struct {
		name string
		opt  Optimizer
		max  float64
	}{
		{"Adam", NewAdam(0.05), 0.05},
		{"SGD", &SGD{LR: 0.5}, 0.15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net := newTinyNet(rand.New(rand.NewPCG(2, 2)))
			first := net.loss(ids, labels, false)
			var l float64
			for step := 0; step < 400; step++ {
				l = net.loss(ids, labels, true)
				tt.opt.Step(net.params())
			}
			if l > tt.max || l >= first {
				t.Fatalf("loss %.4f after training (start %.4f), want < %.2f", l, first, tt.max)
			}
			for _, p := range net.params() {
				for _, g := range p.G {
					if g != 0 {
						t.Fatalf("%s gradient not cleared by Step", p.Name)
					}
				}
			}
		})
	}
}

func TestBCEWithLogits(t *testing.T) {
	tests := []struct {
		z, y, loss, grad float64
	}{
		{0, 1, math.Ln2, -0.5},
		{0, 0, math.Ln2, 0.5},
		{2, 1, math.Log1p(math.Exp(-2)), 1/(1+math.Exp(-2)) - 1},
		{-100, 1, 100, -1}, // stable for large |z|
	}
	for _, tt := range tests {
		g := make([]float32, 1)
		l := BCEWithLogits(g, []float32{float32(tt.z)}, []float32{float32(tt.y)})
		if math.Abs(float64(l)-tt.loss) > 1e-5 || math.Abs(float64(g[0])-tt.grad) > 1e-5 {
			t.Errorf("z=%v y=%v: loss %v grad %v, want %v %v", tt.z, tt.y, l, g[0], tt.loss, tt.grad)
		}
	}
}

func TestMatMul(t *testing.T) {
	a := []float32{1, 2, 3, 4, 5, 6}          // 2x3
	b := []float32{1, 0, 1, 0, 1, 0, 2, 2, 2} // 3x3
	dst := make([]float32, 6)
	MatMul(dst, a, b, 2, 3, 3)
	want := []float32{4, 2, 12, 10, 5, 30}
	for i := range want {
		if dst[i] != want[i] {
			t.Fatalf("MatMul = %v, want %v", dst, want)
		}
	}
}

func TestParamsRoundTrip(t *testing.T) {
	net := newTinyNet(rand.New(rand.NewPCG(3, 3)))
	var buf bytes.Buffer
	if err := WriteParams(&buf, net.params()); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	other := newTinyNet(rand.New(rand.NewPCG(4, 4)))
	if err := ReadParams(bytes.NewReader(data), other.params()); err != nil {
		t.Fatal(err)
	}
	ids, labels := []int{0, 1, 2}, []float32{1, 0, 1}
	if a, b := net.loss(ids, labels, false), other.loss(ids, labels, false); a != b {
		t.Fatalf("loss after round trip %v, want %v", b, a)
	}
	t.Run("ErrShape", func(t *testing.T) {
		wrong := []*Param{NewParam("emb", 5, 4)}
		if err := ReadParams(bytes.NewReader(data), wrong); err == nil {
			t.Fatal("want an error for mismatched parameters")
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		if err := ReadParams(bytes.NewReader(data[:len(data)-3]), other.params()); err == nil {
			t.Fatal("want an error for a truncated file")
		}
	})
}

func TestDensePanicsOnShape(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("want a panic on a shape mismatch")
		}
	}()
	d := NewDense("d", 3, 2, rand.New(rand.NewPCG(1, 1)))
	d.Forward(make([]float32, 2), make([]float32, 4), 1)
}

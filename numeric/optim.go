package numeric

import "math"

// Optimizer updates parameters from their gradients and clears the
// gradients.
type Optimizer interface {
	Step(params []*Param)
}

// SGD is plain stochastic gradient descent with L2 weight decay.
type SGD struct {
	LR          float32
	WeightDecay float32
}

// Step implements Optimizer.
func (o *SGD) Step(params []*Param) {
	for _, p := range params {
		eachRow(p, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				p.W[i] -= o.LR * (p.G[i] + o.WeightDecay*p.W[i])
			}
		})
		p.ZeroGrad()
	}
}

// Adam is the Adam optimiser (Kingma & Ba 2015) with L2 weight decay added
// to the gradient. For sparse parameters it is "lazy": only touched rows are
// updated, with the bias correction of the global step.
type Adam struct {
	LR, Beta1, Beta2, Eps, WeightDecay float32
	t                                  int
	m, v                               map[*Param][]float32
}

// NewAdam returns Adam with the usual defaults (beta1 0.9, beta2 0.999,
// eps 1e-8) and learning rate lr.
func NewAdam(lr float32) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// Step implements Optimizer.
func (o *Adam) Step(params []*Param) {
	if o.m == nil {
		o.m, o.v = map[*Param][]float32{}, map[*Param][]float32{}
	}
	o.t++
	c1 := 1 - math.Pow(float64(o.Beta1), float64(o.t))
	c2 := 1 - math.Pow(float64(o.Beta2), float64(o.t))
	lr := o.LR * float32(math.Sqrt(c2)/c1)
	for _, p := range params {
		m, ok := o.m[p]
		if !ok {
			m = make([]float32, len(p.W))
			o.m[p] = m
			o.v[p] = make([]float32, len(p.W))
		}
		v := o.v[p]
		eachRow(p, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				g := p.G[i] + o.WeightDecay*p.W[i]
				m[i] = o.Beta1*m[i] + (1-o.Beta1)*g
				v[i] = o.Beta2*v[i] + (1-o.Beta2)*g*g
				p.W[i] -= lr * m[i] / (float32(math.Sqrt(float64(v[i]))) + o.Eps)
			}
		})
		p.ZeroGrad()
	}
}

// eachRow calls fn on the index ranges to update: all of p, or its touched
// rows when sparse.
func eachRow(p *Param, fn func(lo, hi int)) {
	if !p.Sparse {
		fn(0, len(p.W))
		return
	}
	for _, r := range p.Touched {
		fn(r*p.Cols, (r+1)*p.Cols)
	}
}

package numeric

// Momentum is stochastic gradient descent with (heavy-ball or Nesterov)
// momentum and L2 weight decay: v = Mu*v + g; w -= LR*v (Nesterov:
// w -= LR*(g + Mu*v)). Sparse parameters update only their touched rows.
type Momentum struct {
	LR, Mu, WeightDecay float32
	Nesterov            bool
	v                   map[*Param][]float32
}

// NewMomentum returns SGD with momentum mu and learning rate lr.
func NewMomentum(lr, mu float32) *Momentum { return &Momentum{LR: lr, Mu: mu} }

// Step implements Optimizer.
func (o *Momentum) Step(params []*Param) {
	if o.v == nil {
		o.v = map[*Param][]float32{}
	}
	for _, p := range params {
		v, ok := o.v[p]
		if !ok {
			v = make([]float32, len(p.W))
			o.v[p] = v
		}
		eachRow(p, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				g := p.G[i] + o.WeightDecay*p.W[i]
				v[i] = o.Mu*v[i] + g
				if o.Nesterov {
					p.W[i] -= o.LR * (g + o.Mu*v[i])
				} else {
					p.W[i] -= o.LR * v[i]
				}
			}
		})
		p.ZeroGrad()
	}
}

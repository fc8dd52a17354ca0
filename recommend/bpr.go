package recommend

import (
	"context"
	"io"
	"math"
	"math/rand/v2"

	"github.com/shopmind/shopmind"
)

// BPRParams are the hyper-parameters of BPR.
type BPRParams struct {
	Factors      int
	LearningRate float32
	Reg          float32 // L2 regularisation of factors and item biases
	Epochs       int     // each epoch draws NNZ (user, positive, negative) triples
	Seed         uint64
}

// DefaultBPRParams returns 64 factors, learning rate 0.05, Reg 0.002, 40
// epochs.
func DefaultBPRParams() BPRParams {
	return BPRParams{Factors: 64, LearningRate: 0.05, Reg: 0.002, Epochs: 40, Seed: 1}
}

func (p BPRParams) validate() error {
	switch {
	case p.Factors < 1:
		return shopmind.FieldErrorf("factors", "factors must be >= 1")
	case p.LearningRate <= 0:
		return shopmind.FieldErrorf("learning_rate", "learning_rate must be > 0")
	case p.Reg < 0:
		return shopmind.FieldErrorf("reg", "reg must be >= 0")
	case p.Epochs < 1:
		return shopmind.FieldErrorf("epochs", "epochs must be >= 1")
	}
	return nil
}

// BPR is matrix factorisation trained with Bayesian Personalized Ranking
// (Rendle et al. 2009): stochastic gradient ascent on ln σ(x_ui - x_uj) for a
// positive item i and a uniformly sampled unseen item j. Scores are
// x_u·y_i + b_i; an unknown user is the mean of their history's item factors.
//
// SGD is sequential (one goroutine): updates share item factors, and a
// lock-free parallel version would be a data race.
type BPR struct {
	Params BPRParams
	state  bprState
}

type bprState struct {
	Params BPRParams
	NUsers int
	NItems int
	X      []float32 // users x factors
	Y      []float32 // items x factors
	B      []float32 // item biases
}

// NewBPR returns a BPR model with default parameters.
func NewBPR() *BPR { return &BPR{Params: DefaultBPRParams()} }

// Name implements Model.
func (m *BPR) Name() string { return "bpr" }

// Fit implements Model.
func (m *BPR) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	p := m.Params
	if err := p.validate(); err != nil {
		return err
	}
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	k, nu, ni := p.Factors, d.NumUsers(), d.NumItems()
	rng := rand.New(rand.NewPCG(p.Seed, 0x5bd1e995))
	s := bprState{Params: p, NUsers: nu, NItems: ni, X: make([]float32, nu*k), Y: make([]float32, ni*k), B: make([]float32, ni)}
	for i := range s.X {
		s.X[i] = float32(rng.NormFloat64() * 0.1)
	}
	for i := range s.Y {
		s.Y[i] = float32(rng.NormFloat64() * 0.1)
	}
	// owner[n] is the user of the n-th positive pair, to sample pairs uniformly.
	owner := make([]int32, d.NNZ())
	for u := 0; u < nu; u++ {
		for n := d.userPtr[u]; n < d.userPtr[u+1]; n++ {
			owner[n] = int32(u)
		}
	}
	lr, reg := p.LearningRate, p.Reg
	diff := make([]float32, k)
	for ep := 0; ep < p.Epochs; ep++ {
		for step := 0; step < len(owner); step++ {
			if step%8192 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			n := rng.IntN(len(owner))
			u := int(owner[n])
			i := int(d.userItems[n])
			items, _ := d.UserItems(u)
			if len(items) == ni {
				continue
			}
			j := rng.IntN(ni)
			for {
				pos := searchItem(items, int32(j))
				if pos == len(items) || items[pos] != int32(j) {
					break
				}
				j = rng.IntN(ni)
			}
			xu := s.X[u*k : (u+1)*k]
			yi := s.Y[i*k : (i+1)*k]
			yj := s.Y[j*k : (j+1)*k]
			x := s.B[i] - s.B[j]
			for f := range diff {
				diff[f] = yi[f] - yj[f]
				x += xu[f] * diff[f]
			}
			g := float32(1 / (1 + math.Exp(float64(x)))) // σ(-x)
			for f := range diff {
				uf := xu[f]
				xu[f] += lr * (g*diff[f] - reg*uf)
				yi[f] += lr * (g*uf - reg*yi[f])
				yj[f] += lr * (-g*uf - reg*yj[f])
			}
			s.B[i] += lr * (g - reg*s.B[i])
			s.B[j] += lr * (-g - reg*s.B[j])
		}
		progress.Report("bpr epochs", ep+1, p.Epochs)
	}
	m.state = s
	return nil
}

// Score implements Model.
func (m *BPR) Score(user int, history []int, dst []float32) {
	s := &m.state
	k := s.Params.Factors
	var x []float32
	if user >= 0 && user < s.NUsers {
		x = s.X[user*k : (user+1)*k]
	} else {
		x = meanRows(s.Y, k, s.NItems, history)
	}
	for i := 0; i < s.NItems; i++ {
		dst[i] = s.B[i] + dot32(x, s.Y[i*k:(i+1)*k])
	}
}

// meanRows averages the rows of the n x k matrix a listed in rows (ignoring
// out-of-range ones).
func meanRows(a []float32, k, n int, rows []int) []float32 {
	x := make([]float32, k)
	c := 0
	for _, i := range rows {
		if i >= 0 && i < n {
			c++
			for f, v := range a[i*k : (i+1)*k] {
				x[f] += v
			}
		}
	}
	for f := range x {
		if c > 0 {
			x[f] /= float32(c)
		}
	}
	return x
}

func dot32(a, b []float32) float32 {
	var s float32
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// Marshal implements Model.
func (m *BPR) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *BPR) Unmarshal(r io.Reader) error {
	if err := readModel(r, m.Name(), &m.state); err != nil {
		return err
	}
	m.Params = m.state.Params
	return nil
}

package recommend

import (
	"context"
	"io"
	"math"
	"math/rand/v2"

	"github.com/shopmind/shopmind"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ALSParams are the hyper-parameters of ALS.
type ALSParams struct {
	Factors    int     // latent dimensions
	Reg        float64 // L2 regularisation
	Alpha      float64 // confidence of a positive: c = 1 + Alpha*weight
	Iterations int     // alternating sweeps (users, then items)
	CGSteps    int     // conjugate-gradient steps per row and sweep
	Seed       uint64  // initialisation seed
}

// DefaultALSParams returns 32 factors, Reg 5, Alpha 2, 12 iterations,
// 3 CG steps.
func DefaultALSParams() ALSParams {
	return ALSParams{Factors: 32, Reg: 5, Alpha: 2, Iterations: 12, CGSteps: 3, Seed: 1}
}

// ALS is matrix factorisation for implicit feedback (Hu, Koren, Volinsky
// 2008): it minimises sum c_ui (p_ui - x_u·y_i)^2 + Reg(|X|^2+|Y|^2) over
// every user-item pair, solving each row's least squares with a few
// conjugate-gradient steps (Takács et al. 2011). Unknown users are folded in
// from their history by the same solve.
type ALS struct {
	Params ALSParams
	state  alsState
}

type alsState struct {
	Params ALSParams
	NUsers int
	NItems int
	X      []float64 // users x factors
	Y      []float64 // items x factors
	YtY    []float64 // factors x factors, for fold-in
}

// NewALS returns an ALS model with default parameters.
func NewALS() *ALS { return &ALS{Params: DefaultALSParams()} }

// Name implements Model.
func (m *ALS) Name() string { return "als" }

func (p ALSParams) validate() error {
	switch {
	case p.Factors < 1:
		return shopmind.FieldErrorf("factors", "factors must be >= 1")
	case p.Reg < 0:
		return shopmind.FieldErrorf("reg", "reg must be >= 0")
	case p.Alpha < 0:
		return shopmind.FieldErrorf("alpha", "alpha must be >= 0")
	case p.Iterations < 1 || p.CGSteps < 1:
		return shopmind.FieldErrorf("iterations", "iterations and cg_steps must be >= 1")
	}
	return nil
}

// Fit implements Model.
func (m *ALS) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	p := m.Params
	if err := p.validate(); err != nil {
		return err
	}
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	k, nu, ni := p.Factors, d.NumUsers(), d.NumItems()
	rng := rand.New(rand.NewPCG(p.Seed, 0x9e3779b9))
	s := alsState{Params: p, NUsers: nu, NItems: ni, X: make([]float64, nu*k), Y: make([]float64, ni*k)}
	scale := 0.1 / math.Sqrt(float64(k))
	for i := range s.X {
		s.X[i] = rng.NormFloat64() * scale
	}
	for i := range s.Y {
		s.Y[i] = rng.NormFloat64() * scale
	}
	for it := 0; it < p.Iterations; it++ {
		userRow := func(u int) ([]int32, []float32) { return d.UserItems(u) }
		itemRow := func(i int) ([]int32, []float32) { return d.ItemUsers(i) }
		if err := alsSweep(ctx, s.X, s.Y, nu, k, p, userRow); err != nil {
			return err
		}
		if err := alsSweep(ctx, s.Y, s.X, ni, k, p, itemRow); err != nil {
			return err
		}
		progress.Report("als iterations", it+1, p.Iterations)
	}
	s.YtY = gram(s.Y, ni, k)
	m.state = s
	return nil
}

// gram returns A'A for the n x k row-major matrix A.
func gram(a []float64, n, k int) []float64 {
	out := make([]float64, k*k)
	if n == 0 {
		return out
	}
	am := mat.NewDense(n, k, a)
	om := mat.NewDense(k, k, out)
	om.Mul(am.T(), am)
	return out
}

// alsSweep updates every row of dst (n x k) against the fixed factors src.
func alsSweep(ctx context.Context, dst, src []float64, n, k int, p ALSParams, row func(int) ([]int32, []float32)) error {
	yty := gram(src, len(src)/k, k)
	return parallel(ctx, n, func(lo, hi int) {
		ws := newCGWork(k)
		for r := lo; r < hi; r++ {
			if r%256 == 0 && ctx.Err() != nil {
				return
			}
			idx, vals := row(r)
			x := dst[r*k : (r+1)*k]
			if len(idx) == 0 {
				clear(x)
				continue
			}
			ws.solve(x, src, yty, idx, vals, p, p.CGSteps)
		}
	})
}

type cgWork struct{ r, pv, ap []float64 }

func newCGWork(k int) *cgWork {
	return &cgWork{make([]float64, k), make([]float64, k), make([]float64, k)}
}

// apply computes dst = (YtY + Y'(C-I)Y + reg I) v over the row's items.
func (w *cgWork) apply(dst, v, y, yty []float64, idx []int32, vals []float32, p ALSParams) {
	k := len(v)
	for a := 0; a < k; a++ {
		dst[a] = floats.Dot(yty[a*k:(a+1)*k], v) + p.Reg*v[a]
	}
	for n, i := range idx {
		yi := y[int(i)*k : (int(i)+1)*k]
		c := p.Alpha * float64(vals[n])
		floats.AddScaled(dst, c*floats.Dot(yi, v), yi)
	}
}

// solve improves x toward the row's least-squares solution with steps of
// conjugate gradient started at x.
func (w *cgWork) solve(x, y, yty []float64, idx []int32, vals []float32, p ALSParams, steps int) {
	k := len(x)
	// r = b - A x with b = sum c_i y_i.
	w.apply(w.ap, x, y, yty, idx, vals, p)
	for a := range w.r {
		w.r[a] = -w.ap[a]
	}
	for n, i := range idx {
		floats.AddScaled(w.r, 1+p.Alpha*float64(vals[n]), y[int(i)*k:(int(i)+1)*k])
	}
	copy(w.pv, w.r)
	rs := floats.Dot(w.r, w.r)
	for s := 0; s < steps && rs > 1e-20; s++ {
		w.apply(w.ap, w.pv, y, yty, idx, vals, p)
		alpha := rs / floats.Dot(w.pv, w.ap)
		floats.AddScaled(x, alpha, w.pv)
		floats.AddScaled(w.r, -alpha, w.ap)
		rsNew := floats.Dot(w.r, w.r)
		for a := range w.pv {
			w.pv[a] = w.r[a] + rsNew/rs*w.pv[a]
		}
		rs = rsNew
	}
}

// Score implements Model.
func (m *ALS) Score(user int, history []int, dst []float32) {
	s := &m.state
	k := s.Params.Factors
	var x []float64
	if user >= 0 && user < s.NUsers {
		x = s.X[user*k : (user+1)*k]
	} else {
		x = make([]float64, k)
		idx := make([]int32, 0, len(history))
		vals := make([]float32, 0, len(history))
		for _, i := range history {
			if i >= 0 && i < s.NItems {
				idx = append(idx, int32(i))
				vals = append(vals, 1)
			}
		}
		if len(idx) > 0 {
			newCGWork(k).solve(x, s.Y, s.YtY, idx, vals, s.Params, k)
		}
	}
	for i := 0; i < s.NItems; i++ {
		dst[i] = float32(floats.Dot(x, s.Y[i*k:(i+1)*k]))
	}
}

// Marshal implements Model.
func (m *ALS) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *ALS) Unmarshal(r io.Reader) error {
	if err := readModel(r, m.Name(), &m.state); err != nil {
		return err
	}
	m.Params = m.state.Params
	return nil
}

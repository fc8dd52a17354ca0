package forecast

import (
	"math"
	"math/rand/v2"
	"sort"
)

// psi returns the coefficient of an innovation j steps after it in a linear
// model's forecast: alpha + beta*(phi+...+phi^j) + gamma*[j%m == 0].
func (f *etsFit) psi(j int) float64 {
	c := f.p.alpha
	switch f.spec.Trend {
	case TrendAdditive:
		c += f.p.beta * float64(j)
	case TrendDamped:
		ph, pk := 0.0, 1.0
		for range j {
			pk *= f.p.phi
			ph += pk
		}
		c += f.p.beta * ph
	}
	if f.spec.Season == SeasonAdditive && j%f.m == 0 {
		c += f.p.gamma
	}
	return c
}

// analyticVariance fills SD and CumSD for a linear model:
// var(h) = sigma^2 (1 + sum_{j<h} psi_j^2) and, for the sum of steps 1..H,
// sigma^2 sum_{k=1..H} (1 + psi_1 + ... + psi_{H-k})^2.
func (f *etsFit) analyticVariance(fc *Forecast) {
	h := len(fc.Mean)
	psi := make([]float64, h)
	for j := 1; j < h; j++ {
		psi[j] = f.psi(j)
	}
	var acc float64
	for i := range h {
		if i > 0 {
			acc += psi[i] * psi[i]
		}
		fc.SD[i] = math.Sqrt(f.sigma2 * (1 + acc))
	}
	// cum[H] = sum_{k=1..H} (1 + S_{H-k})^2 with S_r = psi_1+...+psi_r;
	// adding step H+1 adds (1 + S_H)^2 for the new innovation's ... all
	// terms shift, so compute it directly: O(h^2) is fine for horizons.
	prefix := make([]float64, h)
	for r := 1; r < h; r++ {
		prefix[r] = prefix[r-1] + psi[r]
	}
	for H := 1; H <= h; H++ {
		var v float64
		for k := 1; k <= H; k++ {
			c := 1 + prefix[H-k]
			v += c * c
		}
		fc.CumSD[H-1] = math.Sqrt(f.sigma2 * v)
	}
}

// simulate fills SD, CumSD and the interval bounds from sample paths of the
// state-space model with Gaussian innovations.
func (f *etsFit) simulate(fc *Forecast, paths int, seed uint64) {
	h := len(fc.Mean)
	rng := rand.New(rand.NewPCG(seed, uint64(f.n)))
	sigma := math.Sqrt(f.sigma2)
	ys := make([][]float64, h)
	cums := make([][]float64, h)
	for i := range h {
		ys[i] = make([]float64, paths)
		cums[i] = make([]float64, paths)
	}
	s := make([]float64, f.m)
	phi := 1.0
	if f.spec.Trend == TrendDamped {
		phi = f.p.phi
	}
	for p := range paths {
		copy(s, f.s)
		l, b := f.l, f.b
		var cum float64
		for i := range h {
			j := (f.n + i) % f.m
			lp := l + phi*b
			mu := lp
			switch f.spec.Season {
			case SeasonAdditive:
				mu = lp + s[j]
			case SeasonMultiplicative:
				mu = lp * s[j]
			}
			eps := rng.NormFloat64() * sigma
			e := eps
			if f.spec.Error == ErrorMultiplicative {
				e = mu * eps
			}
			yv := mu + e
			switch f.spec.Season {
			case SeasonMultiplicative:
				sj := s[j]
				l = lp + f.p.alpha*e/sj
				b = phi*b + f.p.beta*e/sj
				if lp != 0 {
					s[j] = sj + f.p.gamma*e/lp
				}
			case SeasonAdditive:
				l = lp + f.p.alpha*e
				b = phi*b + f.p.beta*e
				s[j] += f.p.gamma * e
			default:
				l = lp + f.p.alpha*e
				b = phi*b + f.p.beta*e
			}
			if f.spec.Trend == TrendNone {
				b = 0
			}
			cum += yv
			ys[i][p] = yv
			cums[i][p] = cum
		}
	}
	lo, hi := 0.5-fc.Level/2, 0.5+fc.Level/2
	for i := range h {
		fc.SD[i] = sdOf(ys[i])
		fc.CumSD[i] = sdOf(cums[i])
		sort.Float64s(ys[i])
		fc.Lower[i] = quantileSorted(ys[i], lo)
		fc.Upper[i] = quantileSorted(ys[i], hi)
	}
}

// sdOf returns the sample standard deviation of x.
func sdOf(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss / float64(len(x)-1))
}

// quantileSorted returns the p-quantile of sorted x by linear interpolation.
func quantileSorted(x []float64, p float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	pos := p * float64(len(x)-1)
	i := int(pos)
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	frac := pos - float64(i)
	return x[i] + frac*(x[i+1]-x[i])
}

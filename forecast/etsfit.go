package forecast

import (
	"math"

	"gonum.org/v1/gonum/optimize"
)

// etsParams are the smoothing parameters and initial states of one model.
type etsParams struct {
	alpha, beta, gamma, phi float64
	l0, b0                  float64
}

// etsFit is one fitted ETS model: parameters, final states and fit scores.
type etsFit struct {
	spec   Spec
	m      int
	p      etsParams
	s0     []float64 // initial seasonal states, s0[j] for times t with t%m == j
	l, b   float64   // final level and trend
	s      []float64 // final seasonal states, s[j] for times t with t%m == j
	n      int       // series length (observed or not)
	nobs   int       // observed values
	obj    float64   // -2 log-likelihood without constants
	aicc   float64
	sigma2 float64 // innovation variance (relative for multiplicative errors)
}

// penalty is returned by the objective for inadmissible parameters.
const penalty = 1e100

// etsRun runs the recursion of spec over y from the given parameters and
// initial seasonal states; s is scratch of length m and ends as the final
// seasonal state. It returns the objective (-2 log L up to constants), the
// final level and trend, the number of observed values and the sum of
// squared (relative for multiplicative errors) residuals.
func etsRun(spec Spec, p etsParams, s0, s, y []float64) (obj, l, b float64, nobs int, sse float64) {
	m := len(s)
	copy(s, s0)
	l, b = p.l0, p.b0
	phi := 1.0
	if spec.Trend == TrendDamped {
		phi = p.phi
	}
	// sum of log(mu) is accumulated as a running product, flushed to a log
	// when it leaves a safe range: one Log per many steps instead of one per
	// step (the Log dominated the fit time).
	var sumLog float64
	prod := 1.0
	j := 0
	multErr := spec.Error == ErrorMultiplicative
	alpha, beta, gamma := p.alpha, p.beta, p.gamma
	// Trend none has b0 = 0 and beta = 0, so b stays 0 without a branch.
	for _, yt := range y {
		lp := l + phi*b
		sj := s[j]
		mu := lp
		switch spec.Season {
		case SeasonAdditive:
			mu = lp + sj
		case SeasonMultiplicative:
			if lp <= 0 || sj <= 0 {
				return penalty, l, b, nobs, sse
			}
			mu = lp * sj
		}
		var e float64
		if yt == yt { // not NaN: missing values propagate the state
			e = yt - mu
			nobs++
			if multErr {
				if mu <= 0 {
					return penalty, l, b, nobs, sse
				}
				r := e / mu
				sse += r * r
				prod *= mu
				if prod > 1e150 || prod < 1e-150 {
					sumLog += math.Log(prod)
					prod = 1
				}
			} else {
				sse += e * e
			}
		}
		if spec.Season == SeasonMultiplicative {
			es := e / sj
			l = lp + alpha*es
			b = phi*b + beta*es
			s[j] = sj + gamma*e/lp
		} else {
			l = lp + alpha*e
			b = phi*b + beta*e
			s[j] = sj + gamma*e // gamma is 0 without a season
		}
		if j++; j == m {
			j = 0
		}
	}
	if nobs == 0 || math.IsNaN(sse) || math.IsInf(sse, 0) {
		return penalty, l, b, nobs, sse
	}
	n := float64(nobs)
	obj = n * math.Log(math.Max(sse, 1e-300)/n)
	if spec.Error == ErrorMultiplicative {
		obj += 2 * (sumLog + math.Log(prod))
	}
	return obj, l, b, nobs, sse
}

// numParams counts estimated parameters: smoothing parameters, initial
// states (m-1 seasonal ones, as the seasonal states are normalised) and the
// innovation variance.
func (s Spec) numParams(m int) int {
	k := 2 // alpha, l0
	if s.Trend != TrendNone {
		k += 2 // beta, b0
	}
	if s.Trend == TrendDamped {
		k++
	}
	if s.Season != SeasonNone {
		k += 1 + m - 1
	}
	return k + 1
}

func sigmoid(u float64) float64 { return 1 / (1 + math.Exp(-u)) }
func logit(p float64) float64   { return math.Log(p / (1 - p)) }

// Bounds of the smoothing parameters (as in R's forecast::ets "usual" region
// with beta < alpha and gamma < 1-alpha).
const (
	alphaLo, alphaHi = 1e-4, 0.9999
	phiLo, phiHi     = 0.8, 0.98
)

// etsTransform maps unconstrained optimizer coordinates to parameters.
type etsTransform struct {
	spec           Spec
	l0, b0         float64 // heuristic initial level and trend
	scaleL, scaleB float64 // units of the l0 and b0 offsets
	optInit        bool    // optimise l0 and b0 too
}

func (tr *etsTransform) params(x []float64) etsParams {
	var p etsParams
	i := 0
	next := func() float64 { v := x[i]; i++; return v }
	p.alpha = alphaLo + (alphaHi-alphaLo)*sigmoid(next())
	if tr.spec.Trend != TrendNone {
		p.beta = p.alpha * sigmoid(next())
	}
	if tr.spec.Season != SeasonNone {
		p.gamma = (1 - p.alpha) * sigmoid(next())
	}
	p.phi = 1
	if tr.spec.Trend == TrendDamped {
		p.phi = phiLo + (phiHi-phiLo)*sigmoid(next())
	}
	p.l0, p.b0 = tr.l0, tr.b0
	if !tr.optInit {
		return p
	}
	p.l0 += tr.scaleL * next()
	if tr.spec.Trend != TrendNone {
		p.b0 += tr.scaleB * next()
	}
	return p
}

// start returns the optimizer's starting point.
func (tr *etsTransform) start() []float64 {
	x := []float64{logit((0.3 - alphaLo) / (alphaHi - alphaLo))}
	if tr.spec.Trend != TrendNone {
		x = append(x, logit(0.1))
	}
	if tr.spec.Season != SeasonNone {
		x = append(x, logit(0.1))
	}
	if tr.spec.Trend == TrendDamped {
		x = append(x, logit((0.95-phiLo)/(phiHi-phiLo)))
	}
	if !tr.optInit {
		return x
	}
	x = append(x, 0)
	if tr.spec.Trend != TrendNone {
		x = append(x, 0)
	}
	return x
}

// fitSpec fits one ETS model to y (NaN for missing) with season m (1 for
// none); filled is y with missing values interpolated, used for initial
// states only. It returns nil when the model cannot be fitted.
// fitOptions controls one model fit.
type fitOptions struct {
	maxEvals int  // cap on objective evaluations per optimizer run
	optInit  bool // estimate l0 and b0 too
	// quick screens: looser convergence and no restart.
	quick bool
}

func fitSpec(spec Spec, y, filled []float64, m int, opt fitOptions) *etsFit {
	if spec.Season == SeasonNone {
		m = 1
	}
	l0, b0, s0 := initStates(filled, m, spec)
	if s0 == nil {
		return nil
	}
	scale := seriesScale(filled)
	tr := &etsTransform{spec: spec, l0: l0, b0: b0, scaleL: scale, scaleB: scale / float64(max(m, 4)), optInit: opt.optInit}
	s := make([]float64, m)
	f := func(x []float64) float64 {
		obj, _, _, _, _ := etsRun(spec, tr.params(x), s0, s, y)
		return obj
	}
	settings := &optimize.Settings{
		FuncEvaluations: opt.maxEvals,
		Converger:       &optimize.FunctionConverge{Absolute: 1e-3, Iterations: 20},
	}
	if opt.quick {
		settings.Converger = &optimize.FunctionConverge{Absolute: 1e-2, Iterations: 8}
	}
	res, err := optimize.Minimize(optimize.Problem{Func: f}, tr.start(), settings, &optimize.NelderMead{SimplexSize: 0.5})
	if !opt.quick && err == nil && res != nil && res.F < penalty {
		// Restart once from the optimum with a fresh, smaller simplex:
		// Nelder-Mead can stall on a collapsed simplex, and without the
		// restart the chosen models depended on optimizer settings.
		res2, err2 := optimize.Minimize(optimize.Problem{Func: f}, res.X, settings, &optimize.NelderMead{SimplexSize: 0.2})
		if err2 == nil && res2 != nil && res2.F < res.F {
			res = res2
		}
	}
	if err != nil || res == nil || res.F >= penalty {
		return nil
	}
	p := tr.params(res.X)
	obj, l, b, nobs, sse := etsRun(spec, p, s0, s, y)
	if obj >= penalty {
		return nil
	}
	k := spec.numParams(m)
	fit := &etsFit{spec: spec, m: m, p: p, s0: s0, l: l, b: b, s: s, n: len(y), nobs: nobs, obj: obj}
	fit.aicc = math.Inf(1)
	if nobs-k-1 > 0 {
		fit.aicc = obj + 2*float64(k) + 2*float64(k*(k+1))/float64(nobs-k-1)
	}
	df := nobs - k
	if spec.Error == ErrorMultiplicative {
		df = nobs
	}
	fit.sigma2 = sse / float64(max(df, 1))
	return fit
}

// seriesScale is a positive unit for level offsets: the sd of y, or its mean
// magnitude when y is constant.
func seriesScale(y []float64) float64 {
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ss float64
	for _, v := range y {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(len(y)))
	if sd > 0 {
		return sd
	}
	return math.Max(math.Abs(mean)*0.1, 1e-3)
}

// initStates computes heuristic initial states (Hyndman et al. 2008, 2.6.1):
// seasonal indices from the first (up to four) cycles around a linear trend
// through the cycle means, then level and trend by least squares on the
// first deseasonalised values. It returns a nil seasonal slice when the
// multiplicative initialisation is impossible (non-positive trend line).
func initStates(y []float64, m int, spec Spec) (l0, b0 float64, s0 []float64) {
	n := len(y)
	s0 = make([]float64, m)
	if spec.Season != SeasonNone && m > 1 {
		k := min(n/m, 4)
		cm := make([]float64, k)
		for c := range k {
			for j := range m {
				cm[c] += y[c*m+j]
			}
			cm[c] /= float64(m)
		}
		slope := 0.0
		if k > 1 {
			slope = (cm[k-1] - cm[0]) / float64((k-1)*m)
		}
		for c := range k {
			for j := range m {
				tl := cm[c] + slope*(float64(j)-float64(m-1)/2)
				if spec.Season == SeasonMultiplicative {
					if tl <= 0 {
						return 0, 0, nil
					}
					s0[j] += y[c*m+j] / tl / float64(k)
				} else {
					s0[j] += (y[c*m+j] - tl) / float64(k)
				}
			}
		}
		var mean float64
		for _, v := range s0 {
			mean += v / float64(m)
		}
		for j := range s0 {
			if spec.Season == SeasonMultiplicative {
				if mean <= 0 {
					return 0, 0, nil
				}
				s0[j] /= mean
			} else {
				s0[j] -= mean
			}
		}
	} else {
		for j := range s0 {
			s0[j] = 0
		}
	}
	L := min(n, max(2*m, 10))
	var sx, sy, sxx, sxy float64
	for t := range L {
		v := y[t]
		switch spec.Season {
		case SeasonAdditive:
			v -= s0[t%m]
		case SeasonMultiplicative:
			v /= s0[t%m]
		}
		x := float64(t + 1)
		sx += x
		sy += v
		sxx += x * x
		sxy += x * v
	}
	nf := float64(L)
	if spec.Trend == TrendNone || L < 2 {
		return sy / nf, 0, s0
	}
	b0 = (nf*sxy - sx*sy) / (nf*sxx - sx*sx)
	l0 = (sy - b0*sx) / nf
	return l0, b0, s0
}

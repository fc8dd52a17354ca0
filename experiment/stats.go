package experiment

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Test names, as reported in shopmind.Lift.Test.
const (
	NameZ      = "two-proportion z-test"
	NameFisher = "Fisher exact test"
	NameWelch  = "Welch t-test"
)

// zQuantile returns the standard normal quantile of p.
func zQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// Wilson returns the Wilson score interval of k successes in n trials at
// the given confidence level (e.g. 0.95). n == 0 gives the whole [0, 1].
func Wilson(k, n int, confidence float64) (low, high float64) {
	if n == 0 {
		return 0, 1
	}
	z := zQuantile(1 - (1-confidence)/2)
	fn := float64(n)
	p := float64(k) / fn
	den := 1 + z*z/fn
	mid := (p + z*z/(2*fn)) / den
	half := z * math.Sqrt(p*(1-p)/fn+z*z/(4*fn*fn)) / den
	return math.Max(0, mid-half), math.Min(1, mid+half)
}

// ClopperPearson returns the exact (Clopper-Pearson) binomial interval of k
// successes in n trials.
func ClopperPearson(k, n int, confidence float64) (low, high float64) {
	if n == 0 {
		return 0, 1
	}
	a := (1 - confidence) / 2
	low, high = 0, 1
	if k > 0 {
		low = distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1)}.Quantile(a)
	}
	if k < n {
		high = distuv.Beta{Alpha: float64(k + 1), Beta: float64(n - k)}.Quantile(1 - a)
	}
	return low, high
}

// BinomialTest returns the two-sided p-value of the exact binomial test of
// k successes in n trials against success probability p: the total
// probability of every outcome no more likely than k (the "minlike" rule R's
// binom.test uses).
func BinomialTest(k, n int, p float64) float64 {
	if n == 0 {
		return 1
	}
	b := distuv.Binomial{N: float64(n), P: p}
	pk := b.Prob(float64(k))
	var sum float64
	for i := 0; i <= n; i++ {
		if q := b.Prob(float64(i)); q <= pk*(1+1e-7) {
			sum += q
		}
	}
	return math.Min(1, sum)
}

// TwoProportionZ returns the z statistic and two-sided p-value of the
// pooled two-proportion z-test of k1/n1 against k2/n2. With no variation
// (both rates 0 or both 1) it returns 0, 1.
func TwoProportionZ(k1, n1, k2, n2 int) (z, p float64) {
	if n1 == 0 || n2 == 0 {
		return 0, 1
	}
	p1, p2 := float64(k1)/float64(n1), float64(k2)/float64(n2)
	pool := float64(k1+k2) / float64(n1+n2)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 0, 1
	}
	z = (p2 - p1) / se
	return z, 2 * distuv.UnitNormal.Survival(math.Abs(z))
}

// FisherExact returns the two-sided p-value of Fisher's exact test of the
// 2×2 table [[a, b], [c, d]]: the total hypergeometric probability of every
// table with the same margins that is no more likely than the observed one.
func FisherExact(a, b, c, d int) float64 {
	r1, c1, n := a+b, a+c, a+b+c+d
	if n == 0 {
		return 1
	}
	lo, hi := max(0, c1-(n-r1)), min(r1, c1)
	logp := func(x int) float64 {
		return lchoose(r1, x) + lchoose(n-r1, c1-x) - lchoose(n, c1)
	}
	obs := logp(a)
	var sum float64
	for x := lo; x <= hi; x++ {
		if lp := logp(x); lp <= obs+1e-7 {
			sum += math.Exp(lp)
		}
	}
	return math.Min(1, sum)
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// Moments summarises a sample: its size, mean and (n-1) variance.
type Moments struct {
	N        int
	Mean     float64
	Variance float64
}

// Summarise returns the moments of xs.
func Summarise(xs []float64) Moments {
	var m Moments
	for _, x := range xs {
		m.add(x)
	}
	return m.finish()
}

// add and finish compute the moments in one pass (Welford), keeping the
// running sum of squares in Variance until finish.
func (m *Moments) add(x float64) {
	m.N++
	d := x - m.Mean
	m.Mean += d / float64(m.N)
	m.Variance += d * (x - m.Mean)
}

func (m Moments) finish() Moments {
	if m.N > 1 {
		m.Variance /= float64(m.N - 1)
	} else {
		m.Variance = 0
	}
	return m
}

// MeanInterval returns the Student's t confidence interval of a mean.
func MeanInterval(m Moments, confidence float64) (low, high float64) {
	if m.N < 2 {
		return math.Inf(-1), math.Inf(1)
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(m.N - 1)}.Quantile(1 - (1-confidence)/2)
	half := t * math.Sqrt(m.Variance/float64(m.N))
	return m.Mean - half, m.Mean + half
}

// Welch returns Welch's t statistic for mean(b) - mean(a), its
// Welch-Satterthwaite degrees of freedom and two-sided p-value. Samples
// without variation give t 0 and p 1 when the means are equal.
func Welch(a, b Moments) (t, df, p float64) {
	if a.N < 2 || b.N < 2 {
		return 0, 0, 1
	}
	va, vb := a.Variance/float64(a.N), b.Variance/float64(b.N)
	se2 := va + vb
	if se2 == 0 {
		if a.Mean == b.Mean {
			return 0, float64(a.N + b.N - 2), 1
		}
		return math.Copysign(math.Inf(1), b.Mean-a.Mean), float64(a.N + b.N - 2), 0
	}
	t = (b.Mean - a.Mean) / math.Sqrt(se2)
	df = se2 * se2 / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	p = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	return t, df, p
}

// WelchInterval returns the confidence interval of mean(b) - mean(a) with
// Welch's standard error and degrees of freedom.
func WelchInterval(a, b Moments, confidence float64) (low, high float64) {
	d := b.Mean - a.Mean
	if a.N < 2 || b.N < 2 {
		return math.Inf(-1), math.Inf(1)
	}
	va, vb := a.Variance/float64(a.N), b.Variance/float64(b.N)
	se2 := va + vb
	if se2 == 0 {
		return d, d
	}
	df := se2 * se2 / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1-(1-confidence)/2) * math.Sqrt(se2)
	return d - half, d + half
}

// DiffInterval returns the Wald interval of p2 - p1 for k1/n1 and k2/n2.
func DiffInterval(k1, n1, k2, n2 int, confidence float64) (low, high float64) {
	if n1 == 0 || n2 == 0 {
		return -1, 1
	}
	p1, p2 := float64(k1)/float64(n1), float64(k2)/float64(n2)
	se := math.Sqrt(p1*(1-p1)/float64(n1) + p2*(1-p2)/float64(n2))
	z := zQuantile(1 - (1-confidence)/2)
	return p2 - p1 - z*se, p2 - p1 + z*se
}

// SampleSize returns the users per variant a two-sided two-proportion test
// at level alpha needs to detect a change of conversion from baseline to
// target with the given power (the normal-approximation formula without
// continuity correction). It returns 0 for invalid input.
func SampleSize(baseline, target, alpha, power float64) int {
	if baseline <= 0 || baseline >= 1 || target <= 0 || target >= 1 || baseline == target ||
		alpha <= 0 || alpha >= 1 || power <= 0 || power >= 1 {
		return 0
	}
	za, zb := zQuantile(1-alpha/2), zQuantile(power)
	pbar := (baseline + target) / 2
	num := za*math.Sqrt(2*pbar*(1-pbar)) + zb*math.Sqrt(baseline*(1-baseline)+target*(1-target))
	d := target - baseline
	return int(math.Ceil(num * num / (d * d)))
}

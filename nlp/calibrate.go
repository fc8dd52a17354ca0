package nlp

import "math"

// FitTemperature returns the temperature T that minimises the negative log
// likelihood of labels under softmax(logits/T) (temperature scaling, Guo et
// al. 2017), searched by golden section over log T in [-4, 4]. It returns 1
// when there is nothing to fit.
func FitTemperature(logits [][]float64, labels []int) float64 {
	if len(logits) == 0 {
		return 1
	}
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		var sum float64
		p := make([]float64, len(logits[0]))
		for i, l := range logits {
			copy(p, l)
			softmaxInPlace(p, t)
			sum -= math.Log(math.Max(p[labels[i]], 1e-12))
		}
		return sum
	}
	a, b := -4.0, 4.0
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := nll(c), nll(d)
	for i := 0; i < 40; i++ {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = nll(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = nll(d)
		}
	}
	return math.Exp((a + b) / 2)
}

// ECE is the expected calibration error of predicted probabilities (the
// top class's) against correctness, over bins equal-width confidence bins.
func ECE(confidence []float64, correct []bool, bins int) float64 {
	if len(confidence) == 0 {
		return 0
	}
	sumConf := make([]float64, bins)
	sumAcc := make([]float64, bins)
	count := make([]int, bins)
	for i, p := range confidence {
		b := int(p * float64(bins))
		if b >= bins {
			b = bins - 1
		}
		sumConf[b] += p
		if correct[i] {
			sumAcc[b]++
		}
		count[b]++
	}
	var ece float64
	for b := range count {
		if count[b] > 0 {
			ece += math.Abs(sumAcc[b]-sumConf[b]) / float64(len(confidence))
		}
	}
	return ece
}

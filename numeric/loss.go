package numeric

import "math"

// BCEWithLogits returns the mean binary cross-entropy of logits z against
// labels y in [0, 1], and writes dLoss/dz into grad (which may be nil). It is
// computed from logits for numerical stability.
func BCEWithLogits(grad, z, y []float32) float32 {
	mustLen("labels", len(y), len(z))
	if grad != nil {
		mustLen("loss gradient", len(grad), len(z))
	}
	var loss float64
	n := float32(len(z))
	for i, v := range z {
		x := float64(v)
		// log(1+e^x) - y x, stably.
		loss += math.Max(x, 0) - x*float64(y[i]) + math.Log1p(math.Exp(-math.Abs(x)))
		if grad != nil {
			grad[i] = (Sigmoid(v) - y[i]) / n
		}
	}
	return float32(loss / float64(len(z)))
}

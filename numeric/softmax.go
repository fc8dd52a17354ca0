package numeric

import "math"

// Softmax writes the row-wise softmax of logits (rows x classes) into dst
// (which may alias logits), computed stably by subtracting each row's max.
func Softmax(dst, logits []float32, classes int) {
	mustLen("softmax output", len(dst), len(logits))
	if classes <= 0 || len(logits)%classes != 0 {
		panic("numeric: softmax logits are not a whole number of rows")
	}
	for r := 0; r < len(logits)/classes; r++ {
		z, p := logits[r*classes:(r+1)*classes], dst[r*classes:(r+1)*classes]
		m := z[0]
		for _, v := range z[1:] {
			m = max(m, v)
		}
		var sum float64
		for i, v := range z {
			e := math.Exp(float64(v - m))
			p[i] = float32(e)
			sum += e
		}
		inv := float32(1 / sum)
		for i := range p {
			p[i] *= inv
		}
	}
}

// SoftmaxCrossEntropy returns the mean cross-entropy of the softmax of
// logits (len(labels) x classes) against integer labels, and writes
// dLoss/dlogits into grad unless grad is nil. It panics on a label outside
// [0, classes).
func SoftmaxCrossEntropy(grad, logits []float32, labels []int, classes int) float32 {
	mustLen("logits", len(logits), len(labels)*classes)
	p := grad
	if p == nil {
		p = make([]float32, len(logits))
	} else {
		mustLen("loss gradient", len(grad), len(logits))
	}
	Softmax(p, logits, classes)
	var loss float64
	inv := float32(1) / float32(len(labels))
	for r, y := range labels {
		if y < 0 || y >= classes {
			panic("numeric: label out of range")
		}
		row := p[r*classes : (r+1)*classes]
		loss -= math.Log(math.Max(float64(row[y]), 1e-30))
		if grad != nil {
			row[y] -= 1
			for i := range row {
				row[i] *= inv
			}
		}
	}
	return float32(loss / float64(len(labels)))
}

// Argmax returns the index of the largest value (the first on ties).
func Argmax(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

package numeric

import "math"

// ReLU writes max(0, x) into dst (which may alias x).
func ReLU(dst, x []float32) {
	mustLen("relu output", len(dst), len(x))
	for i, v := range x {
		dst[i] = max(v, 0)
	}
}

// ReLUBackward writes the input gradient of ReLU given its output y and the
// output gradient dy into dx (which may alias dy).
func ReLUBackward(dx, dy, y []float32) {
	mustLen("relu gradient", len(dy), len(y))
	mustLen("relu input gradient", len(dx), len(y))
	for i, v := range y {
		if v > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = 0
		}
	}
}

// Sigmoid returns 1/(1+e^-x), computed stably for large |x|.
func Sigmoid(x float32) float32 {
	if x >= 0 {
		return float32(1 / (1 + math.Exp(-float64(x))))
	}
	e := math.Exp(float64(x))
	return float32(e / (1 + e))
}

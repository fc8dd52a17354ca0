package numeric

import "math/rand/v2"

// Dropout is inverted dropout: in training each value is zeroed with
// probability Rate and the survivors are scaled by 1/(1-Rate), so inference
// is the identity. The caller keeps the mask between Forward and Backward.
type Dropout struct {
	Rate float32
}

// Forward writes the dropped-out x into y (which may alias x) and the mask
// (0 or 1/(1-Rate) per value) into mask, drawing from rng.
func (d Dropout) Forward(y, x, mask []float32, rng *rand.Rand) {
	mustLen("dropout output", len(y), len(x))
	mustLen("dropout mask", len(mask), len(x))
	keep := 1 - d.Rate
	scale := 1 / keep
	for i, v := range x {
		if rng.Float32() < keep {
			mask[i] = scale
		} else {
			mask[i] = 0
		}
		y[i] = v * mask[i]
	}
}

// Backward writes dy*mask into dx (which may alias dy).
func (d Dropout) Backward(dx, dy, mask []float32) {
	mustLen("dropout gradient", len(dy), len(mask))
	mustLen("dropout input gradient", len(dx), len(mask))
	for i, m := range mask {
		dx[i] = dy[i] * m
	}
}

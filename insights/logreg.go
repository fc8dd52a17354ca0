package insights

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Logistic is an L2-regularised logistic regression on standardised
// features: P(y=1 | x) = sigmoid(Bias + sum_j Weights[j] * (x[j]-Mean[j])/SD[j]).
type Logistic struct {
	Mean    []float64 `json:"mean"`
	SD      []float64 `json:"sd"`
	Weights []float64 `json:"weights"`
	Bias    float64   `json:"bias"`
}

// FitLogistic fits a Logistic to the rows of x (n rows of d features,
// row-major) and labels y (0 or 1) by Newton's method (iteratively
// reweighted least squares) with L2 penalty lambda on the weights, not the
// bias. It panics if the lengths disagree and returns an error for an
// empty or one-class training set.
func FitLogistic(ctx context.Context, x []float64, d int, y []float64, lambda float64) (*Logistic, error) {
	if d <= 0 || len(x) != len(y)*d {
		panic("insights: FitLogistic: len(x) != len(y)*d")
	}
	n := len(y)
	var pos float64
	for _, v := range y {
		pos += v
	}
	if n == 0 || pos == 0 || pos == float64(n) {
		return nil, fmt.Errorf("fit logistic: need both classes, got %g positive of %d", pos, n)
	}
	z := append([]float64(nil), x...)
	mean, sd := standardize(z, d)
	p := d + 1 // weights then bias
	w := make([]float64, p)
	w[d] = math.Log(pos / (float64(n) - pos))
	grad := make([]float64, p)
	hess := mat.NewSymDense(p, nil)
	row := make([]float64, p)
	for iter := 0; iter < 25; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		clear(grad)
		hraw := make([]float64, p*p)
		for i := 0; i < n; i++ {
			copy(row, z[i*d:(i+1)*d])
			row[d] = 1
			var eta float64
			for j, v := range row {
				eta += w[j] * v
			}
			pr := sigmoid(eta)
			r := pr - y[i]
			wt := math.Max(pr*(1-pr), 1e-9)
			for a := 0; a < p; a++ {
				grad[a] += r * row[a]
				ra := wt * row[a]
				for b := a; b < p; b++ {
					hraw[a*p+b] += ra * row[b]
				}
			}
		}
		for a := 0; a < d; a++ {
			grad[a] += lambda * w[a]
			hraw[a*p+a] += lambda
		}
		for a := 0; a < p; a++ {
			for b := a; b < p; b++ {
				hess.SetSym(a, b, hraw[a*p+b])
			}
		}
		var chol mat.Cholesky
		if !chol.Factorize(hess) {
			return nil, fmt.Errorf("fit logistic: Hessian is not positive definite")
		}
		var step mat.VecDense
		if err := chol.SolveVecTo(&step, mat.NewVecDense(p, grad)); err != nil {
			return nil, fmt.Errorf("fit logistic: %w", err)
		}
		var size float64
		for j := 0; j < p; j++ {
			s := step.AtVec(j)
			w[j] -= s
			size = math.Max(size, math.Abs(s))
		}
		if size < 1e-8 {
			break
		}
	}
	return &Logistic{Mean: mean, SD: sd, Weights: w[:d], Bias: w[d]}, nil
}

// Predict returns P(y=1) for one row of raw (unstandardised) features.
func (l *Logistic) Predict(x []float64) float64 {
	eta := l.Bias
	for j, v := range x {
		if l.SD[j] > 0 {
			eta += l.Weights[j] * (v - l.Mean[j]) / l.SD[j]
		}
	}
	return sigmoid(eta)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

package nlp

import (
	"context"
	"math/rand/v2"
)

// train sets the weights from the documents' TF-IDF vectors.
func (m *LogReg) train(ctx context.Context, vecs []sparse, labels []int) error {
	p := m.Params
	m.w2, m.b2, m.t1, m.t2, m.t3 = nil, nil, 0, 0, 0
	var err error
	switch p.Loss {
	case LossLog:
		m.w, m.b, err = m.fitSGD(ctx, vecs, labels)
		return err
	case LossSVM:
		m.w, m.b, err = m.fitSVM(ctx, vecs, labels)
		return err
	}
	// LossLogSVM: the temperatures of both models, and of the sum of their
	// log-probabilities, come from a stratified tenth held out of a first
	// fit; both are then refitted on everything.
	fit, held := stratifiedSplit(labels, m.classes, 0.1, p.Seed)
	if len(held) > 0 {
		fv, fl := make([]sparse, len(fit)), make([]int, len(fit))
		for k, i := range fit {
			fv[k], fl[k] = vecs[i], labels[i]
		}
		if m.w, m.b, err = m.fitSGD(ctx, fv, fl); err != nil {
			return err
		}
		if m.w2, m.b2, err = m.fitSVM(ctx, fv, fl); err != nil {
			return err
		}
		l1, l2, hl := make([][]float64, len(held)), make([][]float64, len(held)), make([]int, len(held))
		for k, i := range held {
			l1[k], l2[k] = make([]float64, m.classes), make([]float64, m.classes)
			linearScores(l1[k], m.w, m.b, vecs[i])
			linearScores(l2[k], m.w2, m.b2, vecs[i])
			hl[k] = labels[i]
		}
		m.t1, m.t2 = FitTemperature(l1, hl), FitTemperature(l2, hl)
		for k := range held {
			logSoftmax(l1[k], m.t1)
			logSoftmax(l2[k], m.t2)
			for c := range l1[k] {
				l1[k][c] += l2[k][c]
			}
		}
		m.t3 = FitTemperature(l1, hl)
	} else {
		m.t1, m.t2, m.t3 = 1, 1, 1
	}
	if m.w, m.b, err = m.fitSGD(ctx, vecs, labels); err != nil {
		return err
	}
	m.w2, m.b2, err = m.fitSVM(ctx, vecs, labels)
	return err
}

// fitSGD trains multinomial logistic regression by SGD with a linearly
// decaying learning rate and weight decay.
func (m *LogReg) fitSGD(ctx context.Context, vecs []sparse, labels []int) (w, b []float32, err error) {
	p := m.Params
	classes, V := m.classes, len(m.idf)
	w, b = make([]float32, classes*V), make([]float32, classes)
	rng := rand.New(rand.NewPCG(p.Seed, 0x10))
	order := rng.Perm(len(vecs))
	probs := make([]float64, classes)
	total := float64(p.Epochs * len(vecs))
	step := 0
	for e := 0; e < p.Epochs; e++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, d := range order {
			lr := float32(p.LR * (1 - float64(step)/total))
			step++
			v := vecs[d]
			linearScores(probs, w, b, v)
			softmaxInPlace(probs, 1)
			decay := 1 - lr*float32(p.L2)
			for c := 0; c < classes; c++ {
				y := float32(0)
				if c == labels[d] {
					y = 1
				}
				g := lr * (y - float32(probs[c]))
				wc := w[c*V : (c+1)*V]
				for k, i := range v.idx {
					wc[i] = wc[i]*decay + g*v.val[k]
				}
				b[c] += g * 0.1
			}
		}
	}
	return w, b, nil
}

func (m *LogReg) scores(dst []float64, v sparse) {
	linearScores(dst, m.w, m.b, v)
}

// linearScores sets dst[c] to w_c . v + b_c.
func linearScores(dst []float64, w, b []float32, v sparse) {
	V := len(w) / len(b)
	for c := range b {
		wc := w[c*V : (c+1)*V]
		s := b[c]
		for k, i := range v.idx {
			s += wc[i] * v.val[k]
		}
		dst[c] = float64(s)
	}
}

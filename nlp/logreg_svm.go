package nlp

import (
	"context"
	"math/rand/v2"
	"sync"
)

// fitSVM trains one-vs-rest linear support vector machines with the squared
// hinge loss and L2 regularisation (LIBLINEAR's default solver: dual
// coordinate descent, Hsieh et al. 2008) on the TF-IDF vectors; a constant
// feature 1 gives each class its bias. Params.Workers classes are trained at
// once; each class's weights depend only on the data and the seed.
func (m *LogReg) fitSVM(ctx context.Context, vecs []sparse, labels []int) (w, b []float32, err error) {
	p := m.Params
	classes, V := m.classes, len(m.idf)
	w, b = make([]float32, classes*V), make([]float32, classes)
	dii := float32(0.5 / p.C)
	qii := make([]float32, len(vecs))
	for i, v := range vecs {
		var s float32 = 1 // the bias feature
		for _, x := range v.val {
			s += x * x
		}
		qii[i] = s + dii
	}
	var wg sync.WaitGroup
	next := make(chan int)
	errs := make([]error, classes)
	for range max(p.Workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				b[c], errs[c] = m.fitSVMClass(ctx, vecs, labels, c, qii, w[c*V:(c+1)*V])
			}
		}()
	}
	for c := 0; c < classes; c++ {
		next <- c
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return w, b, nil
}

// fitSVMClass trains class c against the rest into w and returns the bias.
func (m *LogReg) fitSVMClass(ctx context.Context, vecs []sparse, labels []int, c int, qii, w []float32) (float32, error) {
	p := m.Params
	dii := float32(0.5 / p.C)
	alpha := make([]float32, len(vecs))
	var b float32
	rng := rand.New(rand.NewPCG(p.Seed, 0x5f3+uint64(c)))
	order := rng.Perm(len(vecs))
	for pass := 0; pass < p.SVMPasses; pass++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		maxPG, minPG := float32(-1e30), float32(1e30)
		for _, i := range order {
			y := float32(-1)
			if labels[i] == c {
				y = 1
			}
			v := vecs[i]
			s := b
			for k, j := range v.idx {
				s += w[j] * v.val[k]
			}
			g := y*s - 1 + dii*alpha[i] // gradient of the dual in alpha_i
			pg := g                     // projected on alpha_i >= 0
			if alpha[i] == 0 && g > 0 {
				pg = 0
			}
			maxPG, minPG = max(maxPG, pg), min(minPG, pg)
			if pg == 0 {
				continue
			}
			na := max(alpha[i]-g/qii[i], 0)
			d := (na - alpha[i]) * y
			alpha[i] = na
			for k, j := range v.idx {
				w[j] += d * v.val[k]
			}
			b += d
		}
		if maxPG-minPG < 0.1 { // LIBLINEAR's default tolerance
			break
		}
	}
	return b, nil
}

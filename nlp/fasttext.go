package nlp

import (
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/shopmind/shopmind"
)

// FastTextParams are the hyper-parameters of FastText.
type FastTextParams struct {
	Dim        int     // embedding size
	Epochs     int     // passes over the training data
	LR         float64 // initial learning rate, decayed linearly to 0
	WordNgrams int     // 1: words; 2: words and word bigrams
	MinN, MaxN int     // character n-gram lengths in runes; MaxN 0: no character n-grams
	Threads    int     // goroutines of Hogwild SGD (1: deterministic)
	Seed       uint64  // seed of the initial weights and the example order
}

// DefaultFastTextParams works well on review sentiment and categories:
// words, word bigrams and character 2-4-grams, on every core. Start from it
// and override fields; every field is used as given (a zero MaxN means no
// character n-grams, not "the default").
func DefaultFastTextParams() FastTextParams {
	return FastTextParams{Dim: 32, Epochs: 8, LR: 0.4, WordNgrams: 2, MinN: 2, MaxN: 4, Threads: runtime.GOMAXPROCS(0), Seed: 1}
}

// Validate returns an EINVALID error naming the first parameter out of range.
func (p FastTextParams) Validate() error {
	switch {
	case p.Dim < 1:
		return shopmind.FieldErrorf("dim", "dim must be at least 1, got %d", p.Dim)
	case p.Epochs < 1:
		return shopmind.FieldErrorf("epochs", "epochs must be at least 1, got %d", p.Epochs)
	case !(p.LR > 0):
		return shopmind.FieldErrorf("lr", "lr must be positive, got %g", p.LR)
	case p.WordNgrams != 1 && p.WordNgrams != 2:
		return shopmind.FieldErrorf("word_ngrams", "word_ngrams must be 1 or 2, got %d", p.WordNgrams)
	case p.MaxN < 0:
		return shopmind.FieldErrorf("maxn", "maxn must not be negative, got %d", p.MaxN)
	case p.MaxN > 0 && (p.MinN < 1 || p.MinN > p.MaxN):
		return shopmind.FieldErrorf("minn", "minn must be in [1, maxn=%d], got %d", p.MaxN, p.MinN)
	case p.Threads < 1:
		return shopmind.FieldErrorf("threads", "threads must be at least 1, got %d", p.Threads)
	}
	return nil
}

// FastText is a supervised text classifier in the fastText family: every
// hashed word, word bigram and character n-gram has an embedding, a
// document's hidden vector is their mean, and a linear softmax layer scores
// the classes. Fit trains it by SGD with a linearly decaying learning rate
// on several goroutines that update the shared weights without locks
// (Hogwild). Only n-grams seen in training keep a row, so the model's size
// follows the data rather than the hash space.
type FastText struct {
	Params FastTextParams

	classes int
	rows    map[uint32]int32 // n-gram hash -> row of in
	in      []float32        // len(rows) x Dim
	out     []float32        // classes x Dim
}

// NewFastText returns an untrained model with p, used as given (start from
// DefaultFastTextParams); Fit checks it with Validate.
func NewFastText(p FastTextParams) *FastText {
	return &FastText{Params: p}
}

// Kind is "fasttext".
func (m *FastText) Kind() string { return "fasttext" }

func (m *FastText) ngrams() ngramConfig {
	return ngramConfig{WordNgrams: m.Params.WordNgrams, MinN: m.Params.MinN, MaxN: m.Params.MaxN}
}

// Fit trains the model on docs (token lists) with labels in [0, classes).
func (m *FastText) Fit(ctx context.Context, docs [][]string, labels []int, classes int) error {
	if len(docs) != len(labels) {
		panic("nlp: FastText.Fit: docs and labels differ in length")
	}
	p := m.Params
	if err := p.Validate(); err != nil {
		return err
	}
	m.classes = classes
	m.rows = make(map[uint32]int32)
	// Hash every document once; epochs then only read row indexes.
	ng := m.ngrams()
	feats := make([][]int32, len(docs))
	var buf []feature
	for i, doc := range docs {
		buf = ng.extract(buf[:0], doc, false)
		ids := make([]int32, len(buf))
		for j, f := range buf {
			r, ok := m.rows[f.hash]
			if !ok {
				r = int32(len(m.rows))
				m.rows[f.hash] = r
			}
			ids[j] = r
		}
		feats[i] = ids
	}
	rng := rand.New(rand.NewPCG(p.Seed, 0x5eed))
	m.in = make([]float32, len(m.rows)*p.Dim)
	scale := float32(1 / float64(p.Dim))
	for i := range m.in {
		m.in[i] = (2*rng.Float32() - 1) * scale
	}
	m.out = make([]float32, classes*p.Dim)

	threads := p.Threads
	if raceEnabled || threads > len(docs) {
		threads = 1
	}
	order := rng.Perm(len(docs))
	total := float64(p.Epochs * len(docs))
	var wg sync.WaitGroup
	errs := make([]error, threads)
	for t := 0; t < threads; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			shard := order[t*len(order)/threads : (t+1)*len(order)/threads]
			trng := rand.New(rand.NewPCG(p.Seed, uint64(t)+1))
			hidden := make([]float32, p.Dim)
			grad := make([]float32, p.Dim)
			probs := make([]float64, classes)
			done := 0
			for e := 0; e < p.Epochs; e++ {
				if err := ctx.Err(); err != nil {
					errs[t] = err
					return
				}
				trng.Shuffle(len(shard), func(i, j int) { shard[i], shard[j] = shard[j], shard[i] })
				for _, d := range shard {
					// Progress is estimated from this shard, as fastText does per thread.
					lr := p.LR * (1 - float64(done*threads)/total)
					done++
					if lr < 0 {
						lr = 0
					}
					m.step(feats[d], labels[d], float32(lr), hidden, grad, probs)
				}
			}
		}(t)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// step is one SGD update on one example.
func (m *FastText) step(ids []int32, label int, lr float32, hidden, grad []float32, probs []float64) {
	if len(ids) == 0 {
		return
	}
	dim := m.Params.Dim
	m.hidden(hidden, ids)
	m.softmax(probs, hidden)
	for j := range grad {
		grad[j] = 0
	}
	for c := 0; c < m.classes; c++ {
		y := float32(0)
		if c == label {
			y = 1
		}
		alpha := lr * (y - float32(probs[c]))
		o := m.out[c*dim : (c+1)*dim]
		for j := range o {
			grad[j] += alpha * o[j]
			o[j] += alpha * hidden[j]
		}
	}
	inv := 1 / float32(len(ids))
	for _, r := range ids {
		row := m.in[int(r)*dim : (int(r)+1)*dim]
		for j := range row {
			row[j] += grad[j] * inv
		}
	}
}

// hidden sets dst to the mean embedding of ids.
func (m *FastText) hidden(dst []float32, ids []int32) {
	dim := m.Params.Dim
	for j := range dst {
		dst[j] = 0
	}
	for _, r := range ids {
		row := m.in[int(r)*dim : (int(r)+1)*dim]
		for j, v := range row {
			dst[j] += v
		}
	}
	inv := 1 / float32(len(ids))
	for j := range dst {
		dst[j] *= inv
	}
}

// softmax sets probs to the class probabilities for a hidden vector.
func (m *FastText) softmax(probs []float64, hidden []float32) {
	m.logits(probs, hidden)
	softmaxInPlace(probs, 1)
}

func (m *FastText) logits(dst []float64, hidden []float32) {
	dim := m.Params.Dim
	for c := 0; c < m.classes; c++ {
		o := m.out[c*dim : (c+1)*dim]
		var s float32
		for j, v := range o {
			s += v * hidden[j]
		}
		dst[c] = float64(s)
	}
}

// known returns the rows of doc's n-grams seen in training.
func (m *FastText) known(doc []string, names bool) ([]int32, []string) {
	fs := m.ngrams().extract(nil, doc, names)
	ids := make([]int32, 0, len(fs))
	var groups []string
	for _, f := range fs {
		if r, ok := m.rows[f.hash]; ok {
			ids = append(ids, r)
			if names {
				groups = append(groups, f.group)
			}
		}
	}
	return ids, groups
}

// Classes is the number of classes the model was trained on.
func (m *FastText) Classes() int { return m.classes }

// Logits returns the class scores of doc (all zero when none of its
// n-grams was seen in training).
func (m *FastText) Logits(doc []string) []float64 {
	out := make([]float64, m.classes)
	ids, _ := m.known(doc, false)
	if len(ids) == 0 {
		return out
	}
	h := make([]float32, m.Params.Dim)
	m.hidden(h, ids)
	m.logits(out, h)
	return out
}

// Contributions returns each n-gram group's share of every class logit:
// the logits are exactly the sums of the groups' contributions.
func (m *FastText) Contributions(doc []string) map[string][]float64 {
	ids, groups := m.known(doc, true)
	out := make(map[string][]float64)
	dim := m.Params.Dim
	inv := 1 / float64(len(ids))
	for i, r := range ids {
		row := m.in[int(r)*dim : (int(r)+1)*dim]
		c := out[groups[i]]
		if c == nil {
			c = make([]float64, m.classes)
			out[groups[i]] = c
		}
		for k := 0; k < m.classes; k++ {
			o := m.out[k*dim : (k+1)*dim]
			var s float32
			for j, v := range row {
				s += v * o[j]
			}
			c[k] += float64(s) * inv
		}
	}
	return out
}

// fastTextState is FastText's serialised form.
type fastTextState struct {
	Params  FastTextParams
	Classes int
	Hashes  []uint32 // by row
	In, Out []float32
}

// Marshal writes the trained model.
func (m *FastText) Marshal(w io.Writer) error {
	st := fastTextState{Params: m.Params, Classes: m.classes, Hashes: make([]uint32, len(m.rows)), In: m.in, Out: m.out}
	for h, r := range m.rows {
		st.Hashes[r] = h
	}
	if err := gob.NewEncoder(w).Encode(&st); err != nil {
		return fmt.Errorf("encode fasttext: %w", err)
	}
	return nil
}

// Unmarshal reads a model written by Marshal.
func (m *FastText) Unmarshal(r io.Reader) error {
	var st fastTextState
	if err := gob.NewDecoder(r).Decode(&st); err != nil {
		return fmt.Errorf("decode fasttext: %w", err)
	}
	if st.Params.Dim <= 0 || len(st.In) != len(st.Hashes)*st.Params.Dim || len(st.Out) != st.Classes*st.Params.Dim {
		return fmt.Errorf("decode fasttext: inconsistent sizes")
	}
	m.Params, m.classes, m.in, m.out = st.Params, st.Classes, st.In, st.Out
	m.rows = make(map[uint32]int32, len(st.Hashes))
	for r, h := range st.Hashes {
		m.rows[h] = int32(r)
	}
	return nil
}

// softmaxInPlace turns logits divided by temperature t into probabilities.
func softmaxInPlace(x []float64, t float64) {
	max := math.Inf(-1)
	for _, v := range x {
		if v/t > max {
			max = v / t
		}
	}
	var sum float64
	for i, v := range x {
		x[i] = math.Exp(v/t - max)
		sum += x[i]
	}
	for i := range x {
		x[i] /= sum
	}
}

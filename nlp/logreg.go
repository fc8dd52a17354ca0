package nlp

import (
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/shopmind/shopmind"
)

// LogRegParams are the hyper-parameters of LogReg.
type LogRegParams struct {
	WordNgrams int     // 1: words; 2: words and word bigrams
	MinCount   int     // n-grams in fewer training documents are dropped
	Epochs     int     // SGD passes
	LR         float64 // initial learning rate, decayed linearly
	L2         float64 // weight decay per update
	Seed       uint64
}

// DefaultLogRegParams are LogReg's defaults.
func DefaultLogRegParams() LogRegParams {
	return LogRegParams{WordNgrams: 2, MinCount: 2, Epochs: 10, LR: 2, L2: 1e-6, Seed: 1}
}

// LogReg is the linear baseline: TF-IDF features (sublinear term
// frequency, smoothed inverse document frequency, unit length) of a word and
// word-bigram vocabulary, and multinomial logistic regression trained by SGD.
type LogReg struct {
	Params LogRegParams

	classes int
	vocab   map[string]int32
	idf     []float32
	w       []float32 // classes x len(vocab)
	b       []float32
}

// Validate returns an EINVALID error naming the first parameter out of range.
func (p LogRegParams) Validate() error {
	switch {
	case p.WordNgrams != 1 && p.WordNgrams != 2:
		return shopmind.FieldErrorf("word_ngrams", "word_ngrams must be 1 or 2, got %d", p.WordNgrams)
	case p.MinCount < 1:
		return shopmind.FieldErrorf("min_count", "min_count must be at least 1, got %d", p.MinCount)
	case p.Epochs < 1:
		return shopmind.FieldErrorf("epochs", "epochs must be at least 1, got %d", p.Epochs)
	case !(p.LR > 0):
		return shopmind.FieldErrorf("lr", "lr must be positive, got %g", p.LR)
	case p.L2 < 0:
		return shopmind.FieldErrorf("l2", "l2 must not be negative, got %g", p.L2)
	}
	return nil
}

// NewLogReg returns an untrained model with p, used as given (start from
// DefaultLogRegParams); Fit checks it with Validate.
func NewLogReg(p LogRegParams) *LogReg {
	return &LogReg{Params: p}
}

// Kind is "logreg".
func (m *LogReg) Kind() string { return "logreg" }

// Classes is the number of classes the model was trained on.
func (m *LogReg) Classes() int { return m.classes }

// terms returns the n-grams of doc.
func (m *LogReg) terms(doc []string) []string {
	out := make([]string, 0, 2*len(doc))
	out = append(out, doc...)
	if m.Params.WordNgrams >= 2 {
		for i := 1; i < len(doc); i++ {
			out = append(out, doc[i-1]+" "+doc[i])
		}
	}
	return out
}

// sparse is a TF-IDF vector.
type sparse struct {
	idx []int32
	val []float32
}

// vector returns the unit TF-IDF vector of doc over the vocabulary.
func (m *LogReg) vector(doc []string) sparse {
	counts := make(map[int32]int)
	for _, t := range m.terms(doc) {
		if i, ok := m.vocab[t]; ok {
			counts[i]++
		}
	}
	v := sparse{idx: make([]int32, 0, len(counts)), val: make([]float32, 0, len(counts))}
	for i := range counts {
		v.idx = append(v.idx, i)
	}
	sort.Slice(v.idx, func(a, b int) bool { return v.idx[a] < v.idx[b] })
	var norm float64
	for _, i := range v.idx {
		x := (1 + math.Log(float64(counts[i]))) * float64(m.idf[i])
		v.val = append(v.val, float32(x))
		norm += x * x
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for k := range v.val {
			v.val[k] *= inv
		}
	}
	return v
}

// Fit trains the model on docs with labels in [0, classes).
func (m *LogReg) Fit(ctx context.Context, docs [][]string, labels []int, classes int) error {
	if len(docs) != len(labels) {
		panic("nlp: LogReg.Fit: docs and labels differ in length")
	}
	p := m.Params
	if err := p.Validate(); err != nil {
		return err
	}
	m.classes = classes
	df := make(map[string]int)
	for _, doc := range docs {
		seen := make(map[string]bool)
		for _, t := range m.terms(doc) {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	m.vocab = make(map[string]int32)
	keys := make([]string, 0, len(df))
	for t, n := range df {
		if n >= p.MinCount {
			keys = append(keys, t)
		}
	}
	sort.Strings(keys)
	m.idf = make([]float32, len(keys))
	for i, t := range keys {
		m.vocab[t] = int32(i)
		m.idf[i] = float32(math.Log(float64(len(docs)+1)/float64(df[t]+1)) + 1)
	}
	vecs := make([]sparse, len(docs))
	for i, doc := range docs {
		vecs[i] = m.vector(doc)
	}
	V := len(keys)
	m.w = make([]float32, classes*V)
	m.b = make([]float32, classes)
	rng := rand.New(rand.NewPCG(p.Seed, 0x10))
	order := rng.Perm(len(docs))
	probs := make([]float64, classes)
	total := float64(p.Epochs * len(docs))
	step := 0
	for e := 0; e < p.Epochs; e++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, d := range order {
			lr := float32(p.LR * (1 - float64(step)/total))
			step++
			v := vecs[d]
			m.scores(probs, v)
			softmaxInPlace(probs, 1)
			for c := 0; c < classes; c++ {
				y := float32(0)
				if c == labels[d] {
					y = 1
				}
				g := lr * (y - float32(probs[c]))
				wc := m.w[c*V : (c+1)*V]
				decay := 1 - lr*float32(p.L2)
				for k, i := range v.idx {
					wc[i] = wc[i]*decay + g*v.val[k]
				}
				m.b[c] += g * 0.1
			}
		}
	}
	return nil
}

func (m *LogReg) scores(dst []float64, v sparse) {
	V := len(m.idf)
	for c := 0; c < m.classes; c++ {
		wc := m.w[c*V : (c+1)*V]
		s := m.b[c]
		for k, i := range v.idx {
			s += wc[i] * v.val[k]
		}
		dst[c] = float64(s)
	}
}

// Logits returns the class scores of doc.
func (m *LogReg) Logits(doc []string) []float64 {
	out := make([]float64, m.classes)
	m.scores(out, m.vector(doc))
	return out
}

// Contributions returns each n-gram's weight times its TF-IDF value per
// class (the logits are these sums plus the class biases).
func (m *LogReg) Contributions(doc []string) map[string][]float64 {
	v := m.vector(doc)
	names := make(map[int32]string, len(v.idx))
	for _, t := range m.terms(doc) {
		if i, ok := m.vocab[t]; ok {
			names[i] = t
		}
	}
	V := len(m.idf)
	out := make(map[string][]float64, len(v.idx))
	for k, i := range v.idx {
		c := make([]float64, m.classes)
		for cl := 0; cl < m.classes; cl++ {
			c[cl] = float64(m.w[cl*V+int(i)] * v.val[k])
		}
		out[names[i]] = c
	}
	return out
}

type logRegState struct {
	Params  LogRegParams
	Classes int
	Terms   []string
	IDF     []float32
	W, B    []float32
}

// Marshal writes the trained model.
func (m *LogReg) Marshal(w io.Writer) error {
	st := logRegState{Params: m.Params, Classes: m.classes, Terms: make([]string, len(m.vocab)), IDF: m.idf, W: m.w, B: m.b}
	for t, i := range m.vocab {
		st.Terms[i] = t
	}
	if err := gob.NewEncoder(w).Encode(&st); err != nil {
		return fmt.Errorf("encode logreg: %w", err)
	}
	return nil
}

// Unmarshal reads a model written by Marshal.
func (m *LogReg) Unmarshal(r io.Reader) error {
	var st logRegState
	if err := gob.NewDecoder(r).Decode(&st); err != nil {
		return fmt.Errorf("decode logreg: %w", err)
	}
	if len(st.IDF) != len(st.Terms) || len(st.W) != st.Classes*len(st.Terms) || len(st.B) != st.Classes {
		return fmt.Errorf("decode logreg: inconsistent sizes")
	}
	m.Params, m.classes, m.idf, m.w, m.b = st.Params, st.Classes, st.IDF, st.W, st.B
	m.vocab = make(map[string]int32, len(st.Terms))
	for i, t := range st.Terms {
		m.vocab[t] = int32(i)
	}
	return nil
}

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
	MinN, MaxN int     // character n-gram lengths in runes of "<word>"; MaxN 0: no character n-grams
	MinCount   int     // n-grams in fewer training documents are dropped
	Epochs     int     // SGD passes
	LR         float64 // initial learning rate, decayed linearly
	L2         float64 // weight decay per update
	Seed       uint64
}

// DefaultLogRegParams are LogReg's defaults: words, word bigrams and
// character 1-2-grams of each word (chosen on a validation split of the
// Chinese 10-way category task, docs/nlp.md: 0.882 without character
// n-grams, 0.897 with), terms in at least 2 documents, 10 SGD epochs. Every
// field is used as given (MaxN 0 means no character n-grams).
func DefaultLogRegParams() LogRegParams {
	return LogRegParams{WordNgrams: 2, MinN: 1, MaxN: 2, MinCount: 2, Epochs: 10, LR: 2, L2: 1e-6, Seed: 1}
}

// LogReg is the linear model: TF-IDF features (sublinear term frequency,
// smoothed inverse document frequency, unit length) of a vocabulary of
// words, word bigrams and character n-grams of words, and multinomial
// logistic regression trained by SGD.
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
	case p.MaxN < 0:
		return shopmind.FieldErrorf("maxn", "maxn must not be negative, got %d", p.MaxN)
	case p.MaxN > 0 && (p.MinN < 1 || p.MinN > p.MaxN):
		return shopmind.FieldErrorf("minn", "minn must be in [1, maxn=%d], got %d", p.MaxN, p.MinN)
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
	// One pass over the documents gives each term a provisional id and its
	// document frequency; rare terms are then dropped and the rest numbered
	// in sorted order (so the model does not depend on map order).
	ids := make(map[string]int32)
	var df, stamp []int32
	docIDs := make([][]int32, len(docs))
	var buf []byte
	for d, doc := range docs {
		var row []int32
		buf = m.eachTerm(doc, buf, func(t []byte, _ int) {
			id, ok := ids[string(t)]
			if !ok {
				id = int32(len(df))
				ids[string(t)] = id
				df, stamp = append(df, 0), append(stamp, -1)
			}
			if stamp[id] != int32(d) {
				stamp[id] = int32(d)
				df[id]++
			}
			row = append(row, id)
		})
		docIDs[d] = row
	}
	keys := make([]string, 0, len(ids))
	for t, id := range ids {
		if int(df[id]) >= p.MinCount {
			keys = append(keys, t)
		}
	}
	sort.Strings(keys)
	remap := make([]int32, len(df))
	for i := range remap {
		remap[i] = -1
	}
	m.vocab = make(map[string]int32, len(keys))
	m.idf = make([]float32, len(keys))
	for i, t := range keys {
		id := ids[t]
		remap[id] = int32(i)
		m.vocab[t] = int32(i)
		m.idf[i] = float32(math.Log(float64(len(docs)+1)/float64(df[id]+1)) + 1)
	}
	ids = nil
	vecs := make([]sparse, len(docs))
	for d, row := range docIDs {
		kept := row[:0]
		for _, id := range row {
			if r := remap[id]; r >= 0 {
				kept = append(kept, r)
			}
		}
		vecs[d] = m.tfidf(kept)
		docIDs[d] = nil
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
	pos := make(map[int32]int, len(v.idx)) // term id -> k in v
	for k, i := range v.idx {
		pos[i] = k
	}
	// A term's weight is shared by its occurrences; each occurrence goes to
	// its group: the word (with its character n-grams) or the bigram.
	type occ struct {
		id    int32
		group string
	}
	var occs []occ
	n := make(map[int32]int)
	m.eachTerm(doc, nil, func(t []byte, at int) {
		i, ok := m.vocab[string(t)]
		if !ok {
			return
		}
		g := ""
		if at >= 0 {
			g = doc[at]
		} else {
			g = doc[-at-2] + " " + doc[-at-1]
		}
		occs = append(occs, occ{i, g})
		n[i]++
	})
	V := len(m.idf)
	out := make(map[string][]float64)
	for _, o := range occs {
		c := out[o.group]
		if c == nil {
			c = make([]float64, m.classes)
			out[o.group] = c
		}
		k := pos[o.id]
		for cl := 0; cl < m.classes; cl++ {
			c[cl] += float64(m.w[cl*V+int(o.id)]*v.val[k]) / float64(n[o.id])
		}
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

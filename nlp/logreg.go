package nlp

import (
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"math"
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
	// Loss is LossLog (multinomial logistic regression by SGD), LossSVM
	// (one-vs-rest linear SVMs with the squared hinge loss) or LossLogSVM
	// (both on the same features, their calibrated probabilities averaged).
	Loss      string
	C         float64 // SVM: inverse regularisation strength
	SVMPasses int     // SVM: most passes of dual coordinate descent
	Workers   int     // SVM: classes trained at once (the result does not depend on it)
}

// The losses of LogRegParams.Loss.
const (
	LossLog    = "log"
	LossSVM    = "svm"
	LossLogSVM = "log+svm"
)

// DefaultLogRegParams are LogReg's defaults: words, word bigrams and
// character 1-2-grams of each word (chosen on a validation split of the
// Chinese 10-way category task, docs/nlp.md: 0.882 without character
// n-grams, 0.897 with), terms in at least 2 documents, 10 SGD epochs, and
// logistic regression averaged with SVMs of c 0.5 (issue 15: 5-fold
// cross-validation on that task's training part 0.8975 for logistic
// regression alone, 0.9010 averaged, 0.9000 with c 1). Every field is used
// as given (MaxN 0 means no character n-grams).
func DefaultLogRegParams() LogRegParams {
	return LogRegParams{WordNgrams: 2, MinN: 1, MaxN: 2, MinCount: 2, Epochs: 10, LR: 2, L2: 1e-6, Seed: 1,
		Loss: LossLogSVM, C: 0.5, SVMPasses: 50, Workers: 1}
}

// LogReg is the linear model: TF-IDF features (sublinear term frequency,
// smoothed inverse document frequency, unit length) of a vocabulary of
// words, word bigrams and character n-grams of words, and a linear model
// on them: multinomial logistic regression trained by SGD, one-vs-rest
// linear SVMs, or both (Params.Loss).
type LogReg struct {
	Params LogRegParams

	classes int
	vocab   map[string]int32
	idf     []float32
	w       []float32 // classes x len(vocab): LossLog's or LossSVM's weights
	b       []float32
	// With LossLogSVM: w and b are the logistic regression's, w2 and b2
	// the SVMs'; t1 and t2 their temperatures, t3 the temperature of the
	// sum of their log-probabilities (1 for models stored before it).
	w2         []float32
	b2         []float32
	t1, t2, t3 float64
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
	case p.Loss != LossLog && p.Loss != LossSVM && p.Loss != LossLogSVM:
		return shopmind.FieldErrorf("loss", "loss must be %s, %s or %s, got %q", LossLog, LossSVM, LossLogSVM, p.Loss)
	case p.Loss != LossLog && !(p.C > 0):
		return shopmind.FieldErrorf("c", "c must be positive, got %g", p.C)
	case p.Loss != LossLog && p.SVMPasses < 1:
		return shopmind.FieldErrorf("svm_passes", "svm_passes must be at least 1, got %d", p.SVMPasses)
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
	return m.train(ctx, vecs, labels)
}

// Logits returns the class scores of doc. With LossLogSVM they are the
// sums of the two models' log-probabilities at their temperatures, divided
// by a third temperature, so softmax(Logits) is calibrated (see Calibrated).
func (m *LogReg) Logits(doc []string) []float64 {
	out := make([]float64, m.classes)
	v := m.vector(doc)
	m.scores(out, v)
	if m.w2 == nil {
		return out
	}
	s2 := make([]float64, m.classes)
	linearScores(s2, m.w2, m.b2, v)
	logSoftmax(out, m.t1)
	logSoftmax(s2, m.t2)
	for c := range out {
		out[c] = (out[c] + s2[c]) / m.t3
	}
	return out
}

// Calibrated reports whether Fit calibrates the model's probabilities itself
// on examples it holds out (LossLogSVM: the temperatures come from a tenth
// held out of a first fit, and the model is then refitted on every
// example). Train gives such a model all the examples instead of holding
// out a calibration part of its own.
func (m *LogReg) Calibrated() bool { return m.Params.Loss == LossLogSVM }

// logSoftmax replaces x by log softmax(x/t).
func logSoftmax(x []float64, t float64) {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, v/t)
	}
	var sum float64
	for _, v := range x {
		sum += math.Exp(v/t - mx)
	}
	lse := mx + math.Log(sum)
	for i, v := range x {
		x[i] = v/t - lse
	}
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
			w := float64(m.w[cl*V+int(o.id)])
			if m.w2 != nil {
				// Logits are (s1/t1 + s2/t2)/t3 less a per-document constant.
				w = (w/m.t1 + float64(m.w2[cl*V+int(o.id)])/m.t2) / m.t3
			}
			c[cl] += w * float64(v.val[k]) / float64(n[o.id])
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
	W2, B2  []float32 // LossLogSVM's SVM weights
	T1, T2  float64
	T3      float64 // 0 in models stored before it: read as 1
}

// Marshal writes the trained model.
func (m *LogReg) Marshal(w io.Writer) error {
	st := logRegState{Params: m.Params, Classes: m.classes, Terms: make([]string, len(m.vocab)), IDF: m.idf, W: m.w, B: m.b,
		W2: m.w2, B2: m.b2, T1: m.t1, T2: m.t2, T3: m.t3}
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
	if st.Params.Loss == "" { // written before the loss was a parameter
		st.Params.Loss = LossLog
	}
	if st.Params.Loss == LossLogSVM && (len(st.W2) != len(st.W) || len(st.B2) != len(st.B) || !(st.T1 > 0) || !(st.T2 > 0)) {
		return fmt.Errorf("decode logreg: inconsistent sizes")
	}
	m.Params, m.classes, m.idf, m.w, m.b = st.Params, st.Classes, st.IDF, st.W, st.B
	m.w2, m.b2, m.t1, m.t2, m.t3 = nil, nil, 0, 0, 0
	if st.Params.Loss == LossLogSVM {
		m.w2, m.b2, m.t1, m.t2, m.t3 = st.W2, st.B2, st.T1, st.T2, st.T3
		if !(m.t3 > 0) {
			m.t3 = 1
		}
	}
	m.vocab = make(map[string]int32, len(st.Terms))
	for i, t := range st.Terms {
		m.vocab[t] = int32(i)
	}
	return nil
}

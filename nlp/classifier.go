package nlp

import (
	"bufio"
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// Model is a text classification model over token lists.
type Model interface {
	Kind() string
	// Fit trains on docs with labels in [0, classes).
	Fit(ctx context.Context, docs [][]string, labels []int, classes int) error
	Classes() int
	// Logits returns the class scores of doc.
	Logits(doc []string) []float64
	// Contributions splits the class scores by n-gram.
	Contributions(doc []string) map[string][]float64
	Marshal(w io.Writer) error
	Unmarshal(r io.Reader) error
}

// NewModel returns an untrained model of a kind ("fasttext" or "logreg")
// with its default parameters (DefaultFastTextParams, DefaultLogRegParams).
func NewModel(kind string) (Model, error) {
	switch kind {
	case "fasttext":
		return NewFastText(DefaultFastTextParams()), nil
	case "logreg":
		return NewLogReg(DefaultLogRegParams()), nil
	}
	return nil, shopmind.Errorf(shopmind.EINVALID, "unknown classifier %q; one of: fasttext, logreg", kind)
}

// Classifier is a trained Model with its label names and a temperature that
// calibrates its probabilities.
type Classifier struct {
	Labels      []string
	Temperature float64
	Model       Model
}

// Prediction is a classifier's answer for one text.
type Prediction struct {
	Label         string    `json:"label"`
	Probability   float64   `json:"probability"`
	Probabilities []float64 `json:"probabilities"` // by Classifier.Labels
}

// Contribution is how much an n-gram pushed a prediction towards its label,
// in logit units relative to the mean of the other labels.
type Contribution struct {
	Ngram  string  `json:"ngram"`
	Weight float64 `json:"weight"`
}

// TrainOptions control Train.
type TrainOptions struct {
	// CalibrationFraction of the examples (stratified, seeded) is held out
	// to fit the temperature; 0 fits no temperature (T = 1).
	CalibrationFraction float64
	Seed                uint64
}

// ValidateExamples checks texts and labels for training and returns an
// EINVALID error naming the problem: mismatched lengths, invalid UTF-8, an
// empty text or label, or fewer than two classes.
func ValidateExamples(texts, labels []string) error {
	if len(texts) != len(labels) {
		return shopmind.Errorf(shopmind.EINVALID, "%d texts but %d labels", len(texts), len(labels))
	}
	if len(texts) == 0 {
		return shopmind.FieldErrorf("text", "no training examples")
	}
	classes := make(map[string]bool)
	for i := range texts {
		if !utf8.ValidString(texts[i]) {
			return shopmind.FieldErrorf("text", "example %d: text is not valid UTF-8", i+1)
		}
		if !utf8.ValidString(labels[i]) {
			return shopmind.FieldErrorf("label", "example %d: label is not valid UTF-8", i+1)
		}
		if strings.TrimSpace(texts[i]) == "" {
			return shopmind.FieldErrorf("text", "example %d: text is empty", i+1)
		}
		if strings.TrimSpace(labels[i]) == "" {
			return shopmind.FieldErrorf("label", "example %d: label is empty", i+1)
		}
		classes[labels[i]] = true
	}
	if len(classes) < 2 {
		for l := range classes {
			return shopmind.FieldErrorf("label", "the label column has one class (%q); a classifier needs at least two", l)
		}
	}
	return nil
}

// Train fits m on tokenised docs with string labels and returns the
// classifier. Labels are sorted; with opt.CalibrationFraction the model
// trains on the rest and the temperature is fitted on the held-out part,
// except for a model that calibrates itself inside Fit (LogReg.Calibrated:
// logistic regression and SVMs averaged), which trains on every example
// and keeps temperature 1.
func Train(ctx context.Context, m Model, docs [][]string, labels []string, opt TrainOptions) (*Classifier, error) {
	if len(docs) != len(labels) {
		return nil, shopmind.Errorf(shopmind.EINVALID, "%d documents but %d labels", len(docs), len(labels))
	}
	set := make(map[string]int)
	for _, l := range labels {
		set[l] = 0
	}
	if len(set) < 2 {
		return nil, shopmind.FieldErrorf("label", "a classifier needs at least two classes, got %d", len(set))
	}
	names := make([]string, 0, len(set))
	for l := range set {
		names = append(names, l)
	}
	sort.Strings(names)
	for i, l := range names {
		set[l] = i
	}
	y := make([]int, len(labels))
	for i, l := range labels {
		y[i] = set[l]
	}
	frac := opt.CalibrationFraction
	if sc, ok := m.(interface{ Calibrated() bool }); ok && sc.Calibrated() {
		frac = 0 // the model holds out its own calibration examples
	}
	trainIdx, calIdx := stratifiedSplit(y, len(names), frac, opt.Seed)
	pick := func(idx []int) ([][]string, []int) {
		d, l := make([][]string, len(idx)), make([]int, len(idx))
		for k, i := range idx {
			d[k], l[k] = docs[i], y[i]
		}
		return d, l
	}
	td, tl := pick(trainIdx)
	if err := m.Fit(ctx, td, tl, len(names)); err != nil {
		return nil, fmt.Errorf("fit %s: %w", m.Kind(), err)
	}
	c := &Classifier{Labels: names, Temperature: 1, Model: m}
	if len(calIdx) > 0 {
		cd, cl := pick(calIdx)
		logits := make([][]float64, len(cd))
		for i, d := range cd {
			logits[i] = m.Logits(d)
		}
		c.Temperature = FitTemperature(logits, cl)
	}
	return c, nil
}

// stratifiedSplit holds out frac of each class's examples (seeded).
func stratifiedSplit(y []int, classes int, frac float64, seed uint64) (train, held []int) {
	if frac <= 0 {
		train = make([]int, len(y))
		for i := range y {
			train[i] = i
		}
		return train, nil
	}
	byClass := make([][]int, classes)
	for i, c := range y {
		byClass[c] = append(byClass[c], i)
	}
	rng := rand.New(rand.NewPCG(seed, 0xca1))
	for _, idx := range byClass {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		n := int(frac*float64(len(idx)) + 0.5)
		if n >= len(idx) {
			n = len(idx) - 1
		}
		held = append(held, idx[:n]...)
		train = append(train, idx[n:]...)
	}
	sort.Ints(train)
	sort.Ints(held)
	return train, held
}

// Predict returns the most probable label of a tokenised text with
// calibrated probabilities.
func (c *Classifier) Predict(doc []string) Prediction {
	p := c.Model.Logits(doc)
	softmaxInPlace(p, c.Temperature)
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return Prediction{Label: c.Labels[best], Probability: p[best], Probabilities: p}
}

// Probability returns the calibrated probability of label for doc, or 0
// when the classifier has no such label.
func (c *Classifier) Probability(doc []string, label string) float64 {
	pred := c.Predict(doc)
	for i, l := range c.Labels {
		if l == label {
			return pred.Probabilities[i]
		}
	}
	return 0
}

// Explain returns the k n-grams of doc that pushed it most towards label
// (positive weights) or away from it (negative), strongest first.
func (c *Classifier) Explain(doc []string, label string, k int) []Contribution {
	li := -1
	for i, l := range c.Labels {
		if l == label {
			li = i
		}
	}
	if li < 0 {
		return nil
	}
	var out []Contribution
	for ng, w := range c.Model.Contributions(doc) {
		others := 0.0
		for i, v := range w {
			if i != li {
				others += v
			}
		}
		score := w[li] - others/float64(len(w)-1)
		out = append(out, Contribution{Ngram: ng, Weight: score / c.Temperature})
	}
	sort.Slice(out, func(i, j int) bool {
		ai, aj := abs(out[i].Weight), abs(out[j].Weight)
		if ai != aj {
			return ai > aj
		}
		return out[i].Ngram < out[j].Ngram
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// classifierHeader is what precedes the model in a saved classifier.
type classifierHeader struct {
	Format      string
	Kind        string
	Labels      []string
	Temperature float64
}

const classifierFormat = "shopmind-nlp-classifier-1"

// Marshal writes the classifier.
func (c *Classifier) Marshal(w io.Writer) error {
	bw := bufio.NewWriter(w)
	h := classifierHeader{Format: classifierFormat, Kind: c.Model.Kind(), Labels: c.Labels, Temperature: c.Temperature}
	if err := gob.NewEncoder(bw).Encode(&h); err != nil {
		return fmt.Errorf("encode classifier: %w", err)
	}
	if err := c.Model.Marshal(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// ReadClassifier reads a classifier written by Marshal.
func ReadClassifier(r io.Reader) (*Classifier, error) {
	br := bufio.NewReader(r)
	var h classifierHeader
	if err := gob.NewDecoder(br).Decode(&h); err != nil {
		return nil, fmt.Errorf("decode classifier: %w", err)
	}
	if h.Format != classifierFormat {
		return nil, fmt.Errorf("decode classifier: unknown format %q", h.Format)
	}
	m, err := NewModel(h.Kind)
	if err != nil {
		return nil, fmt.Errorf("decode classifier: %w", err)
	}
	if err := m.Unmarshal(br); err != nil {
		return nil, err
	}
	if m.Classes() != len(h.Labels) {
		return nil, fmt.Errorf("decode classifier: %d labels for %d classes", len(h.Labels), m.Classes())
	}
	return &Classifier{Labels: h.Labels, Temperature: h.Temperature, Model: m}, nil
}

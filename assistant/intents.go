package assistant

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/shopmind/shopmind/nlp"
)

// OutOfScope is the intent of a message the shop cannot help with, and of
// any message the classifier is not confident about.
const OutOfScope = "out_of_scope"

// TextModel is a trainable text classifier over token lists. The models of
// package nlp (nlp.FastText, nlp.LogReg) implement it; the assistant shares
// them rather than keeping a classifier of its own.
type TextModel interface {
	Fit(ctx context.Context, docs [][]string, labels []int, classes int) error
	Logits(doc []string) []float64
	Marshal(w io.Writer) error
	Unmarshal(r io.Reader) error
}

// Tokenizer splits a message into classifier features; *nlp.Tokenizer
// implements it (English words, gse-segmented Chinese).
type Tokenizer interface {
	Words(text string) []string
}

// Example is one labelled utterance.
type Example struct {
	Text   string
	Intent string
}

// Scored is an intent with its probability.
type Scored struct {
	Intent string  `json:"intent"`
	Score  float64 `json:"score"`
}

// IntentModel predicts the intents of a message, most likely first.
type IntentModel interface {
	Predict(text string) []Scored
}

// TrainOptions configure TrainIntents.
type TrainOptions struct {
	// NewModel returns an untrained model; it is called once per fit (see
	// Calibration).
	NewModel func() TextModel
	// Tokenizer turns text into tokens.
	Tokenizer Tokenizer
	// ValidFraction of the examples (stratified by intent) is held out to
	// choose the out-of-scope threshold with CalibrateHoldout and
	// CalibrateRefit; 0 means 0.1.
	ValidFraction float64
	// OutOfScope names the out-of-scope label when the data has one.
	OutOfScope string
	// MinPerIntent repeats the examples of small intents up to this many
	// (at most 4 times), so hand-written intents are not drowned by large
	// ones; 0 disables it.
	MinPerIntent int
	Seed         uint64
	// Calibration says how the temperature and the out-of-scope threshold
	// are fitted so that they describe the model shipped: CalibrateCrossFit
	// (the default, "" means it), CalibrateHoldout or CalibrateRefit.
	Calibration string
	// Folds of CalibrateCrossFit; 0 means 5.
	Folds int
	// Prior is PriorTrain ("" means it: intents are as likely as in the
	// examples) or PriorUniform (every intent equally likely a priori: the
	// log of each intent's share of the examples is subtracted from its
	// logit before the temperature and threshold are fitted).
	Prior string
}

// Priors of TrainOptions.
const (
	PriorTrain   = "train"
	PriorUniform = "uniform"
)

// Calibrations of TrainOptions.
const (
	// CalibrateCrossFit fits Folds models, each without one stratified
	// fold, scores every example with the model that did not see it, fits
	// the temperature and threshold on all those out-of-fold scores, and
	// ships a model fitted on all examples (Folds+1 fits).
	CalibrateCrossFit = "crossfit"
	// CalibrateHoldout ships the model fitted without the validation split,
	// the one whose held-out scores chose the threshold (two fits' worth
	// of time saved, ValidFraction of the examples unused for training).
	CalibrateHoldout = "holdout"
	// CalibrateRefit is the old way: threshold and temperature from the
	// model fitted without the validation split, shipped with a model
	// refitted on all examples, which they do not describe.
	CalibrateRefit = "refit"
)

// Classifier is a trained intent classifier: a TextModel, its labels and
// the confidence threshold below which a message is out of scope.
type Classifier struct {
	Labels []string
	// Temperature divides the logits before the softmax (nlp.FitTemperature
	// on the calibration scores), so confidences are calibrated; 0 means 1.
	Temperature float64
	Threshold   float64 // top probability below this means OutOfScope
	OutOfScope  string  // label returned for unconfident messages
	Model       TextModel
	Tokenizer   Tokenizer
	// Validation holds the metrics on the calibration scores (out-of-fold,
	// or the held-out split) that chose the threshold.
	Validation Metrics
	// LogPrior, when set (TrainOptions.Prior "uniform"), is subtracted
	// from the logits: the log of each intent's share of the examples.
	LogPrior []float64
}

// Predict returns every intent with its softmax probability, most likely
// first. It does not apply the threshold (see Classify).
func (c *Classifier) Predict(text string) []Scored {
	return c.scored(c.Model.Logits(c.Tokenizer.Words(text)))
}

// scored turns logits into calibrated probabilities, most likely first.
func (c *Classifier) scored(logits []float64) []Scored {
	logits = c.adjusted(logits)
	if c.Temperature > 0 && c.Temperature != 1 {
		for i := range logits {
			logits[i] /= c.Temperature
		}
	}
	probs := softmax(logits)
	out := make([]Scored, len(probs))
	for i, p := range probs {
		out[i] = Scored{Intent: c.Labels[i], Score: p}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// Classify returns the most likely intent and its probability, or the
// out-of-scope label when that probability is below the threshold.
func (c *Classifier) Classify(text string) (string, float64) {
	s := c.Predict(text)
	if len(s) == 0 {
		return c.oos(), 0
	}
	if s[0].Score < c.Threshold {
		return c.oos(), s[0].Score
	}
	return s[0].Intent, s[0].Score
}

// adjusted returns a copy of logits less LogPrior.
func (c *Classifier) adjusted(logits []float64) []float64 {
	out := append([]float64(nil), logits...)
	if len(c.LogPrior) == len(out) {
		for i := range out {
			out[i] -= c.LogPrior[i]
		}
	}
	return out
}

func (c *Classifier) oos() string {
	if c.OutOfScope != "" {
		return c.OutOfScope
	}
	return OutOfScope
}

func softmax(x []float64) []float64 {
	out := make([]float64, len(x))
	if len(x) == 0 {
		return out
	}
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, v)
	}
	sum := 0.0
	for i, v := range x {
		out[i] = math.Exp(v - mx)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// TrainIntents trains a classifier on examples and calibrates it (see
// TrainOptions.Calibration): the temperature (nlp.FitTemperature) and the
// out-of-scope threshold (ChooseThreshold) are fitted on scores of examples
// the scoring model did not see.
func TrainIntents(ctx context.Context, examples []Example, opt TrainOptions) (*Classifier, error) {
	if opt.NewModel == nil || opt.Tokenizer == nil {
		return nil, fmt.Errorf("train intents: NewModel and Tokenizer are required")
	}
	if len(examples) == 0 {
		return nil, fmt.Errorf("train intents: no examples")
	}
	if opt.ValidFraction <= 0 || opt.ValidFraction >= 1 {
		opt.ValidFraction = 0.1
	}
	if opt.Calibration == "" {
		opt.Calibration = CalibrateCrossFit
	}
	if opt.Folds == 0 {
		opt.Folds = 5
	}
	labels, index := labelIndex(examples)
	if len(labels) < 2 {
		return nil, fmt.Errorf("train intents: need at least 2 intents, got %d", len(labels))
	}
	c := &Classifier{Labels: labels, OutOfScope: opt.OutOfScope, Tokenizer: opt.Tokenizer}
	switch opt.Prior {
	case "", PriorTrain:
	case PriorUniform:
		c.LogPrior = make([]float64, len(labels))
		for _, e := range examples {
			c.LogPrior[index[e.Intent]]++
		}
		for i := range c.LogPrior {
			c.LogPrior[i] = math.Log(c.LogPrior[i] / float64(len(examples)))
		}
	default:
		return nil, fmt.Errorf("train intents: unknown prior %q", opt.Prior)
	}
	var held []Example     // examples scored by a model that did not see them
	var logits [][]float64 // their logits
	switch opt.Calibration {
	case CalibrateCrossFit:
		if opt.Folds < 2 {
			return nil, fmt.Errorf("train intents: %d folds, need at least 2", opt.Folds)
		}
		folds := stratifiedFolds(examples, opt.Folds, opt.Seed)
		for k := range folds {
			var train []Example
			for j, f := range folds {
				if j != k {
					train = append(train, f...)
				}
			}
			if len(folds[k]) == 0 {
				continue
			}
			m, err := fit(ctx, opt, train, index, len(labels))
			if err != nil {
				return nil, err
			}
			for _, e := range folds[k] {
				held, logits = append(held, e), append(logits, m.Logits(opt.Tokenizer.Words(e.Text)))
			}
		}
	case CalibrateHoldout, CalibrateRefit:
		train, valid := stratifiedSplit(examples, opt.ValidFraction, opt.Seed)
		if len(valid) == 0 {
			break
		}
		m, err := fit(ctx, opt, train, index, len(labels))
		if err != nil {
			return nil, err
		}
		c.Model = m
		for _, e := range valid {
			held, logits = append(held, e), append(logits, m.Logits(opt.Tokenizer.Words(e.Text)))
		}
	default:
		return nil, fmt.Errorf("train intents: unknown calibration %q", opt.Calibration)
	}
	if len(held) > 0 {
		ys := make([]int, len(held))
		gold := make([]string, len(held))
		for i, e := range held {
			ys[i], gold[i] = index[e.Intent], e.Intent
		}
		adj := make([][]float64, len(logits))
		for i := range logits {
			adj[i] = c.adjusted(logits[i])
		}
		c.Temperature = nlp.FitTemperature(adj, ys)
		preds := make([][]Scored, len(held))
		for i := range held {
			preds[i] = c.scored(logits[i])
		}
		c.Threshold = ChooseThreshold(preds, gold, opt.OutOfScope)
		c.Validation = Evaluate(preds, gold, c.Threshold, opt.OutOfScope)
	}
	if opt.Calibration == CalibrateHoldout && c.Model != nil {
		return c, nil
	}
	m, err := fit(ctx, opt, examples, index, len(labels))
	if err != nil {
		return nil, err
	}
	c.Model = m
	return c, nil
}

// stratifiedFolds deals every intent's shuffled examples over k folds.
func stratifiedFolds(exs []Example, k int, seed uint64) [][]Example {
	by := map[string][]Example{}
	var order []string
	for _, e := range exs {
		if _, ok := by[e.Intent]; !ok {
			order = append(order, e.Intent)
		}
		by[e.Intent] = append(by[e.Intent], e)
	}
	rng := rand.New(rand.NewPCG(seed, 0xf01d))
	folds := make([][]Example, k)
	next := 0 // where the next intent starts dealing, so small intents spread
	for _, l := range order {
		xs := append([]Example(nil), by[l]...)
		rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		for i, e := range xs {
			f := (next + i) % k
			folds[f] = append(folds[f], e)
		}
		next = (next + len(xs)) % k
	}
	return folds
}

func fit(ctx context.Context, opt TrainOptions, exs []Example, index map[string]int, classes int) (TextModel, error) {
	exs = balance(exs, opt.MinPerIntent, opt.Seed)
	docs := make([][]string, len(exs))
	labels := make([]int, len(exs))
	for i, e := range exs {
		docs[i], labels[i] = opt.Tokenizer.Words(e.Text), index[e.Intent]
	}
	m := opt.NewModel()
	if err := m.Fit(ctx, docs, labels, classes); err != nil {
		return nil, fmt.Errorf("train intents: %w", err)
	}
	return m, nil
}

// labelIndex returns the sorted distinct intents and their indexes.
func labelIndex(exs []Example) ([]string, map[string]int) {
	set := map[string]bool{}
	for _, e := range exs {
		set[e.Intent] = true
	}
	labels := make([]string, 0, len(set))
	for l := range set {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	index := make(map[string]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	return labels, index
}

// stratifiedSplit holds out frac of every intent's examples (at least one
// when the intent has three or more).
func stratifiedSplit(exs []Example, frac float64, seed uint64) (train, valid []Example) {
	by := map[string][]Example{}
	var order []string
	for _, e := range exs {
		if _, ok := by[e.Intent]; !ok {
			order = append(order, e.Intent)
		}
		by[e.Intent] = append(by[e.Intent], e)
	}
	rng := rand.New(rand.NewPCG(seed, 0xa55))
	for _, l := range order {
		xs := append([]Example(nil), by[l]...)
		rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		n := int(math.Round(frac * float64(len(xs))))
		if n == 0 && len(xs) >= 3 {
			n = 1
		}
		valid = append(valid, xs[:n]...)
		train = append(train, xs[n:]...)
	}
	return train, valid
}

// balance repeats the examples of intents with fewer than min examples (at
// most 4 copies in all).
func balance(exs []Example, min int, seed uint64) []Example {
	if min <= 0 {
		return exs
	}
	count := map[string]int{}
	for _, e := range exs {
		count[e.Intent]++
	}
	out := append([]Example(nil), exs...)
	for _, e := range exs {
		n := count[e.Intent]
		if n >= min {
			continue
		}
		copies := min/n - 1
		if copies > 3 {
			copies = 3
		}
		for range copies {
			out = append(out, e)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0xba1))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// classifierState is the serialised form of a Classifier; the model itself
// follows it in the stream.
type classifierState struct {
	Labels      []string
	Temperature float64
	Threshold   float64
	OutOfScope  string
	Validation  Metrics
	LogPrior    []float64 // nil in classifiers stored before it
}

// Marshal writes the classifier: the length of its header, the header
// (labels, threshold) as gob, then the model.
func (c *Classifier) Marshal(w io.Writer) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(classifierState{c.Labels, c.Temperature, c.Threshold, c.OutOfScope, c.Validation, c.LogPrior}); err != nil {
		return fmt.Errorf("marshal intents: %w", err)
	}
	if err := binary.Write(w, binary.LittleEndian, uint64(buf.Len())); err != nil {
		return fmt.Errorf("marshal intents: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("marshal intents: %w", err)
	}
	if err := c.Model.Marshal(w); err != nil {
		return fmt.Errorf("marshal intents: %w", err)
	}
	return nil
}

// maxHeader bounds the header a corrupt stream could announce.
const maxHeader = 64 << 20

// UnmarshalClassifier reads a classifier written by Marshal into model.
func UnmarshalClassifier(r io.Reader, model TextModel, tok Tokenizer) (*Classifier, error) {
	var n uint64
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return nil, fmt.Errorf("unmarshal intents: %w", err)
	}
	if n > maxHeader {
		return nil, fmt.Errorf("unmarshal intents: header of %d bytes is too large", n)
	}
	head := make([]byte, n)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, fmt.Errorf("unmarshal intents: %w", err)
	}
	var st classifierState
	if err := gob.NewDecoder(bytes.NewReader(head)).Decode(&st); err != nil {
		return nil, fmt.Errorf("unmarshal intents: %w", err)
	}
	if err := model.Unmarshal(r); err != nil {
		return nil, fmt.Errorf("unmarshal intents: %w", err)
	}
	return &Classifier{Labels: st.Labels, Temperature: st.Temperature, Threshold: st.Threshold, OutOfScope: st.OutOfScope,
		Validation: st.Validation, LogPrior: st.LogPrior, Model: model, Tokenizer: tok}, nil
}

// DefaultLogRegParams are the settings of the intent model: nlp's
// defaults (TF-IDF features; logistic regression and linear SVMs with their
// calibrated probabilities averaged) with character 1-3-grams and SVM c 2,
// chosen on a validation split of BANKING77's training set (docs/assistant.md:
// 0.871 without character n-grams, 0.902 with 1-3-grams; issue 15: in 5-fold
// cross-validation logistic regression alone 0.897, with the SVMs 0.901).
func DefaultLogRegParams() nlp.LogRegParams {
	p := nlp.DefaultLogRegParams()
	p.MinN, p.MaxN = 1, 3
	p.Loss, p.C = nlp.LossLogSVM, 2
	return p
}

// DefaultFastTextParams are the settings of the shipped intent model (see
// docs/assistant.md): more epochs than nlp's default, as the examples are
// short and few, and one thread, so training is deterministic (Hogwild on
// several goroutines is not) and the scripted conversations are stable.
func DefaultFastTextParams() nlp.FastTextParams {
	return nlp.FastTextParams{Dim: 32, Epochs: 20, LR: 0.5, WordNgrams: 2, MinN: 2, MaxN: 4, Threads: 1, Seed: 1}
}

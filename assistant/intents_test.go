package assistant

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/shopmind/shopmind/nlp"
)

func TestEvaluateAndThreshold(t *testing.T) {
	p := func(intent string, score float64) []Scored { return []Scored{{intent, score}, {"other", 1 - score}} }
	preds := [][]Scored{p("a", 0.9), p("a", 0.8), p("b", 0.95), p("b", 0.4), p("a", 0.3), p("b", 0.35)}
	gold := []string{"a", "a", "b", "a", "oos", "oos"}
	m := Evaluate(preds, gold, 0, "oos")
	if m.Accuracy != 3.0/6 || m.OOSRecall != 0 || m.InScopeRejected != 0 {
		t.Errorf("no threshold: %+v", m)
	}
	m = Evaluate(preds, gold, 0.5, "oos")
	if m.Accuracy != 5.0/6 || m.OOSRecall != 1 || math.Abs(m.InScopeRejected-0.25) > 1e-12 {
		t.Errorf("threshold 0.5: %+v", m)
	}
	// F1: a 2/(2+0+1)... a: tp 2, fn 1 (rejected), fp 0 -> 0.8; b: tp 1 -> 1; oos: tp 2, fp 1 -> 0.8.
	if want := (0.8 + 1 + 0.8) / 3; math.Abs(m.MacroF1-want) > 1e-12 {
		t.Errorf("macro-F1 %.4f, want %.4f", m.MacroF1, want)
	}
	// The chosen threshold may reject at most 5% of in-scope messages: here
	// none, so it stays below the lowest in-scope score (0.4).
	if th := ChooseThreshold(preds, gold, "oos"); th > 0.4 {
		t.Errorf("threshold %.2f rejects in-scope messages", th)
	}
	if th := ChooseThreshold(preds, []string{"a", "a", "b", "b", "a", "b"}, ""); th <= 0 {
		t.Errorf("threshold without out-of-scope examples = %v", th)
	}
}

func TestClassifierRoundTrip(t *testing.T) {
	c := testClassifier(t)
	var buf bytes.Buffer
	if err := c.Marshal(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalClassifier(bytes.NewReader(buf.Bytes()), nlp.NewFastText(DefaultFastTextParams()), &nlp.Tokenizer{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Threshold != c.Threshold || strings.Join(got.Labels, ",") != strings.Join(c.Labels, ",") || got.Validation != c.Validation {
		t.Fatalf("header differs: %+v vs %+v", got, c)
	}
	for _, s := range []string{"where is my order A-1001?", "运费多少", "tell me a joke"} {
		a, pa := c.Classify(s)
		b, pb := got.Classify(s)
		if a != b || math.Abs(pa-pb) > 1e-9 {
			t.Errorf("%q: %s %.4f before, %s %.4f after", s, a, pa, b, pb)
		}
	}
	if _, err := UnmarshalClassifier(bytes.NewReader(buf.Bytes()[:20]), nlp.NewFastText(DefaultFastTextParams()), &nlp.Tokenizer{}); err == nil {
		t.Error("truncated model: no error")
	}
}

// TestShippedIntentsQuality keeps the shipped classifier within a band on
// its out-of-fold calibration scores (see docs/assistant.md).
// TestShippedIntentsLogReg: the default intent model of serve since issue
// 15 (TF-IDF features with character 1-3-grams; logistic regression and
// linear SVMs averaged), trained on the shipped examples as serve trains
// it, keeps its out-of-fold metrics in a two-sided band around the measured
// 0.906 accuracy and 0.808 out-of-scope recall (docs/assistant.md; logistic
// regression alone 0.895 / 0.771, fastText 0.878 / 0.747).
func TestShippedIntentsLogReg(t *testing.T) {
	exs, err := DefaultExamples()
	if err != nil {
		t.Fatal(err)
	}
	c, err := TrainIntents(context.Background(), exs, TrainOptions{
		NewModel:  func() TextModel { return nlp.NewLogReg(DefaultLogRegParams()) },
		Tokenizer: &nlp.Tokenizer{}, OutOfScope: OutOfScope, MinPerIntent: 60, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	v := c.Validation
	t.Logf("out-of-fold: accuracy %.3f, macro-F1 %.3f, out-of-scope recall %.3f, in-scope rejected %.3f", v.Accuracy, v.MacroF1, v.OOSRecall, v.InScopeRejected)
	if v.Accuracy < 0.88 || v.Accuracy > 0.95 || v.MacroF1 < 0.80 || v.OOSRecall < 0.70 || v.OOSRecall > 0.95 {
		t.Errorf("out-of-fold %+v outside the band (accuracy 0.88-0.95, macro-F1 >= 0.80, out-of-scope recall 0.70-0.95)", v)
	}
}

func TestShippedIntentsQuality(t *testing.T) {
	c := testClassifier(t)
	if v := c.Validation; v.Accuracy < 0.8 || v.MacroF1 < 0.7 || v.OOSRecall < 0.5 || v.Accuracy > 0.97 || v.OOSRecall > 0.97 {
		t.Errorf("out-of-fold %+v outside the band (accuracy 0.8-0.97, macro-F1 0.7, out-of-scope recall 0.5-0.97)", v)
	}
	if len(c.Labels) != 15 {
		t.Errorf("%d intents: %v", len(c.Labels), c.Labels)
	}
	if _, err := TrainIntents(context.Background(), []Example{{"a", "x"}}, TrainOptions{NewModel: testModel, Tokenizer: &nlp.Tokenizer{}}); err == nil {
		t.Error("one intent: no error")
	}
}

// With Prior "uniform" the classifier removes the examples' intent
// frequencies from its scores (for a test set where every intent is equally
// likely, such as BANKING77's): the rare intent gains on a message both
// intents share, the log shares are stored, and they survive a round trip.
func TestTrainIntentsUniformPrior(t *testing.T) {
	var exs []Example
	for i := 0; i < 60; i++ {
		exs = append(exs, Example{[]string{"where is my order", "track my order", "order status", "my order please"}[i%4], "order_status"})
	}
	for i := 0; i < 10; i++ {
		exs = append(exs, Example{[]string{"cancel my order", "cancel it", "stop the order please", "cancel"}[i%4], "cancel_order"})
	}
	prob := func(c *Classifier, text, intent string) float64 {
		for _, s := range c.Predict(text) {
			if s.Intent == intent {
				return s.Score
			}
		}
		return 0
	}
	var got [2]float64
	for k, prior := range []string{PriorTrain, PriorUniform} {
		c, err := TrainIntents(context.Background(), exs, TrainOptions{NewModel: func() TextModel { return NewIntentModel(ModelLogReg) },
			Tokenizer: &nlp.Tokenizer{}, Seed: 1, Prior: prior})
		if err != nil {
			t.Fatal(err)
		}
		got[k] = prob(c, "my order please stop", "cancel_order")
		if prior == PriorTrain {
			if c.LogPrior != nil {
				t.Errorf("train prior: LogPrior %v", c.LogPrior)
			}
			continue
		}
		want := []float64{math.Log(10.0 / 70), math.Log(60.0 / 70)} // cancel_order, order_status
		if len(c.LogPrior) != 2 || math.Abs(c.LogPrior[0]-want[0]) > 1e-12 || math.Abs(c.LogPrior[1]-want[1]) > 1e-12 {
			t.Errorf("LogPrior %v, want %v", c.LogPrior, want)
		}
		var buf bytes.Buffer
		if err := c.Marshal(&buf); err != nil {
			t.Fatal(err)
		}
		c2, err := UnmarshalClassifier(&buf, NewIntentModel(ModelLogReg), &nlp.Tokenizer{})
		if err != nil {
			t.Fatal(err)
		}
		if p := prob(c2, "my order please stop", "cancel_order"); math.Abs(p-got[k]) > 1e-9 {
			t.Errorf("after a round trip %.6f, before %.6f", p, got[k])
		}
	}
	if !(got[1] > got[0]) {
		t.Errorf("cancel_order %.4f with the uniform prior, %.4f with the examples' prior; want it higher", got[1], got[0])
	}
	if _, err := TrainIntents(context.Background(), exs, TrainOptions{NewModel: func() TextModel { return NewIntentModel(ModelLogReg) },
		Tokenizer: &nlp.Tokenizer{}, Prior: "balanced"}); err == nil {
		t.Error("unknown prior: no error")
	}
}

package nlp

import (
	"bytes"
	"context"
	"encoding/gob"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

func withLoss(loss string) LogRegParams {
	p := DefaultLogRegParams()
	p.Loss = loss
	return p
}

// Every loss learns the synthetic task (10% label noise), and a model
// survives Marshal and Unmarshal with the same logits.
func TestLogRegLosses(t *testing.T) {
	trainD, trainY := synthetic(400, 3)
	testD, testY := synthetic(300, 4)
	for _, loss := range []string{LossLog, LossSVM, LossLogSVM} {
		t.Run(loss, func(t *testing.T) {
			m := NewLogReg(withLoss(loss))
			c, err := Train(context.Background(), m, trainD, trainY, TrainOptions{CalibrationFraction: 0.2, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if s := Evaluate(c, testD, testY); s.Accuracy < 0.85 {
				t.Errorf("accuracy %.3f, want >= 0.85 (10%% of labels are flipped)", s.Accuracy)
			}
			if loss == LossLogSVM && (m.w2 == nil || !(m.t1 > 0) || !(m.t2 > 0)) {
				t.Errorf("log+svm without its second model: t1 %g t2 %g", m.t1, m.t2)
			}
			if loss != LossLogSVM && m.w2 != nil {
				t.Errorf("%s keeps a second model", loss)
			}
			var buf bytes.Buffer
			if err := m.Marshal(&buf); err != nil {
				t.Fatal(err)
			}
			m2 := NewLogReg(DefaultLogRegParams())
			if err := m2.Unmarshal(&buf); err != nil {
				t.Fatal(err)
			}
			if m2.Params.Loss != loss {
				t.Errorf("loss %q after loading, want %q", m2.Params.Loss, loss)
			}
			for _, d := range append(testD[:10], []string{"unseen"}) {
				if a, b := m.Logits(d), m2.Logits(d); !slices.Equal(a, b) {
					t.Fatalf("%q: logits %v after loading, want %v", d, b, a)
				}
			}
		})
	}
}

// The SVMs' weights do not depend on how many classes train at once.
func TestLogRegSVMWorkers(t *testing.T) {
	docs, labels := synthetic(300, 5)
	for i := range labels {
		labels[i] += string(rune('a' + i%3)) // six classes
	}
	var ws [][]float32
	for _, workers := range []int{1, 3} {
		p := withLoss(LossSVM)
		p.Workers = workers
		m := NewLogReg(p)
		if _, err := Train(context.Background(), m, docs, labels, TrainOptions{}); err != nil {
			t.Fatal(err)
		}
		ws = append(ws, append(m.w, m.b...))
	}
	if !slices.Equal(ws[0], ws[1]) {
		t.Error("weights differ between 1 and 3 workers")
	}
}

// A model stored before the loss was a parameter loads as logistic
// regression.
func TestLogRegLoadsModelWithoutLoss(t *testing.T) {
	docs, labels := synthetic(200, 6)
	m := NewLogReg(withLoss(LossLog))
	if _, err := Train(context.Background(), m, docs, labels, TrainOptions{}); err != nil {
		t.Fatal(err)
	}
	st := logRegState{Params: m.Params, Classes: m.classes, Terms: make([]string, len(m.vocab)), IDF: m.idf, W: m.w, B: m.b}
	st.Params.Loss, st.Params.C, st.Params.SVMPasses, st.Params.Workers = "", 0, 0, 0
	for term, i := range m.vocab {
		st.Terms[i] = term
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&st); err != nil {
		t.Fatal(err)
	}
	m2 := NewLogReg(DefaultLogRegParams())
	if err := m2.Unmarshal(&buf); err != nil {
		t.Fatal(err)
	}
	if m2.Params.Loss != LossLog || m2.w2 != nil {
		t.Errorf("loaded with loss %q", m2.Params.Loss)
	}
	if a, b := m.Logits(docs[0]), m2.Logits(docs[0]); !slices.Equal(a, b) {
		t.Errorf("logits %v, want %v", b, a)
	}
}

func TestLogRegLossValidation(t *testing.T) {
	docs, labels := synthetic(50, 1)
	for _, tt := range []struct {
		field string
		p     func(p *LogRegParams)
	}{
		{"loss", func(p *LogRegParams) { p.Loss = "hinge" }},
		{"loss", func(p *LogRegParams) { p.Loss = "" }},
		{"c", func(p *LogRegParams) { p.Loss, p.C = LossSVM, 0 }},
		{"c", func(p *LogRegParams) { p.Loss, p.C = LossLogSVM, math.NaN() }},
		{"svm_passes", func(p *LogRegParams) { p.Loss, p.SVMPasses = LossLogSVM, 0 }},
	} {
		p := DefaultLogRegParams()
		tt.p(&p)
		_, err := Train(context.Background(), NewLogReg(p), docs, labels, TrainOptions{})
		if shopmind.ErrorCode(err) != shopmind.EINVALID || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%+v: err %v, want EINVALID naming %s", p, err, tt.field)
		}
	}
	p := DefaultLogRegParams()
	p.C, p.SVMPasses = 0, 0 // unused by logistic regression alone
	p.Loss = LossLog
	if _, err := Train(context.Background(), NewLogReg(p), docs, labels, TrainOptions{}); err != nil {
		t.Errorf("log loss with c 0: %v", err)
	}
}

// Train gives log+svm, which holds out its own calibration tenth inside
// Fit, every example: a word in all 40 documents of one class survives
// MinCount 40, which it would not with any of them held out. Other losses
// still train on the rest of a calibration split.
func TestTrainSelfCalibratedUsesEveryExample(t *testing.T) {
	docs, labels := synthetic(80, 7)
	for i := range docs {
		if labels[i] == "positive" {
			docs[i] = append(docs[i], "marker")
		}
	}
	n := 0
	for _, l := range labels {
		if l == "positive" {
			n++
		}
	}
	for _, loss := range []string{LossLogSVM, LossLog} {
		p := withLoss(loss)
		p.MinCount = n
		m := NewLogReg(p)
		c, err := Train(context.Background(), m, docs, labels, TrainOptions{CalibrationFraction: 0.2, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, kept := m.vocab["marker"]
		if want := loss == LossLogSVM; kept != want || m.Calibrated() != want {
			t.Errorf("%s: marker in the vocabulary %v, Calibrated %v; want %v", loss, kept, m.Calibrated(), want)
		}
		if loss == LossLogSVM && (c.Temperature != 1 || !(m.t3 > 0)) {
			t.Errorf("log+svm: classifier temperature %g (want 1), model t3 %g", c.Temperature, m.t3)
		}
	}
}

// A log+svm model stored before the third temperature loads with t3 = 1,
// so its logits are the sum of the two log-probabilities as before.
func TestLogRegLoadsModelWithoutT3(t *testing.T) {
	docs, labels := synthetic(200, 8)
	m := NewLogReg(withLoss(LossLogSVM))
	if _, err := Train(context.Background(), m, docs, labels, TrainOptions{}); err != nil {
		t.Fatal(err)
	}
	st := logRegState{Params: m.Params, Classes: m.classes, Terms: make([]string, len(m.vocab)), IDF: m.idf, W: m.w, B: m.b,
		W2: m.w2, B2: m.b2, T1: m.t1, T2: m.t2}
	for term, i := range m.vocab {
		st.Terms[i] = term
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&st); err != nil {
		t.Fatal(err)
	}
	m2 := NewLogReg(DefaultLogRegParams())
	if err := m2.Unmarshal(&buf); err != nil {
		t.Fatal(err)
	}
	got, want := m2.Logits(docs[0]), m.Logits(docs[0])
	for c := range want {
		if math.Abs(got[c]-want[c]*m.t3) > 1e-9 {
			t.Fatalf("logits %v, want the sum of log-probabilities %v", got, want)
		}
	}
}

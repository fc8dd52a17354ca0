package assistant

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/nlp"
)

// IntentModelName is the stored model of the assistant's intents.
const IntentModelName = "assistant/intents"

// The shipped intent model's threshold and temperature are fitted on
// out-of-fold scores of IntentFolds models (see CalibrateCrossFit).
const (
	IntentFolds       = 5
	intentCalibration = "crossfit5"
)

// Intent classifier kinds (Setup.Model).
const (
	ModelLogReg   = "logreg"
	ModelFastText = "fasttext"
)

// NewIntentModel returns an untrained classifier of the given kind
// (ModelLogReg or ModelFastText), from package nlp.
func NewIntentModel(kind string) TextModel {
	if kind == ModelLogReg {
		return nlp.NewLogReg(DefaultLogRegParams())
	}
	return nlp.NewFastText(DefaultFastTextParams())
}

// NewTokenizer returns the tokenizer of a segmenter: "chars" cuts Chinese
// into characters, "gse" into words (loading gse's dictionary: about 2 s
// and 135 MB).
func NewTokenizer(segmenter string) (*nlp.Tokenizer, error) {
	tok := &nlp.Tokenizer{}
	if segmenter == "gse" {
		zh, err := nlp.LoadChinese()
		if err != nil {
			return nil, err
		}
		tok.Segmenter = zh
	}
	return tok, nil
}

// intentExamples returns the examples of s, and the bytes the stored
// model's hash covers.
func (s Setup) intentExamples() ([]Example, []byte, error) {
	if s.Intents == nil {
		exs, err := DefaultExamples()
		if err != nil {
			return nil, nil, err
		}
		a, _ := Data.ReadFile("data/intents_bitext.csv")
		b, _ := Data.ReadFile("data/intents.csv")
		return exs, append(a, b...), nil
	}
	exs, err := ReadExamples(bytes.NewReader(s.Intents), "text", "intent")
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", s.IntentsName, err)
	}
	return exs, s.Intents, nil
}

// intentHash identifies the intent model s trains: its examples and
// settings. The feature version retrains models whose n-grams nlp now
// hashes differently; the calibration, models calibrated the old way (on a
// 90% model, shipped with the refit); logreg's parameters, logreg models
// stored before it had character n-grams (issue 15).
func (s Setup) intentHash(raw []byte) string {
	settings := fmt.Sprintf("|%s|%s|features-%d|%s", s.Model, s.Segmenter, nlp.FeatureVersion, intentCalibration)
	if s.Model == ModelLogReg {
		settings += fmt.Sprintf("|%+v", DefaultLogRegParams())
	}
	sum := sha256.Sum256(append(raw, []byte(settings)...))
	return hex.EncodeToString(sum[:8])
}

// LoadIntents returns the newest stored intent model trained with s, or
// trains one and stores it as the next version of IntentModelName. Of
// several nodes (or commands) starting together on one store, one trains
// and the others wait for it (s.Exclusive) and load its version.
func LoadIntents(ctx context.Context, models shopmind.ModelService, s Setup, tok *nlp.Tokenizer) (cl *Classifier, err error) {
	err = s.exclusive(ctx, "model/"+IntentModelName, func(ctx context.Context) error {
		cl, err = loadOrTrainIntents(ctx, models, s, tok)
		return err
	})
	return cl, err
}

func loadOrTrainIntents(ctx context.Context, models shopmind.ModelService, s Setup, tok *nlp.Tokenizer) (*Classifier, error) {
	logger := s.logger()
	exs, raw, err := s.intentExamples()
	if err != nil {
		return nil, err
	}
	hash := s.intentHash(raw)
	if m, err := models.Model(ctx, IntentModelName, 0); err == nil && m.ConfigHash == hash {
		cl, err := UnmarshalClassifier(bytes.NewReader(m.Data), NewIntentModel(s.Model), tok)
		if err == nil {
			logger.Info("serving intent model", "version", m.Version)
			return cl, nil
		}
		logger.Warn("stored intent model unreadable; retraining", "error", err)
	} else if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		return nil, err
	}
	start := time.Now()
	cl, err := TrainIntents(ctx, exs, TrainOptions{
		NewModel: func() TextModel { return NewIntentModel(s.Model) }, Tokenizer: tok,
		OutOfScope: OutOfScope, MinPerIntent: 60, Seed: 1,
		Calibration: CalibrateCrossFit, Folds: IntentFolds,
	})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := cl.Marshal(&buf); err != nil {
		return nil, err
	}
	v := cl.Validation
	m := &shopmind.Model{Name: IntentModelName, ConfigHash: hash, Data: buf.Bytes(), Metrics: map[string]float64{
		"valid_accuracy": v.Accuracy, "valid_macro_f1": v.MacroF1, "threshold": v.Threshold, "examples": float64(len(exs)),
		"valid_in_scope_rejected": v.InScopeRejected, "temperature": cl.Temperature, "folds": IntentFolds,
	}}
	if v.OOSRecall >= 0 {
		m.Metrics["valid_oos_recall"] = v.OOSRecall
	}
	if err := models.SaveModel(ctx, m); err != nil {
		return nil, err
	}
	logger.Info("trained intent model", "version", m.Version, "examples", len(exs), "seconds", time.Since(start).Seconds(),
		"valid_accuracy", v.Accuracy, "threshold", v.Threshold)
	return cl, nil
}

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/nlp"
)

// intentModelName is the stored model of the assistant's intents.
const intentModelName = "assistant/intents"

// The shipped intent model's threshold and temperature are fitted on
// out-of-fold scores of intentFolds models (see assistant.CalibrateCrossFit).
const (
	intentFolds       = 5
	intentCalibration = "crossfit5"
)

// AssistantConfig is the [assistant] section: the customer-service
// assistant's data files and intent model.
type AssistantConfig struct {
	Intents       string   `toml:"intents"`        // CSV with text and intent columns; "" uses the shipped English and Chinese shop intents
	FAQ           string   `toml:"faq"`            // FAQ JSON; "" uses the shipped one
	Flows         string   `toml:"flows"`          // flows and replies JSON; "" uses the shipped ones
	Model         string   `toml:"model"`          // intent classifier: logreg (default: TF-IDF with character n-grams) or fasttext
	Segmenter     string   `toml:"segmenter"`      // Chinese tokens: "chars" (default, no dictionary) or "gse" (word segmentation; +2 s and ~135 MB at start)
	CatalogReload Duration `toml:"catalog_reload"` // how often the catalog graph is rebuilt from the store
}

func defaultAssistantConfig() AssistantConfig {
	return AssistantConfig{Model: "logreg", Segmenter: "chars", CatalogReload: Duration{time.Minute}}
}

// validate checks the section; errors name the field.
func (c AssistantConfig) validate() error {
	bad := func(field, format string, args ...any) error {
		return &shopmind.Error{Code: shopmind.EINVALID, Field: field, Message: "config: " + field + ": " + fmt.Sprintf(format, args...)}
	}
	if c.Model != "fasttext" && c.Model != "logreg" {
		return bad("assistant.model", "%q is not fasttext or logreg", c.Model)
	}
	if c.Segmenter != "chars" && c.Segmenter != "gse" {
		return bad("assistant.segmenter", "%q is not chars or gse", c.Segmenter)
	}
	if d := c.CatalogReload.Duration; d < time.Second {
		return bad("assistant.catalog_reload", "%s is shorter than 1s", d)
	}
	for _, f := range []struct{ field, path string }{{"assistant.intents", c.Intents}, {"assistant.faq", c.FAQ}, {"assistant.flows", c.Flows}} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err != nil {
			return bad(f.field, "%v", err)
		}
	}
	return nil
}

// newIntentModel returns an untrained classifier of the configured kind,
// from package nlp.
func newIntentModel(kind string) assistant.TextModel {
	if kind == "logreg" {
		return nlp.NewLogReg(assistant.DefaultLogRegParams())
	}
	return nlp.NewFastText(assistant.DefaultFastTextParams())
}

// assistantTokenizer returns the tokenizer of the configured segmenter.
func assistantTokenizer(c AssistantConfig) (*nlp.Tokenizer, error) {
	tok := &nlp.Tokenizer{}
	if c.Segmenter == "gse" {
		zh, err := nlp.LoadChinese()
		if err != nil {
			return nil, err
		}
		tok.Segmenter = zh
	}
	return tok, nil
}

// readOr returns the file at path, or the shipped default when path is "".
func readOr(path, shipped string) ([]byte, error) {
	if path == "" {
		return assistant.Data.ReadFile(shipped)
	}
	return os.ReadFile(path)
}

// intentExamples returns the configured intent examples.
func intentExamples(c AssistantConfig) ([]assistant.Example, []byte, error) {
	if c.Intents == "" {
		exs, err := assistant.DefaultExamples()
		if err != nil {
			return nil, nil, err
		}
		a, _ := assistant.Data.ReadFile("data/intents_bitext.csv")
		b, _ := assistant.Data.ReadFile("data/intents.csv")
		return exs, append(a, b...), nil
	}
	data, err := os.ReadFile(c.Intents)
	if err != nil {
		return nil, nil, fmt.Errorf("assistant intents: %w", err)
	}
	exs, err := assistant.ReadExamples(bytes.NewReader(data), "text", "intent")
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", c.Intents, err)
	}
	return exs, data, nil
}

// loadIntents serves the newest stored intent model trained with this
// configuration, or trains one and stores it. Of several nodes (or
// commands) starting together on one store, one trains and the others wait
// for it and load its version.
func loadIntents(ctx context.Context, c AssistantConfig, store shopmind.Store, tok *nlp.Tokenizer, logger *slog.Logger) (cl *assistant.Classifier, err error) {
	err = exclusiveOn(store)(ctx, "model/"+intentModelName, func(ctx context.Context) error {
		cl, err = loadOrTrainIntents(ctx, c, store, tok, logger)
		return err
	})
	return cl, err
}

func loadOrTrainIntents(ctx context.Context, c AssistantConfig, store shopmind.Store, tok *nlp.Tokenizer, logger *slog.Logger) (*assistant.Classifier, error) {
	exs, raw, err := intentExamples(c)
	if err != nil {
		return nil, err
	}
	// The feature version retrains models whose n-grams nlp now hashes
	// differently; the calibration, models calibrated the old way (on a
	// 90% model, shipped with the refit); logreg's parameters, logreg
	// models stored before it had character n-grams (issue 15).
	settings := fmt.Sprintf("|%s|%s|features-%d|%s", c.Model, c.Segmenter, nlp.FeatureVersion, intentCalibration)
	if c.Model == "logreg" {
		settings += fmt.Sprintf("|%+v", assistant.DefaultLogRegParams())
	}
	sum := sha256.Sum256(append(raw, []byte(settings)...))
	hash := hex.EncodeToString(sum[:8])
	if m, err := store.Model(ctx, intentModelName, 0); err == nil && m.ConfigHash == hash {
		cl, err := assistant.UnmarshalClassifier(bytes.NewReader(m.Data), newIntentModel(c.Model), tok)
		if err == nil {
			logger.Info("serving intent model", "version", m.Version)
			return cl, nil
		}
		logger.Warn("stored intent model unreadable; retraining", "error", err)
	} else if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		return nil, err
	}
	start := time.Now()
	cl, err := assistant.TrainIntents(ctx, exs, assistant.TrainOptions{
		NewModel: func() assistant.TextModel { return newIntentModel(c.Model) }, Tokenizer: tok,
		OutOfScope: assistant.OutOfScope, MinPerIntent: 60, Seed: 1,
		Calibration: assistant.CalibrateCrossFit, Folds: intentFolds,
	})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := cl.Marshal(&buf); err != nil {
		return nil, err
	}
	v := cl.Validation
	m := &shopmind.Model{Name: intentModelName, ConfigHash: hash, Data: buf.Bytes(), Metrics: map[string]float64{
		"valid_accuracy": v.Accuracy, "valid_macro_f1": v.MacroF1, "threshold": v.Threshold, "examples": float64(len(exs)),
		"valid_in_scope_rejected": v.InScopeRejected, "temperature": cl.Temperature, "folds": intentFolds,
	}}
	if v.OOSRecall >= 0 {
		m.Metrics["valid_oos_recall"] = v.OOSRecall
	}
	if err := store.SaveModel(ctx, m); err != nil {
		return nil, err
	}
	logger.Info("trained intent model", "version", m.Version, "examples", len(exs), "seconds", time.Since(start).Seconds(),
		"valid_accuracy", v.Accuracy, "threshold", v.Threshold)
	return cl, nil
}

// assistantRuntime is a built assistant and what keeps it current.
type assistantRuntime struct {
	svc         *assistant.Service
	catalog     atomic.Pointer[assistant.Catalog]
	orderFormat atomic.Pointer[assistant.OrderFormat]
}

// reloadCatalog rebuilds the catalog graph from the store and learns the
// shop's order numbering again.
func (rt *assistantRuntime) reloadCatalog(ctx context.Context, store shopmind.Store) error {
	c, err := assistant.LoadCatalog(ctx, store)
	if err != nil {
		return err
	}
	rt.catalog.Store(c)
	f, err := assistant.LoadOrderFormat(ctx, store)
	if err != nil {
		return err
	}
	rt.orderFormat.Store(f)
	return nil
}

// buildAssistant builds the assistant of configuration c on store. rec may
// be nil.
func buildAssistant(ctx context.Context, c AssistantConfig, store shopmind.Store, rec shopmind.Recommender, logger *slog.Logger) (*assistantRuntime, error) {
	tok, err := assistantTokenizer(c)
	if err != nil {
		return nil, err
	}
	intents, err := loadIntents(ctx, c, store, tok, logger)
	if err != nil {
		return nil, fmt.Errorf("assistant intents: %w", err)
	}
	flows, err := readOr(c.Flows, "data/flows.json")
	if err != nil {
		return nil, fmt.Errorf("assistant flows: %w", err)
	}
	script, err := assistant.ParseScript(flows)
	if err != nil {
		return nil, err
	}
	faqData, err := readOr(c.FAQ, "data/faq.json")
	if err != nil {
		return nil, fmt.Errorf("assistant faq: %w", err)
	}
	faq, err := assistant.ParseFAQ(faqData)
	if err != nil {
		return nil, err
	}
	rt := &assistantRuntime{}
	if err := rt.reloadCatalog(ctx, store); err != nil {
		return nil, err
	}
	e := &assistant.Engine{Intents: intents, Script: script, FAQ: faq, Catalog: rt.catalog.Load, OrderFormat: rt.orderFormat.Load,
		Orders: store, Recommender: rec,
		// An anonymous shopper proves an order with the e-mail or postcode
		// of its user; failed proofs are counted per order in this process.
		Personal: store, OrderAttempts: &assistant.AttemptLog{}, ProofLimit: assistant.DefaultProofLimit()}
	rt.svc = &assistant.Service{Store: store, Engine: e, Logger: logger}
	return rt, nil
}

// wireAssistant mounts the customer-service assistant. Guided shopping asks
// the recommendation service that wireRecommend keeps current (none without
// it), and the catalog graph and the order numbering are reloaded every
// assistant.catalog_reload.
func wireAssistant(ctx context.Context, w *wiring) error {
	logger := w.logger.With("capability", "assistant")
	rt, err := buildAssistant(ctx, w.cfg.Assistant, w.store, w.recommender, logger)
	if err != nil {
		return err
	}
	w.srv.HandleAssistant(rt.svc)
	w.Go(func() {
		tick := time.NewTicker(w.cfg.Assistant.CatalogReload.Duration)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			reload := w.Heavy(func(ctx context.Context) error { return rt.reloadCatalog(ctx, pacedStore{w.store}) })
			if err := reload(ctx); err != nil && ctx.Err() == nil {
				logger.Warn("reload catalog", "error", err)
			}
		}
	})
	return nil
}

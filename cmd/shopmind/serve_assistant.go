package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
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

// setup reads the configured data files into an assistant.Setup; nil
// data means the shipped one.
func (c AssistantConfig) setup(store shopmind.Store, logger *slog.Logger) (assistant.Setup, error) {
	s := assistant.Setup{Model: c.Model, Segmenter: c.Segmenter, IntentsName: c.Intents, Exclusive: exclusiveOn(store), Logger: logger}
	var err error
	if c.Intents != "" {
		if s.Intents, err = os.ReadFile(c.Intents); err != nil {
			return s, fmt.Errorf("assistant intents: %w", err)
		}
	}
	if c.Flows != "" {
		if s.Flows, err = os.ReadFile(c.Flows); err != nil {
			return s, fmt.Errorf("assistant flows: %w", err)
		}
	}
	if c.FAQ != "" {
		if s.FAQ, err = os.ReadFile(c.FAQ); err != nil {
			return s, fmt.Errorf("assistant faq: %w", err)
		}
	}
	return s, nil
}

// buildAssistant builds the assistant of configuration c on store. rec may
// be nil.
func buildAssistant(ctx context.Context, c AssistantConfig, store shopmind.Store, rec shopmind.Recommender, logger *slog.Logger) (*assistant.Runtime, error) {
	s, err := c.setup(store, logger)
	if err != nil {
		return nil, err
	}
	return assistant.Build(ctx, store, rec, s)
}

// startAssistant builds the customer-service assistant (loading or
// training its intent model first). Guided shopping asks rec (none when
// nil); the catalog graph and the order numbering are reloaded every
// assistant.catalog_reload, as heavy jobs.
func startAssistant(ctx context.Context, b base, rec shopmind.Recommender) (*assistant.Runtime, error) {
	logger := b.logger.With("capability", "assistant")
	rt, err := buildAssistant(ctx, b.cfg.Assistant, b.store, rec, logger)
	if err != nil {
		return nil, err
	}
	b.jobs.Go(func() {
		tick := time.NewTicker(b.cfg.Assistant.CatalogReload.Duration)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			reload := b.jobs.Heavy(func(ctx context.Context) error { return rt.Reload(ctx, b.paced()) })
			if err := reload(ctx); err != nil && ctx.Err() == nil {
				logger.Warn("reload catalog", "error", err)
			}
		}
	})
	return rt, nil
}

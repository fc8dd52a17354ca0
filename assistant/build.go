package assistant

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"

	"github.com/shopmind/shopmind"
)

// Setup is what an assistant is built from: its data, each nil for the
// shipped one, and its intent classifier.
type Setup struct {
	Intents     []byte // CSV with text and intent columns; nil: the shipped English and Chinese shop intents
	IntentsName string // where Intents came from, for errors
	FAQ         []byte // FAQ JSON; nil: the shipped one
	Flows       []byte // flows and replies JSON; nil: the shipped ones
	Model       string // intent classifier: ModelLogReg or ModelFastText
	Segmenter   string // Chinese tokens: "chars" or "gse"

	// Exclusive runs fn while no other process on the store runs work of
	// the same key (shopmind.Coordinator); nil runs it at once.
	Exclusive func(ctx context.Context, key string, fn func(context.Context) error) error
	Logger    *slog.Logger
}

func (s Setup) exclusive(ctx context.Context, key string, fn func(context.Context) error) error {
	if s.Exclusive == nil {
		return fn(ctx)
	}
	return s.Exclusive(ctx, key, fn)
}

func (s Setup) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return s.Logger
}

// Runtime is a built assistant and what keeps it current: the catalog
// graph and the shop's order numbering it answers from, which Reload
// rebuilds from the store.
type Runtime struct {
	Service     *Service
	catalog     atomic.Pointer[Catalog]
	orderFormat atomic.Pointer[OrderFormat]
	// catalogVersion is the store's catalog version the graph was built at
	// (0: never built).
	catalogVersion atomic.Int64
}

// Reload rebuilds the catalog graph from the store, when the catalog
// version moved since it was built (shopmind.CatalogVersioner), and learns
// the shop's order numbering again.
func (rt *Runtime) Reload(ctx context.Context, store shopmind.AssistantShopStore) error {
	v, err := store.CatalogVersion(ctx)
	if err != nil {
		return err
	}
	if rt.catalog.Load() == nil || rt.catalogVersion.Load() != v {
		c, err := LoadCatalog(ctx, store)
		if err != nil {
			return err
		}
		rt.catalog.Store(c)
		rt.catalogVersion.Store(v)
	}
	f, err := LoadOrderFormat(ctx, store)
	if err != nil {
		return err
	}
	rt.orderFormat.Store(f)
	return nil
}

// Build builds the assistant s describes on store: it loads or trains the
// intent model (LoadIntents), parses the flows and FAQ and loads the
// catalog. rec, for guided shopping, may be nil.
func Build(ctx context.Context, store shopmind.AssistantShopStore, rec shopmind.Recommender, s Setup) (*Runtime, error) {
	tok, err := NewTokenizer(s.Segmenter)
	if err != nil {
		return nil, err
	}
	intents, err := LoadIntents(ctx, store, s, tok)
	if err != nil {
		return nil, fmt.Errorf("assistant intents: %w", err)
	}
	script, err := DefaultScript()
	if s.Flows != nil {
		script, err = ParseScript(s.Flows)
	}
	if err != nil {
		return nil, err
	}
	faq, err := DefaultFAQ()
	if s.FAQ != nil {
		faq, err = ParseFAQ(s.FAQ)
	}
	if err != nil {
		return nil, err
	}
	rt := &Runtime{}
	if err := rt.Reload(ctx, store); err != nil {
		return nil, err
	}
	e := &Engine{Intents: intents, Script: script, FAQ: faq, Catalog: rt.catalog.Load, OrderFormat: rt.orderFormat.Load,
		Orders: store, Recommender: rec,
		// An anonymous shopper proves an order with the e-mail or postcode
		// of its user; failed proofs are counted per order in this process.
		Personal: store, OrderAttempts: &AttemptLog{}, ProofLimit: DefaultProofLimit()}
	rt.Service = &Service{Store: store, Engine: e, Logger: s.logger()}
	return rt, nil
}

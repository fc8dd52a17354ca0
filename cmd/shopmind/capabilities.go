package main

import (
	"context"
	"log/slog"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
)

// capability is one model family's part of "shopmind serve": it adds its
// routes to the server and may run background work (loading the newest
// models, retraining on a schedule) until ctx is cancelled.
type capability func(ctx context.Context, w *wiring) error

// wiring is what a capability gets from serve.
type wiring struct {
	env    *Env
	cfg    Config
	store  shopmind.Store
	srv    *httpapi.Server
	logger *slog.Logger
}

// capabilities lists the capabilities serve wires, in order. Each lives in
// its own file of this package (serve_<name>.go).
func capabilities() []capability {
	return []capability{wireExperiments, wireRecommend, wireInsights, wireNLP, wireAssistant, wireVision}
}

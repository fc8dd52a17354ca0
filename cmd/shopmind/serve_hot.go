package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/cache"
)

// hotReads are the store's services that serve keeps in memory because
// every request reads them (package cache): the API keys, the users who
// refuse personalisation and the running experiments. Everything in serve
// that changes or reads them goes through these.
type hotReads struct {
	keys        *cache.Keys
	consents    *cache.Consents
	experiments *cache.Experiments
}

// newHotReads wraps store's services; a change made by another process
// applies within every (cluster.refresh_every).
func newHotReads(store shopmind.Store, every time.Duration) *hotReads {
	return &hotReads{
		keys:        cache.NewKeys(store, every),
		consents:    cache.NewConsents(store, every),
		experiments: cache.NewExperiments(store, every),
	}
}

// start reloads them in the background until ctx is cancelled.
func (h *hotReads) start(ctx context.Context, jobs *jobs, logger *slog.Logger) {
	for _, c := range []interface {
		Run(context.Context, *slog.Logger)
	}{h.keys, h.consents, h.experiments} {
		jobs.Go(func() { c.Run(ctx, logger) })
	}
}

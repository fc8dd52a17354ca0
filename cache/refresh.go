// Package cache keeps in memory what the API reads of the store at every
// request, so that serving does no store read for it while nothing
// changes: the API keys (Keys), the users who refuse personalisation
// (Consents) and the running experiments (Experiments).
//
// Each wraps the store's service and holds a snapshot of the whole set,
// which is small: a shop's keys, its running experiments, the ids of the
// users who refused personalisation. A change made through the wrapper
// (revoking a key, setting a consent, starting an experiment, erasing a
// user) is in the snapshot before the call returns, so it applies to the
// very next request. A change made by another process on the same store
// (another serve node, "shopmind import", the CLI) applies once the
// snapshot is reloaded: Run reloads it every half of Every, and a reader
// that finds it older than Every (Run not running, or the store failing)
// reloads it itself, so such a change applies within Every.
package cache

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultEvery is how stale a snapshot may get by default.
const DefaultEvery = 2 * time.Second

// refresher reloads one snapshot: one load at a time, in the background
// every half of every (run), and at once when a reader finds the snapshot
// older than every (ensure).
type refresher struct {
	every time.Duration
	now   func() time.Time
	// load reads the store and installs the snapshot; it runs with mu held.
	load func(ctx context.Context) error

	// mu is held during a load, and while a change made through the cache
	// is applied to the snapshot: a load that read the store before the
	// change cannot install its snapshot after it.
	mu     sync.Mutex
	loaded atomic.Int64 // UnixNano of the start of the last load that succeeded; 0 for none
}

func newRefresher(every time.Duration, load func(context.Context) error) *refresher {
	if every <= 0 {
		every = DefaultEvery
	}
	return &refresher{every: every, now: time.Now, load: load}
}

// fresh reports whether the snapshot is younger than every.
func (r *refresher) fresh() bool {
	t := r.loaded.Load()
	return t != 0 && r.now().UnixNano()-t < int64(r.every)
}

// ensure loads the snapshot unless it is fresh.
func (r *refresher) ensure(ctx context.Context) error {
	if r.fresh() {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fresh() { // another reader loaded it meanwhile
		return nil
	}
	return r.reloadLocked(ctx)
}

// reload loads the snapshot now. When it fails the snapshot stays as it
// was, trusted until it is every old.
func (r *refresher) reload(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reloadLocked(ctx)
}

func (r *refresher) reloadLocked(ctx context.Context) error {
	start := r.now()
	if err := r.load(ctx); err != nil {
		return err
	}
	r.loaded.Store(start.UnixNano())
	return nil
}

// changed reloads the snapshot after a write made through the cache that
// it cannot apply itself. When the load fails the snapshot is marked
// stale, so that the next reader loads it rather than trust it.
func (r *refresher) changed(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.reloadLocked(context.WithoutCancel(ctx)); err != nil {
		r.loaded.Store(0)
	}
}

// change runs apply, which changes the snapshot after a write made through
// the cache, with no load in flight.
func (r *refresher) change(apply func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	apply()
}

// run reloads every half of every until ctx is cancelled; failures are
// logged, and the readers then load the snapshot themselves.
func (r *refresher) run(ctx context.Context, logger *slog.Logger, what string) {
	t := time.NewTicker(r.every / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := r.reload(ctx); err != nil && ctx.Err() == nil && logger != nil {
			logger.Warn("reload "+what, "error", err)
		}
	}
}

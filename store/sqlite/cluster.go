package sqlite

import (
	"context"
	"sync"

	"github.com/shopmind/shopmind"
)

var _ shopmind.Coordinator = (*DB)(nil)

// Lead implements shopmind.Coordinator. A SQLite store serves one node,
// which always leads: Lead returns at once, and the leadership ends with
// ctx.
func (db *DB) Lead(ctx context.Context) (context.Context, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ctx, nil
}

// WatchModels implements shopmind.Coordinator. SQLite announces nothing:
// the only node swaps the versions it trains itself, and serve polls for
// versions saved by "shopmind train" in another process. The channel
// closes when ctx is cancelled.
func (db *DB) WatchModels(ctx context.Context) (<-chan shopmind.ModelSaved, error) {
	ch := make(chan shopmind.ModelSaved)
	context.AfterFunc(ctx, func() { close(ch) })
	return ch, nil
}

// Exclusive implements shopmind.Coordinator: fn runs while no other
// Exclusive of key runs on this DB.
func (db *DB) Exclusive(ctx context.Context, key string, fn func(context.Context) error) error {
	unlock, err := db.exclusive.lock(ctx, key)
	if err != nil {
		return err
	}
	defer unlock()
	return fn(ctx)
}

// keyedLocks is a set of mutexes by key whose waits end with a context.
// The zero value is ready to use.
type keyedLocks struct {
	mu    sync.Mutex
	locks map[string]chan struct{}
}

// lock waits until key is free or ctx is cancelled, and returns the
// function that frees it.
func (k *keyedLocks) lock(ctx context.Context, key string) (func(), error) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]chan struct{}{}
	}
	ch := k.locks[key]
	if ch == nil {
		ch = make(chan struct{}, 1)
		k.locks[key] = ch
	}
	k.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

package cache

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// Keys is a shopmind.KeyService that authenticates from memory: KeyByHash
// answers from a snapshot of the stored keys, by the hash of their secret
// (the only thing a key is ever looked up by).
//
// A key revoked through Keys (DeleteKey) stops working before DeleteKey
// returns; one revoked by another process within Every. A hash that is not
// in the snapshot is looked up in the store, so that a key created by
// another process works at once; what it finds is added to the snapshot,
// and what it does not find is not remembered, so unknown keys sent by an
// attacker take no memory (they cost one store read each, as before, under
// the API's limit on failed authentications).
type Keys struct {
	store shopmind.KeyService
	r     *refresher

	mu     sync.RWMutex
	byHash map[string]*shopmind.APIKey
	gen    uint64 // changes at every load and revocation
}

var _ shopmind.KeyService = (*Keys)(nil)

// NewKeys returns Keys over store, whose snapshot is at most every old
// (DefaultEvery when 0). It loads nothing until first asked.
func NewKeys(store shopmind.KeyService, every time.Duration) *Keys {
	k := &Keys{store: store, byHash: map[string]*shopmind.APIKey{}}
	k.r = newRefresher(every, k.load)
	return k
}

func (k *Keys) load(ctx context.Context) error {
	keys, err := k.store.Keys(ctx)
	if err != nil {
		return err
	}
	m := make(map[string]*shopmind.APIKey, len(keys))
	for _, key := range keys {
		m[key.Hash] = key
	}
	k.mu.Lock()
	k.byHash = m
	k.gen++
	k.mu.Unlock()
	return nil
}

// Run reloads the keys every half of Every until ctx is cancelled.
func (k *Keys) Run(ctx context.Context, logger *slog.Logger) { k.r.run(ctx, logger, "API keys") }

// KeyByHash implements shopmind.KeyService from the snapshot, asking the
// store only for a hash it does not hold.
func (k *Keys) KeyByHash(ctx context.Context, hash string) (*shopmind.APIKey, error) {
	if err := k.r.ensure(ctx); err != nil {
		return nil, err
	}
	k.mu.RLock()
	key, ok := k.byHash[hash]
	gen := k.gen
	k.mu.RUnlock()
	if ok {
		c := *key
		return &c, nil
	}
	key, err := k.store.KeyByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	c := *key
	k.mu.Lock()
	if k.gen == gen { // not revoked, nor reloaded without it, since the read
		k.byHash[hash] = &c
	}
	k.mu.Unlock()
	return key, nil
}

// CreateKey implements shopmind.KeyService; the key works at once.
func (k *Keys) CreateKey(ctx context.Context, key *shopmind.APIKey) error {
	if err := k.store.CreateKey(ctx, key); err != nil {
		return err
	}
	c := *key
	k.r.change(func() {
		k.mu.Lock()
		k.byHash[c.Hash] = &c
		k.mu.Unlock()
	})
	return nil
}

// DeleteKey implements shopmind.KeyService: the key stops working before
// it returns, even when the store did not find it.
func (k *Keys) DeleteKey(ctx context.Context, id string) error {
	err := k.store.DeleteKey(ctx, id)
	k.r.change(func() {
		k.mu.Lock()
		for h, key := range k.byHash {
			if key.ID == id {
				delete(k.byHash, h)
			}
		}
		k.gen++
		k.mu.Unlock()
	})
	return err
}

// Keys implements shopmind.KeyService: it reads the store.
func (k *Keys) Keys(ctx context.Context) ([]*shopmind.APIKey, error) { return k.store.Keys(ctx) }

// TouchKey implements shopmind.KeyService: it writes to the store.
func (k *Keys) TouchKey(ctx context.Context, id string, t time.Time) error {
	return k.store.TouchKey(ctx, id, t)
}

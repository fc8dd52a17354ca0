package cache

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// ConsentStore is what Consents wraps: the users' consent, changed in
// transactions.
type ConsentStore interface {
	shopmind.ConsentService
	shopmind.Transactor
}

// Consents answers whether a user refuses personalisation from a snapshot
// of the users who do (shopmind.RefusalChecker), whatever the number of
// users asking: the set holds only those who refused. The rest of
// shopmind.ConsentService passes to the store.
//
// A consent set through Consents (SetConsents, or SetConsents within Tx)
// applies before the call returns, and so does an erasure (Forget); one
// set by another process applies within Every.
type Consents struct {
	store ConsentStore
	r     *refresher

	mu      sync.RWMutex
	refuses map[string]bool // the users who refuse personalisation
}

var (
	_ shopmind.RefusalChecker = (*Consents)(nil)
	_ shopmind.ConsentService = (*Consents)(nil)
	_ shopmind.Forgetter      = (*Consents)(nil)
)

// NewConsents returns Consents over store, whose snapshot is at most every
// old (DefaultEvery when 0). It loads nothing until first asked.
func NewConsents(store ConsentStore, every time.Duration) *Consents {
	c := &Consents{store: store, refuses: map[string]bool{}}
	c.r = newRefresher(every, c.load)
	return c
}

func (c *Consents) load(ctx context.Context) error {
	ids, err := c.store.OptedOut(ctx, shopmind.PurposePersonalisation)
	if err != nil {
		return err
	}
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	c.mu.Lock()
	c.refuses = m
	c.mu.Unlock()
	return nil
}

// Run reloads the set every half of Every until ctx is cancelled.
func (c *Consents) Run(ctx context.Context, logger *slog.Logger) {
	c.r.run(ctx, logger, "users refusing personalisation")
}

// RefusesPersonalisation implements shopmind.RefusalChecker from the
// snapshot; "" never refuses, and a malformed id is EINVALID naming
// "user_id", as the store's Consent answers.
func (c *Consents) RefusesPersonalisation(ctx context.Context, userID string) (bool, error) {
	if userID == "" {
		return false, nil
	}
	if err := shopmind.ValidateID("user_id", userID); err != nil {
		return false, err
	}
	if err := c.r.ensure(ctx); err != nil {
		return false, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.refuses[userID], nil
}

// Consent implements shopmind.ConsentService: it reads the store (the
// whole consent, with when it was set).
func (c *Consents) Consent(ctx context.Context, userID string) (*shopmind.Consent, error) {
	return c.store.Consent(ctx, userID)
}

// OptedOut implements shopmind.ConsentService: it reads the store.
func (c *Consents) OptedOut(ctx context.Context, p shopmind.ConsentPurpose) ([]string, error) {
	return c.store.OptedOut(ctx, p)
}

// SetConsents implements shopmind.ConsentService; the consents apply to
// the next request.
func (c *Consents) SetConsents(ctx context.Context, cs []*shopmind.Consent) error {
	if err := c.store.SetConsents(ctx, cs); err != nil {
		return err
	}
	c.apply(cs)
	return nil
}

// Tx implements shopmind.Transactor: the consents fn sets through its
// Store apply to the next request once the transaction commits.
func (c *Consents) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	var set []*shopmind.Consent
	err := c.store.Tx(ctx, func(tx shopmind.Store) error {
		set = set[:0] // the store may run fn again
		return fn(&consentTx{Store: tx, set: &set})
	})
	if err == nil {
		c.apply(set)
	}
	return err
}

// Forget implements shopmind.Forgetter: an erased user is no longer in
// the set (erasure deletes their stored consent). It names no model.
func (c *Consents) Forget(_ context.Context, userID string) ([]string, error) {
	c.r.change(func() {
		c.mu.Lock()
		delete(c.refuses, userID)
		c.mu.Unlock()
	})
	return nil, nil
}

// apply puts stored consents into the set.
func (c *Consents) apply(cs []*shopmind.Consent) {
	if len(cs) == 0 {
		return
	}
	c.r.change(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, k := range cs {
			if k.NoPersonalisation {
				c.refuses[k.UserID] = true
			} else {
				delete(c.refuses, k.UserID)
			}
		}
	})
}

// consentTx is a transaction's Store that notes the consents set in it.
type consentTx struct {
	shopmind.Store
	set *[]*shopmind.Consent
}

func (t *consentTx) SetConsents(ctx context.Context, cs []*shopmind.Consent) error {
	if err := t.Store.SetConsents(ctx, cs); err != nil {
		return err
	}
	for _, k := range cs {
		c := *k
		*t.set = append(*t.set, &c)
	}
	return nil
}

package shopmind

import (
	"context"
	"fmt"
	"time"
)

// ConsentPurpose is a use of a user's data that the user may refuse.
type ConsentPurpose string

// The purposes a user may opt out of.
const (
	// PurposePersonalisation: lists chosen from the user's own history,
	// and the user's events in training data.
	PurposePersonalisation ConsentPurpose = "personalisation"
	// PurposeMarketing: campaign targeting (insights targets and their
	// CSV export).
	PurposeMarketing ConsentPurpose = "marketing"
)

// Valid reports whether p is a known purpose.
func (p ConsentPurpose) Valid() bool { return p == PurposePersonalisation || p == PurposeMarketing }

// Consent is what a user refused. Every user without a stored Consent
// has refused nothing, so both flags are "no" flags: the zero Consent
// allows everything, as before consent existed.
type Consent struct {
	UserID string `json:"user_id"`
	// NoPersonalisation: serve this user only lists that do not use their
	// history (the ones an anonymous visitor gets), and leave their events
	// out of training.
	NoPersonalisation bool `json:"no_personalisation"`
	// NoMarketing: leave this user out of campaign targeting.
	NoMarketing bool      `json:"no_marketing"`
	UpdatedAt   time.Time `json:"updated_at"` // set by the store; zero for a user who never set any
}

// Refuses reports whether the consent refuses purpose p.
func (c *Consent) Refuses(p ConsentPurpose) bool {
	switch p {
	case PurposePersonalisation:
		return c.NoPersonalisation
	case PurposeMarketing:
		return c.NoMarketing
	}
	return false
}

// Validate checks the consent, returning an EINVALID error naming the field.
func (c *Consent) Validate() error {
	return ValidateID("user_id", c.UserID)
}

// ConsentService keeps users' consent. A consent may be stored for a user
// id that has no User (a storefront sets it before the user is created);
// it is keyed by the id alone.
type ConsentService interface {
	// Consent returns the user's consent: the zero Consent (allowing
	// everything, UpdatedAt zero) when none is stored. EINVALID for a bad
	// id.
	Consent(ctx context.Context, userID string) (*Consent, error)
	// SetConsents stores consents, replacing those of the same users and
	// stamping UpdatedAt (written back). Invalid ones fail the call with
	// EINVALID naming "consents[i].field", storing nothing.
	SetConsents(ctx context.Context, cs []*Consent) error
	// OptedOut returns the ids of the users who refuse purpose p, in
	// ascending order (EINVALID naming "purpose" for an unknown one).
	OptedOut(ctx context.Context, p ConsentPurpose) ([]string, error)
}

// ConsentReader reads one user's consent (ConsentService.Consent).
type ConsentReader interface {
	Consent(ctx context.Context, userID string) (*Consent, error)
}

// RefusalChecker answers whether a user refuses personalisation: what
// serving asks at every request with a user (privacy.ConsentRecommender,
// privacy.ConsentExperiments); cache.Consents answers it from memory.
type RefusalChecker interface {
	RefusesPersonalisation(ctx context.Context, userID string) (bool, error)
}

// OptOutLister lists the users who refuse a purpose (ConsentService.OptedOut).
type OptOutLister interface {
	OptedOut(ctx context.Context, p ConsentPurpose) ([]string, error)
}

// OptedOutSet returns the users who refuse p as a set, for filters.
func OptedOutSet(ctx context.Context, s OptOutLister, p ConsentPurpose) (map[string]bool, error) {
	ids, err := s.OptedOut(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("read %s opt-outs: %w", p, err)
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}

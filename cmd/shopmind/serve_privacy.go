package main

import (
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy"
	"github.com/shopmind/shopmind/recommend"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

// PrivacyConfig is the [privacy] section: what erasing a user keeps, and
// how long events are kept (retention.go).
type PrivacyConfig struct {
	// EraseEvents is what erasure does with the user's events and
	// experiment exposures: "delete" them (default) or "pseudonymise"
	// them, keeping them for statistics and models under a random id.
	EraseEvents string `toml:"erase_events"`
	// EventRetentionDays deletes events dated more than this many days ago,
	// on the schedule below while serve runs and at once with "shopmind
	// retention". 0 (the default) keeps events forever.
	EventRetentionDays int `toml:"event_retention_days"`
	// RetentionEvery is how often serve applies the retention period
	// (default 1h; the first run follows startup).
	RetentionEvery Duration `toml:"retention_every"`
}

func defaultPrivacyConfig() PrivacyConfig {
	return PrivacyConfig{EraseEvents: string(shopmind.EraseEventsDelete), RetentionEvery: Duration{time.Hour}}
}

// validate checks the section; errors name the field.
func (c PrivacyConfig) validate() error {
	if !shopmind.EraseEvents(c.EraseEvents).Valid() {
		return badConfig("privacy.erase_events", "%q is not one of delete, pseudonymise", c.EraseEvents)
	}
	return c.validateRetention()
}

// newPrivacyService returns the erasure and export service over store and
// the given in-memory models.
func newPrivacyService(store shopmind.Store, c PrivacyConfig, forgetters []shopmind.Forgetter) *privacy.Service {
	return &privacy.Service{Store: store, Forgetters: forgetters, Events: shopmind.EraseEvents(c.EraseEvents)}
}

// storedModelForgetters returns a recommendation service per model family
// over store, serving nothing: their Forget removes a user from the
// family's stored versions (for the CLI, which has no served models).
func storedModelForgetters(store shopmind.Store, cfg Config) []shopmind.Forgetter {
	var out []shopmind.Forgetter
	for _, name := range recommend.Names() {
		sc := cfg.recommendConfig()
		sc.Model = name
		out = append(out, recserve.NewService(store, sc))
	}
	return out
}

// newPrivacy builds erasure and export (admin). Erasure removes the user
// from every in-memory model in forgetters (those holding per-user state:
// every recommendation family's service, the insights snapshot) as well as
// from the store.
func newPrivacy(b base, forgetters []shopmind.Forgetter) *privacy.Service {
	p := newPrivacyService(b.store, b.cfg.Privacy, forgetters)
	p.Logger = b.logger.With("capability", "privacy")
	return p
}

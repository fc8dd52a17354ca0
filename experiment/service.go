package experiment

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.Experiments = (*Service)(nil)

// Service implements shopmind.Experiments on a store.
type Service struct {
	Store shopmind.ExperimentStore
	// Now returns the current time; tests and simulations replace it.
	Now func() time.Time
	// NewID returns a new recommendation id for exposures logged without
	// one; the default is 16 random bytes in hex.
	NewID func() string
	// Models, when set, serves the variants' models: Create refuses a
	// variant naming a model it cannot serve and has it loaded or trained,
	// and an experiment starts only once its variants' models are ready.
	// nil accepts any model name (a simulation serves its own).
	Models Models
}

// NewService returns a Service on store with the real clock.
func NewService(store shopmind.ExperimentStore) *Service {
	return &Service{Store: store, Now: time.Now, NewID: randomID}
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Create validates and stores e. A variant naming a model Models cannot
// serve is EINVALID (field "variants[i].config.model"); the others are
// loaded or trained in the background. A running experiment must state its
// horizon, no other experiment may run on its surface or an alias of it
// (ECONFLICT, field "surface"), and its models must be ready (ECONFLICT,
// field "variants[i].config.model").
func (s *Service) Create(ctx context.Context, e *shopmind.Experiment) error {
	if e == nil {
		return shopmind.FieldErrorf("id", "experiment is missing")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if err := s.checkModels(e); err != nil {
		return err
	}
	if e.EndedAt != nil || (e.StartedAt != nil && e.Status != shopmind.ExperimentRunning) {
		return shopmind.FieldErrorf("status", "set started_at and ended_at through start and stop")
	}
	switch e.Status {
	case shopmind.ExperimentStopped:
		return shopmind.FieldErrorf("status", "a new experiment is a draft or running, not stopped")
	case shopmind.ExperimentRunning:
		return s.Store.Tx(ctx, func(tx shopmind.Store) error {
			if err := s.startable(ctx, tx, e); err != nil {
				return err
			}
			if err := s.prepareModels(e, true); err != nil {
				return err
			}
			now := s.Now().UTC()
			e.StartedAt = &now
			return tx.CreateExperiment(ctx, e)
		})
	}
	e.StartedAt = nil
	if err := s.Store.CreateExperiment(ctx, e); err != nil {
		return err
	}
	_ = s.prepareModels(e, false) // a draft's models get ready meanwhile
	return nil
}

// startable checks that e may run: it has a horizon and its surface (with
// its aliases: one route) is free.
func (s *Service) startable(ctx context.Context, tx shopmind.Store, e *shopmind.Experiment) error {
	if e.Horizon <= 0 {
		return shopmind.FieldErrorf("horizon", "state the horizon (users per variant) before starting: results are only read there, which guards against peeking")
	}
	running, err := runningOn(ctx, tx, e.Surface)
	if err != nil {
		return err
	}
	for _, r := range running {
		if r.ID != e.ID {
			msg := fmt.Sprintf("experiment %q already runs on surface %q; stop it first", r.ID, r.Surface)
			if r.Surface != e.Surface {
				msg = fmt.Sprintf("experiment %q already runs on surface %q, which serves the same route as %q; stop it first", r.ID, r.Surface, e.Surface)
			}
			return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "surface", Message: msg}
		}
	}
	return nil
}

// runningOn returns the running experiments on surface or an alias of it,
// in id order. One query: few experiments run at a time.
func runningOn(ctx context.Context, store shopmind.ExperimentService, surface string) ([]*shopmind.Experiment, error) {
	running, err := store.Experiments(ctx, shopmind.ExperimentFilter{Status: shopmind.ExperimentRunning})
	if err != nil {
		return nil, err
	}
	aliases := Aliases(surface)
	return slices.DeleteFunc(running, func(e *shopmind.Experiment) bool { return !slices.Contains(aliases, e.Surface) }), nil
}

// Start moves a draft experiment to running; ECONFLICT when it is not a
// draft, another experiment runs on its surface (field "surface") or a
// variant's model is not ready yet (field "variants[i].config.model").
func (s *Service) Start(ctx context.Context, id string) (*shopmind.Experiment, error) {
	var out *shopmind.Experiment
	err := s.Store.Tx(ctx, func(tx shopmind.Store) error {
		e, err := tx.Experiment(ctx, id)
		if err != nil {
			return err
		}
		if e.Status != shopmind.ExperimentDraft {
			return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "status", Message: fmt.Sprintf("experiment %q is %s, only a draft can start", id, e.Status)}
		}
		if err := s.startable(ctx, tx, e); err != nil {
			return err
		}
		if err := s.checkModels(e); err != nil {
			return err
		}
		if err := s.prepareModels(e, true); err != nil {
			return err
		}
		now := s.Now().UTC()
		e.Status, e.StartedAt = shopmind.ExperimentRunning, &now
		if err := tx.UpdateExperiment(ctx, e); err != nil {
			return err
		}
		out = e
		return nil
	})
	return out, err
}

// Stop moves a running experiment to stopped; ECONFLICT when it is not
// running.
func (s *Service) Stop(ctx context.Context, id string) (*shopmind.Experiment, error) {
	var out *shopmind.Experiment
	err := s.Store.Tx(ctx, func(tx shopmind.Store) error {
		e, err := tx.Experiment(ctx, id)
		if err != nil {
			return err
		}
		if e.Status != shopmind.ExperimentRunning {
			return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "status", Message: fmt.Sprintf("experiment %q is %s, only a running one can stop", id, e.Status)}
		}
		now := s.Now().UTC()
		e.Status, e.EndedAt = shopmind.ExperimentStopped, &now
		if err := tx.UpdateExperiment(ctx, e); err != nil {
			return err
		}
		out = e
		return nil
	})
	return out, err
}

// Assign returns the variant of the experiment running on surface, or on
// an alias of it (see Aliases), that userID gets, or nil when none runs
// there.
func (s *Service) Assign(ctx context.Context, surface, userID string) (*shopmind.Assignment, error) {
	if err := shopmind.ValidateID("surface", surface); err != nil {
		return nil, err
	}
	if err := shopmind.ValidateID("user_id", userID); err != nil {
		return nil, err
	}
	running, err := runningOn(ctx, s.Store, surface)
	if err != nil {
		return nil, err
	}
	if len(running) == 0 {
		return nil, nil
	}
	e := running[0]
	v := Pick(e, userID)
	return &shopmind.Assignment{ExperimentID: e.ID, Variant: v.Name, Config: v.Config}, nil
}

// LogExposure records an exposure of a running experiment. A missing time
// becomes now and a missing recommendation id a new random one (set on x).
// It returns EINVALID (field "variant") for a variant the experiment does
// not have or one the user is not assigned to, and ECONFLICT (field
// "experiment_id") when the experiment is not running.
func (s *Service) LogExposure(ctx context.Context, x *shopmind.Exposure) error {
	if x == nil {
		return shopmind.FieldErrorf("experiment_id", "exposure is missing")
	}
	if x.Time.IsZero() {
		x.Time = s.Now().UTC()
	}
	if x.RecommendationID == "" {
		x.RecommendationID = s.NewID()
	}
	if err := x.Validate(); err != nil {
		return err
	}
	e, err := s.Store.Experiment(ctx, x.ExperimentID)
	if err != nil {
		return err
	}
	if e.Status != shopmind.ExperimentRunning {
		return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "experiment_id", Message: fmt.Sprintf("experiment %q is %s, not running", e.ID, e.Status)}
	}
	if _, ok := e.Variant(x.Variant); !ok {
		return shopmind.FieldErrorf("variant", "variant %q is not one of experiment %q's variants", x.Variant, e.ID)
	}
	if v := Pick(e, x.UserID); v.Name != x.Variant {
		return shopmind.FieldErrorf("variant", "user %q is assigned to variant %q, not %q", x.UserID, v.Name, x.Variant)
	}
	_, err = s.Store.AddExposures(ctx, []*shopmind.Exposure{x})
	return err
}

// Results attributes the clicks and purchases that followed the
// experiment's exposures and reports them per variant.
func (s *Service) Results(ctx context.Context, id string) (*shopmind.ExperimentResults, error) {
	e, err := s.Store.Experiment(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	prices := map[string]float64{}
	var priceErr error
	price := func(itemID string) float64 {
		if p, ok := prices[itemID]; ok {
			return p
		}
		it, err := s.Store.Item(ctx, itemID)
		switch {
		case err == nil:
			prices[itemID] = it.Price
		case shopmind.ErrorCode(err) == shopmind.ENOTFOUND:
			prices[itemID] = 0 // a deleted item: its sale counts, its revenue cannot
		default:
			priceErr = err
		}
		return prices[itemID]
	}
	a := NewAttributor(e, price)
	var first, last time.Time
	for x, err := range shopmind.All(ctx, shopmind.ListExposures(s.Store, shopmind.ExposureFilter{ExperimentID: id})) {
		if err != nil {
			return nil, fmt.Errorf("results %s: %w", id, err)
		}
		if first.IsZero() {
			first = x.Time
		}
		last = x.Time
		a.AddExposure(x)
	}
	if !first.IsZero() {
		until := last.Add(e.Window() + time.Microsecond)
		for _, typ := range []shopmind.EventType{shopmind.EventClick, shopmind.EventPurchase} {
			if err := s.scanEvents(ctx, typ, first, until, a); err != nil {
				return nil, fmt.Errorf("results %s: %w", id, err)
			}
		}
	}
	if priceErr != nil {
		return nil, fmt.Errorf("results %s: item price: %w", id, priceErr)
	}
	return Report(e, a.Tallies(), now), nil
}

func (s *Service) scanEvents(ctx context.Context, typ shopmind.EventType, since, until time.Time, a *Attributor) error {
	for ev, err := range shopmind.All(ctx, shopmind.ListEvents(s.Store, shopmind.EventFilter{Type: typ, Since: since, Until: until})) {
		if err != nil {
			return err
		}
		a.AddEvent(ev)
	}
	return nil
}

package serve

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// ModelPrefix starts the name of every recommendation model in the store:
// "recommend/hybrid", "recommend/ease", ...
const ModelPrefix = "recommend/"

// Defaults of ServiceConfig fields left zero.
const (
	DefaultHistoryLimit = 500
	DefaultReloadEvery  = time.Minute
	DefaultHoldout      = 0.2
)

// ServiceConfig configures a Service.
type ServiceConfig struct {
	// Model is the family served and trained by default, e.g. "hybrid".
	Model string
	// Weights turn event types into implicit-feedback weights.
	Weights recommend.Weights
	// Exclude says which items a user already has stay out of their lists
	// (and of the holdout evaluation, which ranks as serving does). Nil
	// Exclude.Events means DefaultExclusion's; an empty, non-nil list
	// excludes by no event type (disliked items are still left out).
	Exclude recommend.Exclusion
	// RetrainEvery retrains the served model on this schedule; 0 never does.
	RetrainEvery time.Duration
	// ReloadEvery is how often Run re-reads the catalog (stock, prices,
	// titles) and, unless PollEvery is set, looks for a newer stored version.
	ReloadEvery time.Duration
	// PollEvery is how often Run looks for a newer stored version (saved
	// by the leading node, or by "shopmind train recommend" in another
	// process); ReloadEvery when zero. Where the store announces new
	// versions (Wake), polling is only a fallback and may be rare.
	PollEvery time.Duration
	// HistoryLimit is how many of a user's events since training (the
	// most recent) are read at request time.
	HistoryLimit int
	// Holdout is the share of each user's events held out to evaluate a
	// trained model before it is refitted on everything (DefaultHoldout when
	// zero); a negative value skips the evaluation.
	Holdout float64
	// Seed makes the holdout split reproducible.
	Seed uint64
	// TrendWindow is the "this week" of "popular this week".
	TrendWindow time.Duration
	// EventSkew is how far after Now an event may be dated and still be
	// trained on (shopmind.DefaultEventSkew when zero): later events have
	// a wrong clock or year and are left out.
	EventSkew time.Duration
	// Tune chooses the model's hyper-parameters from its grid (see Grid)
	// by NDCG on a validation split carved from the training events only
	// (never the holdout), before the holdout evaluation and the final fit.
	Tune bool
}

// DefaultServiceConfig returns the hybrid model, DefaultWeights,
// DefaultExclusion, no scheduled retraining, a 20% holdout and
// shopmind.DefaultEventSkew.
func DefaultServiceConfig() ServiceConfig {
	return ServiceConfig{Model: "hybrid", Weights: recommend.DefaultWeights(), Exclude: recommend.DefaultExclusion(), HistoryLimit: DefaultHistoryLimit,
		ReloadEvery: DefaultReloadEvery, Holdout: DefaultHoldout, Seed: 42, TrendWindow: recommend.DefaultTrendWindow,
		EventSkew: shopmind.DefaultEventSkew}
}

// Hash identifies the configuration that shapes a trained model: the
// family (with its default parameters), the event weights and the trend
// window. The holdout split only affects the stored metrics, not the model,
// so it is not part of it.
func (c ServiceConfig) Hash(model string) string {
	h := sha256.New()
	fmt.Fprintf(h, "model=%s weights=%+v trend=%s", model, c.Weights, c.TrendWindow)
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Service is the recommendation engine over a store (what
// shopmind.RecommendStore lists): it trains models from its events and
// items, saves them as versioned models, serves the newest one and swaps to
// a new version atomically, so requests in flight finish on the version they started with. It implements
// shopmind.Recommender. Create it with NewService; exported fields may be
// changed before first use.
type Service struct {
	Store  shopmind.RecommendStore
	Config ServiceConfig
	Now    func() time.Time
	Logger *slog.Logger
	Random io.Reader // recommendation ids (crypto/rand)
	// Started, when set, is called once Run has loaded (or failed to load
	// or train) its first model.
	Started func()
	// Background, when set, runs Run's periodic jobs (reload, catalog
	// refresh, retrain): serve runs heavy jobs one at a time through it.
	Background func(ctx context.Context, job func(context.Context) error) error
	// Segments, when set, names the customer segment of users (user id ->
	// segment) for the holdout evaluation by user group; an error leaves
	// segments out of that training's report.
	Segments func(ctx context.Context) (map[string]string, error)
	// Leading, when set, tells whether this process trains. Several serve
	// processes on one store elect one leader: Run trains (when no version
	// is stored, and every RetrainEvery) only while Leading returns true,
	// and otherwise serves the versions the leader saves. Nil: always.
	Leading func() bool
	// TrainOutside, when set, trains model (the family's default
	// parameters) outside this process and saves it to the store as a new
	// version: serve runs "shopmind train recommend" as a child process at
	// the lowest CPU priority, so that training's allocations and CPU stay
	// out of the process answering requests. Run's trainings then serve
	// the version it saved. When it fails (not cancelled), the training
	// runs in this process, as without it.
	TrainOutside func(ctx context.Context, model string) error
	// Tail, when set, keeps the events that arrived since the served
	// model's training in memory, so that requests do not read the store
	// for them (see Tail). Nil: every request reads the user's recent
	// events from the store.
	Tail *Tail

	cur atomic.Pointer[recommend.Serving]
	// items is the catalog last read, with its version.
	items atomic.Pointer[catalogCopy]
	// forgotten holds the ids of users erased while the service ran
	// (Forget), with the store's event sequence at their erasure: a
	// version trained on data read before it, loaded or trained later, is
	// served and saved without them too.
	forgotten sync.Map
	wake      chan struct{} // Wake's signal to Run, one pending at most
}

var _ shopmind.Recommender = (*Service)(nil)

// NewService returns a Service over store with config; zero config fields
// take their defaults.
func NewService(store shopmind.RecommendStore, config ServiceConfig) *Service {
	d := DefaultServiceConfig()
	if config.Model == "" {
		config.Model = d.Model
	}
	if config.Weights == (recommend.Weights{}) {
		config.Weights = d.Weights
	}
	if config.Exclude.Events == nil {
		config.Exclude.Events = d.Exclude.Events
	}
	if config.HistoryLimit <= 0 {
		config.HistoryLimit = d.HistoryLimit
	}
	if config.ReloadEvery <= 0 {
		config.ReloadEvery = d.ReloadEvery
	}
	if config.Holdout == 0 {
		config.Holdout = d.Holdout
	}
	if config.TrendWindow <= 0 {
		config.TrendWindow = d.TrendWindow
	}
	if config.EventSkew <= 0 {
		config.EventSkew = d.EventSkew
	}
	if config.PollEvery <= 0 {
		config.PollEvery = config.ReloadEvery
	}
	return &Service{Store: store, Config: config, Now: time.Now, Logger: slog.New(slog.DiscardHandler), Random: rand.Reader,
		wake: make(chan struct{}, 1)}
}

// Wake tells Run that a newer version may be stored (another node saved
// one) or that this process now leads: Run reloads at once, rather than at
// its next poll, and trains when it leads and the served version is missing
// or older than RetrainEvery. It never blocks.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// leading reports whether this process trains (see Leading).
func (s *Service) leading() bool { return s.Leading == nil || s.Leading() }

// trainDue reports whether Run should train now that it leads: no version
// is served, or the served one is older than RetrainEvery.
func (s *Service) trainDue() bool {
	if !s.leading() {
		return false
	}
	cur := s.cur.Load()
	return cur == nil || s.Config.RetrainEvery > 0 && s.Now().Sub(cur.Meta().CreatedAt) >= s.Config.RetrainEvery
}

// Current returns the metadata of the model being served, or nil.
func (s *Service) Current() *shopmind.Model {
	if sv := s.cur.Load(); sv != nil {
		m := *sv.Meta()
		return &m
	}
	return nil
}

// Load serves the newest stored version of the configured model. It
// returns ENOTFOUND when none was trained.
func (s *Service) Load(ctx context.Context) error {
	m, err := s.Store.Model(ctx, ModelPrefix+s.Config.Model, 0)
	if err != nil {
		return err
	}
	return s.Swap(ctx, m)
}

// Swap starts serving m (a stored recommendation model with its Data).
// Requests already running finish on the previous model.
func (s *Service) Swap(ctx context.Context, m *shopmind.Model) error {
	return s.swap(ctx, m, false)
}

// swap serves m; with newerOnly, not when a newer version of m's model
// was swapped in meanwhile (announced versions load while Run polls or
// trains, and the later of two loads must not win over the newer).
func (s *Service) swap(ctx context.Context, m *shopmind.Model, newerOnly bool) error {
	sv, err := s.newServing(ctx, m)
	if err != nil {
		return fmt.Errorf("load %s v%d: %w", m.Name, m.Version, err)
	}
	for _, id := range s.forgottenAt(sv.Artifact().Hist.Seq) {
		if n, ok := sv.Without(id); ok {
			sv = n
		}
	}
	for {
		cur := s.cur.Load()
		if newerOnly && cur != nil && cur.Meta().Name == m.Name && cur.Meta().Version >= m.Version {
			return nil
		}
		if s.cur.CompareAndSwap(cur, sv) {
			break
		}
	}
	if s.Tail != nil {
		after := int64(0)
		if sv.Artifact().Hist.Usable(len(sv.Bundle().Users)) {
			after = sv.Artifact().Hist.Seq
		}
		s.Tail.hold(s, after, s.Config.HistoryLimit)
	}
	s.Logger.Info("serving recommendation model", "model", m.Name, "version", m.Version)
	return nil
}

// Run keeps the service current until ctx is cancelled: it loads the newest
// model (training one first when none exists, the store has events and this
// process leads), reloads when a newer version is stored (at once when woken,
// see Wake, otherwise every PollEvery), and retrains every
// Config.RetrainEvery while it leads; every ReloadEvery it also re-reads the
// catalog when its version moved, so stock, price and new titles reach the
// filters. Failures are
// logged and retried at the next tick.
func (s *Service) Run(ctx context.Context) error {
	if err := s.Load(ctx); err != nil {
		switch {
		case shopmind.ErrorCode(err) != shopmind.ENOTFOUND:
			s.Logger.Error("load recommendation model", "error", err)
		case !s.leading():
			s.Logger.Info("no recommendation model yet; the leading node trains it", "model", s.Config.Model)
		default:
			if err := s.retrain(ctx); err != nil && ctx.Err() == nil {
				s.Logger.Warn("no recommendation model yet", "error", err)
			}
		}
	}
	if s.Started != nil {
		s.Started()
	}
	job := func(f func(context.Context) error) error {
		if s.Background != nil {
			return s.Background(ctx, f)
		}
		return f(ctx)
	}
	reload := time.NewTicker(s.Config.ReloadEvery)
	defer reload.Stop()
	var poll <-chan time.Time
	if s.Config.PollEvery != s.Config.ReloadEvery {
		t := time.NewTicker(s.Config.PollEvery)
		defer t.Stop()
		poll = t.C
	}
	var retrain <-chan time.Time
	if s.Config.RetrainEvery > 0 {
		t := time.NewTicker(s.Config.RetrainEvery)
		defer t.Stop()
		retrain = t.C
	}
	// Announced versions are swapped at once, by a goroutine of their
	// own: not queued behind heavy jobs this loop may wait for (loading a
	// version is a few reads). A training due then runs in this loop.
	trainNow := make(chan struct{}, 1)
	woken := make(chan struct{})
	defer func() { <-woken }()
	go func() {
		defer close(woken)
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.wake:
			}
			if err := s.reloadIfNewer(ctx); err != nil && ctx.Err() == nil {
				s.Logger.Error("reload recommendation model", "error", err)
			}
			if s.trainDue() {
				select {
				case trainNow <- struct{}{}:
				default:
				}
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-reload.C:
			if poll == nil {
				if err := job(s.reloadIfNewer); err != nil && ctx.Err() == nil {
					s.Logger.Error("reload recommendation model", "error", err)
				}
			}
			if err := job(s.RefreshCatalog); err != nil && ctx.Err() == nil {
				s.Logger.Error("refresh catalog", "error", err)
			}
		case <-poll:
			if err := job(s.reloadIfNewer); err != nil && ctx.Err() == nil {
				s.Logger.Error("reload recommendation model", "error", err)
			}
		case <-trainNow:
			if s.trainDue() {
				train := job
				if s.cur.Load() == nil {
					train = func(f func(context.Context) error) error { return f(ctx) } // as at startup
				}
				if err := train(s.retrain); err != nil && ctx.Err() == nil {
					s.Logger.Error("train recommendation model", "error", err)
				}
			}
		case <-retrain:
			if !s.leading() {
				continue
			}
			if err := job(s.retrain); err != nil && ctx.Err() == nil {
				s.Logger.Error("retrain recommendation model", "error", err)
			}
		}
	}
}

// RefreshCatalog re-reads the store's items (stock, prices, titles, active)
// for the served version, without reloading the model, when the catalog
// version moved since they were last read (shopmind.CatalogVersioner).
func (s *Service) RefreshCatalog(ctx context.Context) error {
	cur := s.cur.Load()
	if cur == nil {
		return nil
	}
	items, fresh, err := s.catalog(ctx)
	if err != nil || !fresh {
		return err // unchanged since the served copy was read: nothing to do
	}
	sv := cur.WithCatalog(items)
	// Swap only if no newer version was loaded meanwhile.
	s.cur.CompareAndSwap(cur, sv)
	return nil
}

func (s *Service) retrain(ctx context.Context) error {
	if s.TrainOutside != nil {
		err := s.TrainOutside(ctx, s.Config.Model)
		if err == nil {
			return s.loadTrainedOutside(ctx)
		}
		if ctx.Err() != nil {
			return err
		}
		s.Logger.Warn("training outside this process failed; training here", "model", s.Config.Model, "error", err)
	}
	m, err := s.Train(ctx, s.Config.Model, nil)
	if err != nil {
		return err
	}
	return s.Swap(ctx, m)
}

// loadTrainedOutside serves the newest stored version, the one
// TrainOutside saved, and removes from the store the users erased in this
// process after that training read the store (the serving copy is already
// without them, see swap): what Train does before it saves.
func (s *Service) loadTrainedOutside(ctx context.Context) error {
	if err := s.reloadIfNewer(ctx); err != nil {
		return err
	}
	cur := s.cur.Load()
	if cur == nil {
		return shopmind.Errorf(shopmind.EUNAVAILABLE, "no %s model is stored after training it outside this process", s.Config.Model)
	}
	for _, id := range s.forgottenAt(cur.Artifact().Hist.Seq) {
		if _, err := s.forgetStored(ctx, ModelPrefix+s.Config.Model, id); err != nil {
			return err
		}
	}
	return nil
}

// reloadIfNewer swaps to the newest stored version when it is newer than the
// one served.
func (s *Service) reloadIfNewer(ctx context.Context) error {
	list, err := s.Store.Models(ctx, ModelPrefix+s.Config.Model)
	if err != nil {
		return err
	}
	newest := 0
	for _, m := range list {
		newest = max(newest, m.Version)
	}
	if cur := s.cur.Load(); newest == 0 || cur != nil && cur.Meta().Version >= newest {
		return nil
	}
	m, err := s.Store.Model(ctx, ModelPrefix+s.Config.Model, newest)
	if err != nil {
		return err
	}
	return s.swap(ctx, m, true)
}

// newID returns a fresh recommendation id.
func (s *Service) newID() string {
	var b [12]byte
	if _, err := io.ReadFull(s.Random, b[:]); err != nil {
		// crypto/rand does not fail; a custom reader that does still gets a
		// usable, if guessable, id.
		return fmt.Sprintf("r%x", s.Now().UnixNano())
	}
	return "r" + hex.EncodeToString(b[:])
}

package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/fairness"
	"github.com/shopmind/shopmind/privacy"
	"github.com/shopmind/shopmind/recommend"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

// RecommendConfig is the [recommend] section: which model serve trains and
// serves, how often it retrains, and how events weigh.
type RecommendConfig struct {
	Model        string   `toml:"model"`         // model family: hybrid (default), ease, sparse-ease, als, bpr, itemknn, userknn, content, neumf, popularity
	RetrainEvery Duration `toml:"retrain_every"` // retrain schedule of serve, e.g. "24h"; "0" never
	HistoryLimit int      `toml:"history_limit"` // most of a user's events since training read per request
	Holdout      float64  `toml:"holdout"`       // share of each user's events held out to evaluate a training; 0 skips it
	// ExcludeEvents are the event types that take an item out of a user's
	// lists (and of the holdout evaluation) once they have one on it:
	// purchase, rating, dislike, return by default; [] excludes only
	// disliked items (a summed weight <= 0).
	ExcludeEvents []string `toml:"exclude_events"`
	// Repurchasable are category paths of consumables, e.g. "Grocery/Coffee":
	// items in them or below stay recommendable after a purchase, rating or
	// like (not after a dislike or return).
	Repurchasable []string         `toml:"repurchasable"`
	Weights       RecommendWeights `toml:"weights"`
	// RecentEventsMax bounds the events serve keeps in memory since the
	// served model's training, so that requests do not read the store for
	// them (recserve.Tail); 0 turns that off (every request reads).
	RecentEventsMax int `toml:"recent_events_max"`
	// RecentEventsEvery is how often serve reads the events stored since
	// its last look (what another process imported counts from then on);
	// 0 means 1s on SQLite and 5s on PostgreSQL, where the read takes a
	// lock that holds event writers back for up to 100 ms.
	RecentEventsEvery Duration `toml:"recent_events_every"`
	// TrainInChild makes serve train in a child process ("shopmind train
	// recommend" at nice 19) rather than in its own, so that training's
	// allocations and CPU do not slow the requests; if the child cannot
	// run, serve trains in its own process.
	TrainInChild bool `toml:"train_in_child"`
}

// RecommendWeights are the implicit-feedback weights of event types: a
// user's weights for one item are summed, and a sum <= 0 means "never
// recommend it to them".
type RecommendWeights struct {
	View      float64 `toml:"view"`
	Click     float64 `toml:"click"`
	Cart      float64 `toml:"cart"`
	Purchase  float64 `toml:"purchase"`
	Like      float64 `toml:"like"`
	Dislike   float64 `toml:"dislike"`
	Return    float64 `toml:"return"`
	Rating    float64 `toml:"rating"`     // a rating of at least min_rating stars; lower ones weigh as dislike
	MinRating float64 `toml:"min_rating"` // stars
}

// defaultRecommendConfig returns the [recommend] defaults.
func defaultRecommendConfig() RecommendConfig {
	w := recommend.DefaultWeights()
	var excl []string
	for _, t := range recommend.DefaultExclusion().Events {
		excl = append(excl, string(t))
	}
	return RecommendConfig{Model: "hybrid", RetrainEvery: Duration{24 * time.Hour}, HistoryLimit: recserve.DefaultHistoryLimit,
		Holdout: recserve.DefaultHoldout, ExcludeEvents: excl, Repurchasable: []string{}, Weights: RecommendWeights{View: float64(w.View), Click: float64(w.Click), Cart: float64(w.Cart),
			Purchase: float64(w.Purchase), Like: float64(w.Like), Dislike: float64(w.Dislike), Return: float64(w.Return),
			Rating: float64(w.Rating), MinRating: w.MinRating}, RecentEventsMax: recserve.DefaultTailMaxEvents, TrainInChild: true}
}

// validate checks the section; errors name the field.
func (c RecommendConfig) validate() error {
	bad := func(field, format string, args ...any) error {
		return &shopmind.Error{Code: shopmind.EINVALID, Field: field, Message: "config: " + field + ": " + fmt.Sprintf(format, args...)}
	}
	if _, err := recommend.New(c.Model); err != nil {
		return bad("recommend.model", "%s", shopmind.ErrorMessage(err))
	}
	if d := c.RetrainEvery.Duration; d < 0 || d > 0 && d < time.Minute {
		return bad("recommend.retrain_every", "%s is neither 0 (never) nor at least 1m", d)
	}
	if c.HistoryLimit < 1 || c.HistoryLimit > 100_000 {
		return bad("recommend.history_limit", "%d is not from 1 to 100000", c.HistoryLimit)
	}
	if c.RecentEventsMax < 0 || c.RecentEventsMax > 100_000_000 {
		return bad("recommend.recent_events_max", "%d is not from 0 (off) to 100000000", c.RecentEventsMax)
	}
	if d := c.RecentEventsEvery.Duration; d < 0 || d > time.Hour {
		return bad("recommend.recent_events_every", "%s is not from 0 (the default) to 1h", d)
	}
	if c.Holdout < 0 || c.Holdout >= 1 || math.IsNaN(c.Holdout) {
		return bad("recommend.holdout", "%g is not in [0, 1)", c.Holdout)
	}
	if err := c.exclusion().Validate(); err != nil {
		field := "recommend.exclude_events"
		if shopmind.ErrorField(err) == "repurchasable" {
			field = "recommend.repurchasable"
		}
		return bad(field, "%s", shopmind.ErrorMessage(err))
	}
	w := c.Weights
	for _, f := range []struct {
		name string
		v    float64
	}{{"view", w.View}, {"click", w.Click}, {"cart", w.Cart}, {"purchase", w.Purchase}, {"like", w.Like},
		{"dislike", w.Dislike}, {"return", w.Return}, {"rating", w.Rating}, {"min_rating", w.MinRating}} {
		if math.IsNaN(f.v) || math.Abs(f.v) > 1000 {
			return bad("recommend.weights."+f.name, "%g is not a number from -1000 to 1000", f.v)
		}
	}
	if w.Purchase <= 0 {
		return bad("recommend.weights.purchase", "must be positive")
	}
	return nil
}

// applyEnv overrides the section from SHOPMIND_RECOMMEND_MODEL and
// SHOPMIND_RECOMMEND_RETRAIN_EVERY.
func (c *RecommendConfig) applyEnv(getenv func(string) string) error {
	if v := getenv("SHOPMIND_RECOMMEND_MODEL"); v != "" {
		c.Model = v
	}
	if v := getenv("SHOPMIND_RECOMMEND_RETRAIN_EVERY"); v != "" {
		if err := c.RetrainEvery.UnmarshalText([]byte(v)); err != nil {
			return &shopmind.Error{Code: shopmind.EINVALID, Field: "recommend.retrain_every", Message: "SHOPMIND_RECOMMEND_RETRAIN_EVERY: " + err.Error()}
		}
	}
	return nil
}

// serviceConfig turns the section into the engine's configuration.
func (c RecommendConfig) serviceConfig() recserve.ServiceConfig {
	sc := recserve.DefaultServiceConfig()
	sc.Model = c.Model
	sc.RetrainEvery = c.RetrainEvery.Duration
	sc.HistoryLimit = c.HistoryLimit
	sc.Holdout = c.Holdout
	if c.Holdout == 0 {
		sc.Holdout = -1 // the service reads 0 as "default"; the config's 0 means "skip"
	}
	sc.Exclude = c.exclusion()
	w := c.Weights
	sc.Weights = recommend.Weights{View: float32(w.View), Click: float32(w.Click), Cart: float32(w.Cart), Purchase: float32(w.Purchase),
		Like: float32(w.Like), Dislike: float32(w.Dislike), Return: float32(w.Return), Rating: float32(w.Rating), MinRating: w.MinRating}
	return sc
}

// recentEvents returns serve's tail of recent events over store, or nil
// when recent_events_max is 0.
func (c RecommendConfig) recentEvents(store shopmind.ArrivalReader, driver string, logger *slog.Logger) *recserve.Tail {
	if c.RecentEventsMax == 0 {
		return nil
	}
	t := recserve.NewTail(store)
	t.MaxEvents, t.Logger = c.RecentEventsMax, logger.With("capability", "recommend")
	switch {
	case c.RecentEventsEvery.Duration > 0:
		t.Every = c.RecentEventsEvery.Duration
	case driver == "postgres":
		t.Every = 5 * time.Second
	}
	return t
}

// exclusion is the section's recommend.Exclusion; an empty exclude_events
// stays empty (not the default).
func (c RecommendConfig) exclusion() recommend.Exclusion {
	x := recommend.Exclusion{Events: []shopmind.EventType{}, Repurchasable: c.Repurchasable}
	for _, t := range c.ExcludeEvents {
		x.Events = append(x.Events, shopmind.EventType(strings.TrimSpace(t)))
	}
	return x
}

// recommendation is what the recommendation capability gives serve and
// the capabilities built after it.
type recommendation struct {
	// svc keeps the served model current (the startup model).
	svc *recserve.Service
	// shared is the one in-memory recommendation service for guided
	// shopping and campaign targets: users who refuse personalisation get
	// the anonymous lists; no experiment exposures are logged.
	shared shopmind.Recommender
	// api is what the API serves: users in an experiment get their
	// variant's model with the exposure logged, users who refuse
	// personalisation the anonymous lists, and every list is counted in
	// tally for the fairness report.
	api   shopmind.Recommender
	tally *fairness.Tally
	// forgetters are svc and every variant family's service, which erasure
	// removes a user from.
	forgetters []shopmind.Forgetter
}

// startRecommend builds the recommendation services and keeps the served
// model current in the background: it loads the newest stored version
// (training one when none exists), picks up versions saved by "shopmind
// train recommend", and retrains every recommend.retrain_every. Experiment
// variants naming other models get them (serve_variants.go). segments names
// every customer's segment for the holdout evaluation by group.
func startRecommend(ctx context.Context, b base, exps *experiment.Service, segments func(context.Context) (map[string]string, error)) *recommendation {
	// Its periodic jobs run through b.jobs.Heavy, whose store reads are
	// paced; requests and the startup load are not (serve_background.go).
	sc := b.cfg.recommendConfig()
	sc.PollEvery = b.cfg.Cluster.pollEvery(b.cfg.Store.Driver)
	svc := recserve.NewService(b.paced(), sc)
	svc.Logger = b.logger.With("capability", "recommend")
	svc.Segments = segments
	svc.Tail = b.tail
	svc.TrainOutside = b.trainOutside
	b.followLeader(svc)
	// The served model is the startup model: heavy background work of the
	// other capabilities waits for it, and the periodic reloads, catalog
	// refreshes and retrains take their turn with theirs.
	svc.Started = b.jobs.StartupDone
	svc.Background = func(ctx context.Context, job func(context.Context) error) error { return b.jobs.Heavy(job)(ctx) }
	// Users who refuse personalisation get the anonymous lists, from the
	// API and from the assistant alike (privacy.ConsentRecommender).
	r := &recommendation{svc: svc, shared: &privacy.ConsentRecommender{Next: svc, Consents: b.hot.consents}}

	// Users in an experiment running on a recommendation route get their
	// variant's model (loaded or trained when an experiment names it,
	// serve_variants.go; "none" is a hold-out that shows nothing), and
	// every list served is logged as an exposure.
	models := newVariants(ctx, b, svc)
	r.forgetters = []shopmind.Forgetter{svc}
	for _, v := range models.Others() {
		r.forgetters = append(r.forgetters, v) // erasure reaches every family's models
	}
	exps.Models = models
	api := &experiment.Recommender{Default: svc, Variants: models.Recommenders(), Experiments: exps, Logger: svc.Logger}
	// At start, and then every minute for experiments created through
	// another node sharing the store.
	b.jobs.Go(func() {
		for {
			if err := exps.PrepareModels(ctx); err != nil && ctx.Err() == nil {
				svc.Logger.Error("prepare the models of stored experiments", "error", err)
			}
			if !sleepCtx(ctx, experimentsRescan) {
				return
			}
		}
	})
	// Every list the API serves is counted for the fairness report.
	r.tally = fairness.NewTally(time.Now(), 0)
	r.api = &fairness.Recommender{Next: &privacy.ConsentRecommender{Next: api, Consents: b.hot.consents}, Tally: r.tally}
	b.jobs.Go(func() { svc.Run(ctx) })
	if b.tail != nil {
		b.jobs.Go(func() { b.tail.Run(ctx) })
	}
	return r
}

// experimentsRescan is how often serve looks for experiments that another
// node created, to start serving their variants' models.
const experimentsRescan = time.Minute

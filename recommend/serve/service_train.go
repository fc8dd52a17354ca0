package serve

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// EvalK is the cutoff of the metrics a Service stores with each model.
const EvalK = 10

// shopData is a snapshot of the store used for training.
type shopData struct {
	inter     []recommend.Interaction
	purchases [][2]string // (user, item) of purchase events
	catalog   []*shopmind.Item
	events    int
	pairs     map[recommend.PairKey]*recommend.PairAgg // per user and item, every event
	seq       int64                                    // the store's arrival sequence the events were read up to
	future    int                                      // events left out for being dated beyond the allowed skew
	first     time.Time                                // the oldest and newest event read
	last      time.Time
	refused   int // events left out because their user refuses personalisation
}

// readShop reads every event and item of the store: the events that had
// arrived when it started (up to the store's arrival sequence then, so
// that requests merge exactly the later ones), except those dated more
// than Config.EventSkew after Now, whose times are wrong and would make the
// data's "this week" a week of another year, and except the events of
// users who refuse personalisation (shopmind.Consent), read once at the
// start.
func (s *Service) readShop(ctx context.Context, progress recommend.Progress) (*shopData, error) {
	counts, err := s.Store.Counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("count events: %w", err)
	}
	sd := &shopData{pairs: map[recommend.PairKey]*recommend.PairAgg{}}
	if sd.seq, err = s.Store.EventSeq(ctx); err != nil {
		return nil, fmt.Errorf("read event sequence: %w", err)
	}
	refusing, err := shopmind.OptedOutSet(ctx, s.Store, shopmind.PurposePersonalisation)
	if err != nil {
		return nil, err
	}
	latest := s.Now().Add(s.Config.EventSkew)
	for page, err := range shopmind.Pages(ctx, shopmind.ListEvents(s.Store, shopmind.EventFilter{MaxSeq: sd.seq})) {
		if err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
		read := len(page)
		if n := len(page); n > 0 && page[n-1].Time.After(latest) { // pages are in time order
			k := sort.Search(n, func(k int) bool { return page[k].Time.After(latest) })
			sd.future += n - k
			page = page[:k]
		}
		if len(refusing) > 0 {
			kept := page[:0:0]
			for _, e := range page {
				if !refusing[e.UserID] {
					kept = append(kept, e)
				}
			}
			sd.refused += len(page) - len(kept)
			page = kept
		}
		if len(page) > 0 {
			if sd.first.IsZero() {
				sd.first = page[0].Time
			}
			sd.last = page[len(page)-1].Time
		}
		sd.inter = append(sd.inter, recommend.FromEvents(page, s.Config.Weights)...)
		for _, e := range page {
			if e.Type == shopmind.EventPurchase {
				sd.purchases = append(sd.purchases, [2]string{e.UserID, e.ItemID})
			}
			w := s.Config.Weights.Of(e)
			if w == 0 && e.Type != shopmind.EventPurchase {
				continue
			}
			k := recommend.PairKey{User: e.UserID, Item: e.ItemID}
			a := sd.pairs[k]
			if a == nil {
				a = &recommend.PairAgg{}
				sd.pairs[k] = a
			}
			a.Add(e, w)
		}
		sd.events += read
		progress.Report("read events", sd.events, int(max(counts.Events, int64(sd.events))))
	}
	if sd.refused > 0 {
		s.Logger.Info("events of users who refuse personalisation left out of training", "events", sd.refused, "users", len(refusing))
	}
	if sd.future > 0 {
		s.Logger.Warn("events dated beyond the allowed skew left out of training", "events", sd.future, "after", latest)
	}
	sd.catalog, err = readItems(ctx, s.Store, func(done int) { progress.Report("read items", done, int(counts.Items)) })
	if err != nil {
		return nil, err
	}
	return sd, nil
}

// readItems reads the whole catalog.
func readItems(ctx context.Context, store shopmind.ItemLister, progress func(done int)) ([]*shopmind.Item, error) {
	var out []*shopmind.Item
	for page, err := range shopmind.Pages(ctx, shopmind.ListItems(store, shopmind.ItemFilter{})) {
		if err != nil {
			return nil, fmt.Errorf("read items: %w", err)
		}
		out = append(out, page...)
		if progress != nil {
			progress(len(out))
		}
	}
	return out, nil
}

// tuneValidFrac is the share of each user's training events that Tune
// holds out for validation.
const tuneValidFrac = 0.2

// Train fits the named model family on the store's events and items,
// evaluates it first on a per-user holdout (Config.Holdout, metrics at
// EvalK) when enabled, then refits it on everything and saves it as the next
// version of ModelPrefix+model with the config hash and the metrics. It
// returns the saved model (with Data). It is cancellable through ctx and
// returns EINVALID when the store has no usable events.
func (s *Service) Train(ctx context.Context, model string, progress recommend.Progress) (*shopmind.Model, error) {
	if _, err := recommend.New(model); err != nil {
		return nil, err
	}
	sd, err := s.readShop(ctx, progress)
	if err != nil {
		return nil, err
	}
	if len(sd.inter) == 0 {
		return nil, shopmind.Errorf(shopmind.EINVALID, "train %s: the store has no events with a non-zero weight", model)
	}
	metrics := map[string]float64{"events": float64(sd.events), "items": float64(len(sd.catalog))}
	newModel := func() recommend.Model { m, _ := recommend.New(model); return m }
	train, test := sd.inter, []recommend.Interaction(nil)
	if s.Config.Holdout > 0 {
		train, test = recommend.SplitByUser(sd.inter, s.Config.Holdout, s.Config.Seed)
	}
	setting := ""
	if s.Config.Tune {
		grid, err := recommend.Grid(model)
		if err != nil {
			return nil, err
		}
		progress.Report("tune", 0, len(grid))
		res, err := recommend.Tune(ctx, grid, train, sd.catalog, s.evalOptions(), tuneValidFrac, s.Config.Seed)
		if err != nil {
			return nil, err
		}
		progress.Report("tune", len(grid), len(grid))
		newModel, setting = res.Best.New, res.Best.Label
		if len(res.Valid) > 0 {
			metrics["valid_ndcg@"+fmt.Sprint(EvalK)] = slices.Max(res.Valid)
		}
	}
	if test != nil {
		d := recommend.NewDataset(train, sd.catalog)
		m := newModel()
		if err := m.Fit(ctx, d, prefixed(progress, "holdout fit: ")); err != nil {
			return nil, fmt.Errorf("fit %s on the holdout split: %w", model, err)
		}
		progress.Report("evaluate", 0, 1)
		met, err := recommend.Evaluate(ctx, m, d, d.Holdout(test), s.evalOptions())
		if err != nil {
			return nil, fmt.Errorf("evaluate %s: %w", model, err)
		}
		progress.Report("evaluate", 1, 1)
		k := fmt.Sprint(EvalK)
		metrics["ndcg@"+k], metrics["recall@"+k], metrics["precision@"+k] = met.NDCG, met.Recall, met.Precision
		metrics["hit_rate@"+k], metrics["coverage@"+k], metrics["test_users"] = met.HitRate, met.Coverage, float64(met.Users)
		if err := s.evaluateGroups(ctx, m, d, d.Holdout(test), metrics); err != nil {
			return nil, err
		}
	}
	if !sd.first.IsZero() {
		metrics["data_from_unix"], metrics["data_to_unix"] = float64(sd.first.Unix()), float64(sd.last.Unix())
	}
	d := recommend.NewDataset(sd.inter, sd.catalog)
	m := newModel()
	start := time.Now()
	if err := m.Fit(ctx, d, prefixed(progress, "fit: ")); err != nil {
		return nil, fmt.Errorf("fit %s: %w", model, err)
	}
	metrics["train_seconds"] = time.Since(start).Seconds()
	metrics["users"] = float64(d.NumUsers())
	art, err := recommend.BuildArtifact(ctx, m, d, sd.purchases, s.Config.TrendWindow, s.Now().UTC(), progress)
	if err == nil {
		art.Hist = recommend.BuildTrainedHistory(d, sd.pairs, sd.seq)
		err = s.scrubTrained(art, m, d, sd.seq)
	}
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(art); err != nil {
		return nil, fmt.Errorf("encode %s: %w", model, err)
	}
	out := &shopmind.Model{Name: ModelPrefix + m.Name(), ConfigHash: s.Config.Hash(tunedName(m.Name(), setting)), Data: buf.Bytes(), Metrics: metrics}
	if err := s.Store.SaveModel(ctx, out); err != nil {
		return nil, fmt.Errorf("save %s: %w", out.Name, err)
	}
	s.Logger.Info("trained recommendation model", "model", out.Name, "version", out.Version, "metrics", metrics)
	return out, nil
}

// evaluateGroups adds the holdout metrics by user group (new or active,
// and segment when Segments answers) to metrics, under GroupMetricKey.
func (s *Service) evaluateGroups(ctx context.Context, m recommend.Model, d *recommend.Dataset, test recommend.Holdout, metrics map[string]float64) error {
	var segments map[string]string
	if s.Segments != nil {
		var err error
		if segments, err = s.Segments(ctx); err != nil {
			s.Logger.Info("holdout evaluation without segments", "error", err)
			segments = nil
		}
	}
	gm, err := recommend.EvaluateGroups(ctx, m, d, test, s.evalOptions(), recommend.ActivityGroups(d, segments))
	if err != nil {
		return fmt.Errorf("evaluate by user group: %w", err)
	}
	k := fmt.Sprint(EvalK)
	for _, g := range gm {
		metrics[recommend.GroupMetricKey(g.Group, "users")] = float64(g.Users)
		metrics[recommend.GroupMetricKey(g.Group, "ndcg@"+k)] = g.NDCG
		metrics[recommend.GroupMetricKey(g.Group, "recall@"+k)] = g.Recall
		metrics[recommend.GroupMetricKey(g.Group, "hit_rate@"+k)] = g.HitRate
	}
	return nil
}

// evalOptions evaluates as the service serves: its exclusion and trend
// window, at EvalK.
func (s *Service) evalOptions() recommend.EvalOptions {
	return recommend.EvalOptions{K: EvalK, Exclude: s.Config.Exclude, TrendWindow: s.Config.TrendWindow}
}

func prefixed(p recommend.Progress, prefix string) recommend.Progress {
	if p == nil {
		return nil
	}
	return func(stage string, done, total int) { p(prefix+stage, done, total) }
}

// tunedName names a model family with the setting tuning chose, for the
// config hash ("" when untuned: the family alone).
func tunedName(family, setting string) string {
	if setting == "" {
		return family
	}
	return family + " " + setting
}

// Package simulate runs A/B tests of recommenders against the demo shop's
// simulated shoppers (demo.ShopperModel), through the experiment machinery:
// assignment, exposures, attribution and statistics. It is a SIMULATION:
// the shoppers follow a model, not people.
package simulate

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/recommend"
)

// Random is the variant that shows random active items.
const Random = "random"

// Options describe one simulation.
type Options struct {
	Shop     demo.Options // the demo shop whose history the recommenders train on; the simulation starts at Shop.End
	Variants []string     // recommend.Names or Random; the first is the control
	Slate    int          // recommendations shown per visit
	Days     int          // days of simulated traffic
	Seed     uint64       // seed of the simulated traffic
	Progress io.Writer    // progress lines; nil for none
}

// Run builds the demo shop, trains each variant's recommender on its
// history, then replays Days of traffic: every simulated shopper who visits
// is assigned a variant, shown that variant's recommendations (logged as an
// exposure) and reacts by the shopper model; clicks and purchases carry the
// recommendation id. It returns the experiment's results. db is an empty
// store the run records in: the shop's items, the experiment with its
// exposures, and the simulated shoppers' events.
func Run(ctx context.Context, db shopmind.SimulationStore, opt Options) (*shopmind.ExperimentResults, error) {
	out := opt.Progress
	if out == nil {
		out = io.Discard
	}
	s := &simulation{out: out, names: opt.Variants, slate: opt.Slate, days: opt.Days,
		rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b9)), db: db}
	return s.run(ctx, opt.Shop)
}

// simulation holds one run's settings and state.
type simulation struct {
	out   io.Writer // progress
	names []string
	slate int
	days  int
	rng   *rand.Rand
	db    shopmind.SimulationStore
}

// visit is a simulated shopper's session.
type visit struct {
	user string
	at   time.Time
}

func (s *simulation) run(ctx context.Context, opts demo.Options) (*shopmind.ExperimentResults, error) {
	fmt.Fprintf(s.out, "simulate: building the demo shop (%d items, %d shoppers, %d days)\n", opts.Items, opts.Users, opts.Days)
	model, err := demo.NewShopperModel(opts)
	if err != nil {
		return nil, err
	}
	shop := model.Shop
	recs, history, err := s.train(ctx, shop)
	if err != nil {
		return nil, err
	}

	db := s.db
	for i := 0; i < len(shop.Items); i += 1000 {
		if err := db.UpsertItems(ctx, shop.Items[i:min(i+1000, len(shop.Items))]); err != nil {
			return nil, fmt.Errorf("simulate: store items: %w", err)
		}
	}

	// Draw the traffic first, so the horizon can be stated before any
	// exposure: 90% of the expected visitors per variant.
	start := opts.End.UTC().Truncate(24 * time.Hour)
	var visits []visit
	visitors := map[string]bool{}
	for d := 0; d < s.days; d++ {
		day := start.Add(time.Duration(d) * 24 * time.Hour)
		for _, u := range shop.Users {
			if model.Visits(s.rng, u.ID, day) {
				at := day.Add(time.Duration(8*3600+s.rng.IntN(14*3600)) * time.Second)
				visits = append(visits, visit{u.ID, at})
				visitors[u.ID] = true
			}
		}
	}
	sort.SliceStable(visits, func(i, j int) bool { return visits[i].at.Before(visits[j].at) })

	now := start
	svc := experiment.NewService(db)
	svc.Now = func() time.Time { return now }
	n := 0
	svc.NewID = func() string { n++; return fmt.Sprintf("sim-%07d", n) }
	e := &shopmind.Experiment{ID: "simulation", Name: "Simulated recommender test", Surface: "home", Status: shopmind.ExperimentRunning,
		Horizon: int(0.9 * float64(len(visitors)) / float64(len(s.names))), AttributionHours: 24,
		Description: "Simulated shoppers (" + demo.ShopperModelName + "), not real traffic."}
	for _, name := range s.names {
		e.Variants = append(e.Variants, shopmind.Variant{Name: name, Share: 1 / float64(len(s.names)), Config: map[string]string{"model": name}})
	}
	e.Variants[len(e.Variants)-1].Share = 1 - float64(len(s.names)-1)/float64(len(s.names))
	if err := svc.Create(ctx, e); err != nil {
		return nil, err
	}

	fmt.Fprintf(s.out, "simulate: %d visits by %d shoppers over %d days; horizon %d users per variant\n", len(visits), len(visitors), s.days, e.Horizon)
	var events []*shopmind.Event
	flush := func() error {
		if len(events) == 0 {
			return nil
		}
		_, err := db.AddEvents(ctx, events)
		events = events[:0]
		return err
	}
	for _, v := range visits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		now = v.at
		a, err := svc.Assign(ctx, "home", v.user)
		if err != nil {
			return nil, err
		}
		items := s.recommend(a.Config["model"], recs, history, model, v.user)
		x := &shopmind.Exposure{ExperimentID: a.ExperimentID, Variant: a.Variant, UserID: v.user, ItemIDs: items, Time: v.at}
		if err := svc.LogExposure(ctx, x); err != nil {
			return nil, err
		}
		r := model.React(s.rng, v.user, items, v.at)
		for k, id := range r.Clicked {
			events = append(events, &shopmind.Event{UserID: v.user, ItemID: id, Type: shopmind.EventClick,
				Time: v.at.Add(time.Duration(20+10*k) * time.Second), RecommendationID: x.RecommendationID})
		}
		for k, p := range r.Bought {
			events = append(events, &shopmind.Event{UserID: v.user, ItemID: p.ItemID, Type: shopmind.EventPurchase, Value: float64(p.Quantity),
				Time: v.at.Add(time.Duration(5+k) * time.Minute), RecommendationID: x.RecommendationID})
		}
		if len(events) >= 5000 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	now = start.Add(time.Duration(s.days) * 24 * time.Hour)
	if _, err := svc.Stop(ctx, e.ID); err != nil {
		return nil, err
	}
	return svc.Results(ctx, e.ID)
}

// train fits every recommender variant on the shop's history and returns
// them with each shopper's history of item ids.
func (s *simulation) train(ctx context.Context, shop *demo.Shop) (map[string]*recommend.Bundle, map[string][]string, error) {
	d := recommend.NewDataset(recommend.FromEvents(shop.Events, recommend.DefaultWeights()), shop.Items)
	history := map[string][]string{}
	seen := map[[2]string]bool{}
	for _, e := range shop.Events {
		if k := [2]string{e.UserID, e.ItemID}; !seen[k] {
			seen[k] = true
			history[e.UserID] = append(history[e.UserID], e.ItemID)
		}
	}
	recs := map[string]*recommend.Bundle{}
	for _, name := range s.names {
		if name == Random {
			continue
		}
		m, err := recommend.New(name)
		if err != nil {
			return nil, nil, err
		}
		t0 := time.Now()
		if err := m.Fit(ctx, d, nil); err != nil {
			return nil, nil, fmt.Errorf("simulate: train %s: %w", name, err)
		}
		fmt.Fprintf(s.out, "simulate: trained %s on %d interactions in %s\n", name, d.NNZ(), time.Since(t0).Round(time.Millisecond))
		recs[name] = recommend.NewBundle(m, d)
	}
	return recs, history, nil
}

// recommend returns the slate variant model shows user.
func (s *simulation) recommend(model string, recs map[string]*recommend.Bundle, history map[string][]string, sm *demo.ShopperModel, user string) []string {
	if b, ok := recs[model]; ok {
		top := b.Recommend(user, history[user], s.slate, nil)
		ids := make([]string, len(top))
		for i, r := range top {
			ids[i] = r.ItemID
		}
		return ids
	}
	active := sm.ActiveItems()
	ids := make([]string, 0, s.slate)
	picked := map[int]bool{}
	for len(ids) < min(s.slate, len(active)) {
		if i := s.rng.IntN(len(active)); !picked[i] {
			picked[i] = true
			ids = append(ids, active[i])
		}
	}
	return ids
}

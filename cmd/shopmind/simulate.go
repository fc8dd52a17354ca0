package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/recommend"
	"github.com/shopmind/shopmind/store/sqlite"
)

// SimulateCommand is "shopmind simulate": an A/B test of recommenders
// against the demo shop's simulated shoppers, run through the experiment
// machinery (assignment, exposures, attribution, statistics).
type SimulateCommand struct {
	env *Env
}

const simulateUsage = `Usage: shopmind simulate [flags]

Builds the demo shop, trains each variant's recommender on its history, then
replays the following days: every simulated shopper who visits is assigned a
variant by the experiment machinery, shown that variant's recommendations
(logged as an exposure) and reacts by the demo shopper model; clicks and
purchases carry the recommendation id. The report is the experiment's results:
conversion and revenue per user with confidence intervals and lift against the
control (the first variant). It is a SIMULATION: the shoppers follow a model,
not people. Variants: random, and any of ` + "%s" + `.

Flags:
`

// simResult is the JSON form of a simulation's outcome.
type simResult struct {
	Simulation   string                      `json:"simulation"`
	ShopperModel string                      `json:"shopper_model"`
	Shop         demo.Options                `json:"shop"`
	SimDays      int                         `json:"sim_days"`
	SlateSize    int                         `json:"slate_size"`
	Seed         uint64                      `json:"seed"`
	Results      *shopmind.ExperimentResults `json:"results"`
}

// Run parses flags, runs the simulation and prints the report.
func (c *SimulateCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), simulateUsage, strings.Join(recommend.Names(), ", "))
		fs.PrintDefaults()
	}
	var opts demo.Options
	fs.Uint64Var(&opts.Seed, "shop-seed", 1, "seed of the demo shop")
	fs.IntVar(&opts.Items, "items", 2000, "products in the demo shop")
	fs.IntVar(&opts.Users, "users", 5000, "shoppers in the demo shop")
	fs.IntVar(&opts.Days, "days", 365, "days of history the recommenders train on")
	end := fs.String("end", "2026-11-01", "last day of the history (YYYY-MM-DD); the simulation starts there")
	simDays := fs.Int("sim-days", 28, "days of simulated traffic")
	variants := fs.String("variants", "popularity,random,itemknn,ease,als", "comma-separated variants; the first is the control")
	slate := fs.Int("n", 10, "recommendations shown per visit")
	seed := fs.Uint64("seed", 42, "seed of the simulated traffic")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	endDay, err := time.Parse(time.DateOnly, *end)
	if err != nil {
		return &usageError{fmt.Sprintf("--end %q is not a YYYY-MM-DD date", *end)}
	}
	opts.End = endDay
	if *simDays < 1 || *simDays > 365 {
		return &usageError{"--sim-days must be from 1 to 365"}
	}
	if *slate < 1 || *slate > 100 {
		return &usageError{"--n must be from 1 to 100"}
	}
	names := strings.Split(*variants, ",")
	seen := map[string]bool{}
	for i, n := range names {
		names[i] = strings.ToLower(strings.TrimSpace(n))
		if seen[names[i]] {
			return &usageError{fmt.Sprintf("variant %q is listed twice", names[i])}
		}
		seen[names[i]] = true
		if names[i] != "random" {
			if _, err := recommend.New(names[i]); err != nil {
				return &usageError{shopmind.ErrorMessage(err) + ", or random"}
			}
		}
	}
	if len(names) < 2 {
		return &usageError{"--variants needs at least 2 variants"}
	}

	sim := &simulation{out: c.env.Stderr, names: names, slate: *slate, days: *simDays, rng: rand.New(rand.NewPCG(*seed, *seed^0x9e3779b9))}
	res, err := sim.run(ctx, opts)
	if err != nil {
		return err
	}
	if *asJSON {
		opts.End = endDay
		enc := json.NewEncoder(c.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(simResult{Simulation: "A/B test against simulated shoppers, not real traffic", ShopperModel: demo.ShopperModelName,
			Shop: opts, SimDays: *simDays, SlateSize: *slate, Seed: *seed, Results: res})
	}
	fmt.Fprintf(c.env.Stdout, "SIMULATION (not real traffic) with the %s\n", demo.ShopperModelName)
	fmt.Fprintf(c.env.Stdout, "Demo shop: seed %d, %d items, %d shoppers, %d days of history to %s; %d simulated days, %d recommendations per visit, traffic seed %d.\n\n",
		opts.Seed, opts.Items, opts.Users, opts.Days, *end, *simDays, *slate, *seed)
	return printResults(c.env.Stdout, res)
}

// simulation holds one run's settings and state.
type simulation struct {
	out   io.Writer // progress
	names []string
	slate int
	days  int
	rng   *rand.Rand
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

	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
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
		if name == "random" {
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

// printResults writes an experiment's results as a table and its
// comparisons with their intervals.
func printResults(w io.Writer, res *shopmind.ExperimentResults) error {
	pct := func(e shopmind.Estimate) string {
		return fmt.Sprintf("%.2f%% [%.2f, %.2f]", 100*e.Value, 100*e.Low, 100*e.High)
	}
	money := func(e shopmind.Estimate) string { return fmt.Sprintf("%.2f [%.2f, %.2f]", e.Value, e.Low, e.High) }
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "variant\tusers\texposures\tCTR\tconversion\trevenue/user\trevenue\n")
	for _, v := range res.Variants {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%.2f\n", v.Variant, v.Users, v.Exposures, pct(v.CTR), pct(v.Conversion), money(v.RevenuePerUser), v.Revenue)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAgainst the control %s (intervals at %.1f%%, Bonferroni-corrected alpha %.4f):\n", res.Experiment.Control, 100*res.Confidence, res.Alpha)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "variant\tconversion lift (pts)\trelative\tp (%s)\trevenue/user lift\trelative\tp (%s)\tsignificant\n", "test", experiment.NameWelch)
	for _, c := range res.Comparisons {
		fmt.Fprintf(tw, "%s\t%+.2f [%+.2f, %+.2f]\t%+.1f%%\t%s (%s)\t%+.2f [%+.2f, %+.2f]\t%+.1f%%\t%s\t%v\n", c.Variant,
			100*c.Conversion.Difference.Value, 100*c.Conversion.Difference.Low, 100*c.Conversion.Difference.High, 100*c.Conversion.Relative,
			pvalue(c.Conversion.PValue), shortTest(c.Conversion.Test),
			c.RevenuePerUser.Difference.Value, c.RevenuePerUser.Difference.Low, c.RevenuePerUser.Difference.High, 100*c.RevenuePerUser.Relative,
			pvalue(c.RevenuePerUser.PValue), c.Significant)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s\n", res.Status)
	return err
}

// pvalue formats a p-value for people.
func pvalue(p float64) string {
	if p < 1e-6 {
		return "<1e-6"
	}
	return fmt.Sprintf("%.2g", p)
}

func shortTest(name string) string {
	if name == experiment.NameFisher {
		return "Fisher"
	}
	return "z"
}

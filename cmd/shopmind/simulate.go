package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/experiment/simulate"
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
		if names[i] != simulate.Random {
			if _, err := recommend.New(names[i]); err != nil {
				return &usageError{shopmind.ErrorMessage(err) + ", or random"}
			}
		}
	}
	if len(names) < 2 {
		return &usageError{"--variants needs at least 2 variants"}
	}

	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := simulate.Run(ctx, db, simulate.Options{Shop: opts, Variants: names, Slate: *slate, Days: *simDays, Seed: *seed, Progress: c.env.Stderr})
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

package main

import (
	"context"
	"flag"
	"fmt"
	"sort"

	"github.com/shopmind/shopmind/insights"
)

// TrainInsightsCommand trains the churn and propensity models on the
// store's history and saves them as a new version of insights/churn.
type TrainInsightsCommand struct {
	env *Env
}

// Run parses flags, trains and prints the time-split AUCs.
func (c *TrainInsightsCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("train insights", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	configPath := fs.String("config", "", "configuration file")
	if err := fs.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	cfg, err := loadConfig(c.env, *configPath)
	if err != nil {
		return err
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	h, err := insights.Load(ctx, store, insights.LoadOptions{})
	if err != nil {
		return err
	}
	svc := newInsightsService(store, cfg.Insights)
	m, _, err := svc.Train(ctx, h)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "saved %s v%d (%d customers, %d orders, data up to %s)\n",
		m.Name, m.Version, int(m.Metrics["churn_test_customers"]), len(h.Orders), h.End.Format("2006-01-02 15:04"))
	keys := make([]string, 0, len(m.Metrics))
	for k := range m.Metrics {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(c.env.Stdout, "  %-30s %.4f\n", k, m.Metrics[k])
	}
	return nil
}

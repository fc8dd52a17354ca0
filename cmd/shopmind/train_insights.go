package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// TrainInsightsCommand trains the churn and propensity models on the
// store's history and saves them as a new version of insights/churn.
type TrainInsightsCommand struct {
	env *Env
}

// Run parses flags, trains and prints the time-split AUCs.
func (c *TrainInsightsCommand) Run(ctx context.Context, args []string) error {
	cfg, store, err := newStoreFlags(c.env, "train insights").open(ctx, args)
	if err != nil {
		return err
	}
	defer store.Close()
	svc := newInsightsService(store, cfg.Insights, cfg.Events)
	h, err := svc.Load(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "training the churn and propensity models on %d orders ...\n", len(h.Orders))
	m, _, err := svc.Train(ctx, h)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "saved %s v%d (%d customers, %d orders, data up to %s)\n",
		m.Name, m.Version, int(m.Metrics["churn_test_customers"]), len(h.Orders), h.End.Format("2006-01-02 15:04"))
	keys := make([]string, 0, len(m.Metrics))
	for k := range m.Metrics {
		if !strings.HasSuffix(k, "_unix") { // the data window, printed above
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(c.env.Stdout, "  %-30s %.4f\n", k, m.Metrics[k])
	}
	return nil
}

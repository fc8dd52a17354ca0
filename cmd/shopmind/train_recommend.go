package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

// TrainRecommendCommand is "shopmind train recommend": it trains
// recommendation models from the store's events and items and saves each as
// a new version, with its config hash and holdout metrics. A running serve
// picks the new version up within a minute.
type TrainRecommendCommand struct {
	env *Env
}

// Run parses flags and trains the models.
func (c *TrainRecommendCommand) Run(ctx context.Context, args []string) error {
	fs := newStoreFlags(c.env, "train recommend")
	models := fs.String("models", "", "comma-separated models to train, or \"all\" (default recommend.model): "+strings.Join(recommend.Names(), ", "))
	noEval := fs.Bool("no-eval", false, "skip the holdout evaluation (faster; the model is saved without metrics)")
	tune := fs.Bool("tune", false, "choose hyper-parameters from each model's grid on a validation split of the training events (slower)")
	nice := fs.Int("nice", 0, "CPU priority of the training as a nice value from 0 to 19: higher yields more of the CPU to a shopmind serve on the same machine (serve's own retrains run at 19)")
	cfg, err := fs.parse(args)
	if err != nil {
		return err
	}
	if *nice < 0 || *nice > 19 {
		return &usageError{fmt.Sprintf("train recommend: -nice: %d is not from 0 to 19", *nice)}
	}
	if c.env.SetNice != nil && *nice > 0 {
		if err := c.env.SetNice(*nice); err != nil {
			fmt.Fprintf(c.env.Stderr, "train recommend: could not lower the CPU priority: %v\n", err)
		}
	}
	names := []string{cfg.Recommend.Model}
	switch {
	case *models == "all":
		names = recommend.Names()
	case *models != "":
		names = strings.Split(*models, ",")
	}
	for n, name := range names {
		names[n] = strings.TrimSpace(name)
		if _, err := recommend.New(names[n]); err != nil {
			return &usageError{shopmind.ErrorMessage(err)}
		}
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	sc := cfg.recommendConfig()
	if *noEval {
		sc.Holdout = -1
	}
	sc.Tune = *tune
	svc := recserve.NewService(store, sc)
	// The holdout evaluation reports quality by customer segment too: RFM
	// segments are computed from the store once.
	var segments map[string]string
	svc.Segments = func(ctx context.Context) (map[string]string, error) {
		if segments != nil {
			return segments, nil
		}
		seg, err := newInsightsService(store, cfg.Insights, cfg.Events).RFMSegments(ctx)
		if err == nil {
			segments = seg
		}
		return seg, err
	}
	for _, name := range names {
		p := newProgress(c.env, "train "+name)
		start := time.Now()
		m, err := svc.Train(ctx, name, func(stage string, done, total int) { p.Update(stage, int64(done), int64(total)) })
		p.Finish()
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("train %s: stopped, no version saved: %w", name, ctx.Err())
			}
			return fmt.Errorf("train %s: %w", name, err)
		}
		fmt.Fprintf(c.env.Stdout, "saved %s version %d (config %s) in %s%s\n", m.Name, m.Version, m.ConfigHash,
			time.Since(start).Round(10*time.Millisecond), formatMetrics(m.Metrics))
	}
	return nil
}

// formatMetrics renders the ranking metrics of a model, "" when it has none.
func formatMetrics(m map[string]float64) string {
	var keys []string
	for k := range m {
		if strings.Contains(k, "@") && !strings.HasPrefix(k, "group/") {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(":")
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%.4f", k, m[k])
	}
	return b.String()
}

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	recserve "github.com/shopmind/shopmind/recommend/serve"
	"github.com/shopmind/shopmind/vision"
)

// Training settings of the demo's vision model: the demo shop has 40 to
// 100 images per category, so a few seconds of training suffice. Five
// epochs, not more: the model learns from the items' own (partly wrong)
// categories, and longer training memorises the planted wrong images, which
// the catalog check should report (5 epochs: 3 of 6 found; 15: 1 of 6).
const (
	demoVisionEpochs      = 5
	demoVisionBatch       = 32
	demoVisionMinPerClass = 20
)

// demoModels trains what the console needs on day one when the store does
// not have it yet: the vision classifier on the shop's item images, and the
// recommendation model serve would otherwise train at start.
func (c *DemoCommand) demoModels(ctx context.Context, store shopmind.Store, cfg Config, seed uint64) error {
	if err := c.demoVision(ctx, store, seed); err != nil {
		return err
	}
	return c.demoRecommend(ctx, store, cfg)
}

// demoVision trains and saves vision.ModelName as "shopmind train vision"
// does without data flags (the store's item images, 10% held out).
func (c *DemoCommand) demoVision(ctx context.Context, store shopmind.Store, seed uint64) error {
	if m, err := store.Model(ctx, vision.ModelName, 0); err == nil {
		fmt.Fprintf(c.env.Stderr, "Vision model %s v%d is already trained.\n", m.Name, m.Version)
		return nil
	} else if shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		return err
	}
	all, classes, err := vision.StoreDataset(ctx, store, 28, demoVisionMinPerClass)
	if shopmind.ErrorCode(err) == shopmind.EINVALID {
		fmt.Fprintf(c.env.Stderr, "No vision model: %s (a larger demo shop has enough).\n", shopmind.ErrorMessage(err))
		return nil
	} else if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "Training the vision model on the shop's %d item images (%d categories) ...\n", all.N, len(classes))
	train, test := all.Split(0.1, seed)
	opts := vision.TrainOptions{Epochs: demoVisionEpochs, BatchSize: demoVisionBatch, LR: 1e-3, Seed: seed, Now: time.Now}
	m, hist, err := trainVision(ctx, c.env, train, test, classes, 0, opts, true)
	if err != nil {
		return fmt.Errorf("demo vision model: %w", err)
	}
	rec, err := vision.SaveModel(ctx, store, m, hist, train, test, opts)
	if err != nil {
		return err
	}
	metrics := rec.Metrics
	fmt.Fprintf(c.env.Stderr, "Saved %s v%d: %d categories, test accuracy %.3f on %d held-out images.\n",
		rec.Name, rec.Version, len(classes), metrics["test_accuracy"], int(metrics["test_images"]))
	return nil
}

// demoRecommend trains the configured recommendation model when none is
// stored, so it exists when the build ends (serve would train it too).
func (c *DemoCommand) demoRecommend(ctx context.Context, store shopmind.Store, cfg Config) error {
	name := recserve.ModelPrefix + cfg.Recommend.Model
	if m, err := store.Model(ctx, name, 0); err == nil {
		fmt.Fprintf(c.env.Stderr, "Recommendation model %s v%d is already trained.\n", m.Name, m.Version)
		return nil
	} else if shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		return err
	}
	svc := recserve.NewService(store, cfg.recommendConfig())
	// Its quality by RFM segment shows in the fairness report.
	svc.Segments = func(ctx context.Context) (map[string]string, error) {
		return newInsightsService(store, cfg.Insights, cfg.Events).RFMSegments(ctx)
	}
	p := newProgress(c.env, "train "+cfg.Recommend.Model)
	start := time.Now()
	m, err := svc.Train(ctx, cfg.Recommend.Model, func(stage string, done, total int) { p.Update(stage, int64(done), int64(total)) })
	p.Finish()
	if err != nil {
		return fmt.Errorf("demo recommendation model: %w", err)
	}
	fmt.Fprintf(c.env.Stderr, "Saved recommendation model %s v%d in %s%s.\n", m.Name, m.Version, time.Since(start).Round(100*time.Millisecond), formatMetrics(m.Metrics))
	return nil
}

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// TrainVisionCommand is "shopmind train vision": it trains the product
// image classifier on labelled images (IDX files or class folders) and
// saves it to the store as the next version of vision.ModelName, which
// serve loads.
type TrainVisionCommand struct {
	env *Env
}

// Run trains, evaluates on the test set when given, and saves the model.
func (c *TrainVisionCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("train vision", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	configPath := fs.String("config", "", "configuration file (default $SHOPMIND_CONFIG or ./shopmind.toml)")
	data := addImageDataFlags(fs)
	def := vision.DefaultTrainOptions()
	epochs := fs.Int("epochs", def.Epochs, "training epochs")
	batch := fs.Int("batch", def.BatchSize, "mini-batch size")
	lr := fs.Float64("lr", float64(def.LR), "Adam learning rate")
	dropout := fs.Float64("dropout", 0, "dropout before the last layer")
	seed := fs.Uint64("seed", 1, "seed of the weights, shuffling and dropout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	cfg, err := loadConfig(c.env, *configPath)
	if err != nil {
		return err
	}
	train, test, classes, err := data.load(false)
	if err != nil {
		return err
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	opts := vision.TrainOptions{Epochs: *epochs, BatchSize: *batch, LR: float32(*lr), Seed: *seed, Now: time.Now}
	m, hist, err := trainVision(ctx, c.env, train, test, classes, float32(*dropout), opts, true)
	if err != nil {
		return err
	}
	blob, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	var secs float64
	for _, e := range hist {
		secs += e.Seconds
	}
	metrics := map[string]float64{"train_images": float64(train.N), "epochs": float64(len(hist)), "seconds_per_epoch": secs / float64(len(hist))}
	if test != nil {
		metrics["test_images"] = float64(test.N)
		metrics["test_accuracy"] = hist[len(hist)-1].TestAcc
	}
	rec := &shopmind.Model{Name: vision.ModelName, ConfigHash: visionConfigHash(m.Config, opts), Data: blob, Metrics: metrics}
	if err := store.SaveModel(ctx, rec); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%s v%d: %d classes, %d training images, %d epochs", rec.Name, rec.Version, len(classes), train.N, len(hist))
	if test != nil {
		fmt.Fprintf(c.env.Stdout, ", test accuracy %.4f", metrics["test_accuracy"])
	}
	fmt.Fprintln(c.env.Stdout)
	return nil
}

// visionConfigHash hashes the architecture and training options.
func visionConfigHash(cfg vision.Config, opts vision.TrainOptions) string {
	b, _ := json.Marshal(struct {
		Config        vision.Config
		Epochs, Batch int
		LR, Momentum  float32
		Seed          uint64
	}{cfg, opts.Epochs, opts.BatchSize, opts.LR, opts.Momentum, opts.Seed})
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

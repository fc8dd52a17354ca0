package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// TrainVisionCommand is "shopmind train vision": it trains the product
// image classifier on labelled images (IDX files or class folders, or
// without them the store's item images labelled with their category, 10%
// held out for the test accuracy) and saves it to the store as the next version of vision.ModelName, which
// serve loads.
type TrainVisionCommand struct {
	env *Env
}

// Run trains, evaluates on the test set when given, and saves the model.
func (c *TrainVisionCommand) Run(ctx context.Context, args []string) error {
	fs := newStoreFlags(c.env, "train vision")
	data := addImageDataFlags(fs.FlagSet)
	def := vision.DefaultTrainOptions()
	epochs := fs.Int("epochs", def.Epochs, "training epochs")
	batch := fs.Int("batch", def.BatchSize, "mini-batch size")
	lr := fs.Float64("lr", float64(def.LR), "Adam learning rate")
	dropout := fs.Float64("dropout", 0, "dropout before the last layer")
	seed := fs.Uint64("seed", 1, "seed of the weights, shuffling, dropout and the store split")
	minPerClass := fs.Int("min-per-class", 20, "without data flags: categories need this many item images to be learned")
	_, store, err := fs.open(ctx, args)
	if err != nil {
		return err
	}
	defer store.Close()
	var train, test *vision.Dataset
	var classes []string
	if data.given() {
		if train, test, classes, err = data.load(false); err != nil {
			return err
		}
	} else {
		// The shop's own catalog: item images labelled with their category.
		all, cls, err := vision.StoreDataset(ctx, store, 28, *minPerClass)
		if err != nil {
			return err
		}
		classes = cls
		train, test = splitDataset(all, 0.1, *seed)
	}
	opts := vision.TrainOptions{Epochs: *epochs, BatchSize: *batch, LR: float32(*lr), Seed: *seed, Now: time.Now}
	m, hist, err := trainVision(ctx, c.env, train, test, classes, float32(*dropout), opts, true)
	if err != nil {
		return err
	}
	rec, err := saveVisionModel(ctx, store, m, hist, train, test, opts)
	if err != nil {
		return err
	}
	metrics := rec.Metrics
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

// splitDataset holds out a seeded share of d as a test set (nil when that
// share is under one image).
func splitDataset(d *vision.Dataset, testFrac float64, seed uint64) (train, test *vision.Dataset) {
	order := rand.New(rand.NewPCG(seed, seed+7)).Perm(d.N)
	nTest := int(float64(d.N) * testFrac)
	if nTest == 0 {
		return d, nil
	}
	return d.Subset(order[nTest:]), d.Subset(order[:nTest])
}

// saveVisionModel stores m as the next version of vision.ModelName with its
// training metrics (images, epochs, seconds per epoch, final test accuracy).
func saveVisionModel(ctx context.Context, store shopmind.Store, m *vision.CNN, hist []vision.EpochStats, train, test *vision.Dataset, opts vision.TrainOptions) (*shopmind.Model, error) {
	blob, err := m.MarshalBinary()
	if err != nil {
		return nil, err
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
		return nil, err
	}
	return rec, nil
}

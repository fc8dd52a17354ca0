package main

import (
	"context"
	"fmt"
	"time"

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
		train, test = all.Split(0.1, *seed)
	}
	opts := vision.TrainOptions{Epochs: *epochs, BatchSize: *batch, LR: float32(*lr), Seed: *seed, Now: time.Now}
	m, hist, err := trainVision(ctx, c.env, train, test, classes, float32(*dropout), opts, true)
	if err != nil {
		return err
	}
	rec, err := vision.SaveModel(ctx, store, m, hist, train, test, opts)
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

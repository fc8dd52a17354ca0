package main

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind/nlp"
)

// TrainTextCommand is "shopmind train text": it trains the review
// sentiment model (bundled labelled sentences plus the shop's rated
// reviews) and saves a new version.
type TrainTextCommand struct {
	env *Env
}

// Run trains and saves the model, printing its version and metrics.
func (c *TrainTextCommand) Run(ctx context.Context, args []string) error {
	_, store, err := newStoreFlags(c.env, "train text").open(ctx, args)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(c.env.Stderr, "training the review sentiment model on the store's rated reviews ...")
	svc, err := nlp.NewService(store, nlp.DefaultServiceConfig())
	if err != nil {
		return err
	}
	a, err := svc.Build(ctx, true)
	if err != nil {
		return err
	}
	m, err := store.Model(ctx, nlp.SentimentModelName, 0)
	if err != nil {
		return err
	}
	x := m.Metrics
	fmt.Fprintf(c.env.Stdout, "%s v%d: trained on %.0f labelled sentences and %.0f of the shop's rated reviews; "+
		"held-out accuracy %.4f (English %.4f on %.0f, Chinese %.4f on %.0f), macro-F1 %.4f, ECE %.4f; %d aspects\n",
		m.Name, m.Version, x["train_sentences"], x["shop_reviews"], x["accuracy"], x["accuracy_en"], x["test_en"],
		x["accuracy_zh"], x["test_zh"], x["macro_f1"], x["ece"], len(a.Aspects.Aspects()))
	return nil
}

package main

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/nlp"
)

// TrainTextCommand is "shopmind train text": it trains the shop's review
// sentiment model from its rated reviews and saves a new version.
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
	svc := nlp.NewService(store, nlp.ServiceConfig{})
	a, err := svc.Build(ctx, true)
	if err != nil {
		return err
	}
	if a.Sentiment == nil {
		return shopmind.Errorf(shopmind.EINVALID, "not enough rated reviews to train sentiment (need %d of 4-5 and of 1-2 stars)", nlp.MinSentimentExamples)
	}
	m, err := store.Model(ctx, nlp.SentimentModelName, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%s v%d: %.0f rated reviews, holdout accuracy %.4f, macro-F1 %.4f, ECE %.4f; %d aspects\n",
		m.Name, m.Version, m.Metrics["reviews"], m.Metrics["accuracy"], m.Metrics["macro_f1"], m.Metrics["ece"], len(a.Aspects.Aspects()))
	return nil
}

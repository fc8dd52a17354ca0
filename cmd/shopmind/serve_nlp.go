package main

import (
	"context"

	"github.com/shopmind/shopmind/nlp"
)

// startNLP builds review intelligence: it answers at once with the opinion
// lexicon, then loads or trains the sentiment model (bundled labelled
// sentences plus the shop's rated reviews, about a second) in the
// background, after the startup models, and analyses new reviews every 30
// seconds.
func startNLP(ctx context.Context, b base) (*nlp.Service, error) {
	svc, err := nlp.NewService(b.store, nlp.DefaultServiceConfig())
	if err != nil {
		return nil, err
	}
	svc.Logger = b.logger.With("capability", "nlp")
	svc.Exclusive = exclusiveOn(b.store)
	b.jobs.Go(func() {
		if b.jobs.afterStartup(ctx) == nil {
			svc.Run(ctx)
		}
	})
	return svc, nil
}

package main

import (
	"context"

	"github.com/shopmind/shopmind/nlp"
)

// wireNLP mounts review intelligence: it answers at once with the opinion
// lexicon, then loads or trains the sentiment model (bundled labelled
// sentences plus the shop's rated reviews, about a second) in the
// background and analyses new reviews every 30 seconds.
func wireNLP(ctx context.Context, w *wiring) error {
	svc, err := nlp.NewService(w.store, nlp.DefaultServiceConfig())
	if err != nil {
		return err
	}
	svc.Logger = w.logger.With("capability", "nlp")
	svc.Exclusive = exclusiveOn(w.store)
	w.srv.HandleReviewInsights(svc)
	w.reviews = svc
	w.Go(func() {
		// Loading or training the sentiment model waits for the startup
		// models (serve_background.go).
		if w.bg.afterStartup(ctx) == nil {
			svc.Run(ctx)
		}
	})
	return nil
}

package main

import (
	"context"

	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/privacy"
)

// wireExperiments mounts the A/B testing API: experiments, assignment,
// exposure logging and results (see docs/experiments.md). wireRecommend
// logs exposures through w.experiments.
func wireExperiments(ctx context.Context, w *wiring) error {
	svc := experiment.NewService(w.store)
	w.experiments = svc
	// A shopper who refuses personalisation is in no arm (as the lists
	// served to them are the default's): privacy.ConsentExperiments.
	w.srv.HandleExperiments(&privacy.ConsentExperiments{Experiments: svc, Consents: w.store})
	return nil
}

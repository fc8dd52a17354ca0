package main

import (
	"context"

	"github.com/shopmind/shopmind/experiment"
)

// wireExperiments mounts the A/B testing API: experiments, assignment,
// exposure logging and results (see docs/experiments.md). wireRecommend
// logs exposures through w.experiments.
func wireExperiments(ctx context.Context, w *wiring) error {
	svc := experiment.NewService(w.store)
	w.experiments = svc
	w.srv.HandleExperiments(svc)
	return nil
}

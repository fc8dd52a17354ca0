package main

import (
	"context"

	"github.com/shopmind/shopmind/experiment"
)

// wireExperiments mounts the A/B testing API: experiments, assignment,
// exposure logging and results (see docs/experiments.md). Recommendation
// serving logs exposures by wrapping its recommender in
// experiment.Recommender.
func wireExperiments(ctx context.Context, w *wiring) error {
	w.srv.HandleExperiments(experiment.NewService(w.store))
	return nil
}

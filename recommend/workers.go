package recommend

import (
	"context"
	"runtime"
)

type workersKey struct{}

// WithWorkers returns a context under which fits and evaluations of this
// package use at most n goroutines for their own parallel loops (n < 1
// means no bound). serve runs its background trainings on one worker so
// that requests keep the other core; gonum's BLAS threads are not bounded
// by it.
func WithWorkers(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, workersKey{}, n)
}

// Workers returns how many goroutines a parallel loop may use under ctx:
// GOMAXPROCS, or less when WithWorkers bounded it.
func Workers(ctx context.Context) int {
	w := runtime.GOMAXPROCS(0)
	if n, ok := ctx.Value(workersKey{}).(int); ok && n >= 1 {
		w = min(w, n)
	}
	return w
}

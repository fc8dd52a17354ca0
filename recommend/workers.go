package recommend

import (
	"context"
	"runtime"
	"sync"
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

// eachWorker runs fn(0) ... fn(workers-1) on their own goroutines and waits
// for them; one worker runs on the caller's goroutine, so a job serve runs
// on a low-priority thread of its own (one worker) stays on it.
func eachWorker(workers int, fn func(w int)) {
	if workers <= 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w)
		}()
	}
	wg.Wait()
}

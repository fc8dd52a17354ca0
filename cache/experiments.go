package cache

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// Experiments is a shopmind.ExperimentStore that lists the running
// experiments from a snapshot: Experiments with Status running (what
// assignment asks at every request with a user) and Experiment of a
// running one (what logging an exposure asks) read no store. Everything
// else passes to the store.
//
// An experiment created, changed or deleted through Experiments (also
// within its Tx, as experiment.Service starts and stops them) is in the
// snapshot before the call returns; one changed by another process within
// Every.
type Experiments struct {
	shopmind.ExperimentStore
	r *refresher

	mu      sync.RWMutex
	running []*shopmind.Experiment
}

// NewExperiments returns Experiments over store, whose snapshot is at most
// every old (DefaultEvery when 0). It loads nothing until first asked.
func NewExperiments(store shopmind.ExperimentStore, every time.Duration) *Experiments {
	e := &Experiments{ExperimentStore: store}
	e.r = newRefresher(every, e.load)
	return e
}

func (e *Experiments) load(ctx context.Context) error {
	running, err := e.ExperimentStore.Experiments(ctx, shopmind.ExperimentFilter{Status: shopmind.ExperimentRunning})
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.running = running
	e.mu.Unlock()
	return nil
}

// Run reloads the running experiments every half of Every until ctx is
// cancelled.
func (e *Experiments) Run(ctx context.Context, logger *slog.Logger) {
	e.r.run(ctx, logger, "running experiments")
}

// Experiments implements shopmind.ExperimentService, from the snapshot
// when f asks for the running experiments. The experiments returned are
// copies, but share their variants: callers must not change those.
func (e *Experiments) Experiments(ctx context.Context, f shopmind.ExperimentFilter) ([]*shopmind.Experiment, error) {
	if f.Status != shopmind.ExperimentRunning {
		return e.ExperimentStore.Experiments(ctx, f)
	}
	if err := e.r.ensure(ctx); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]*shopmind.Experiment, 0, len(e.running))
	for _, x := range e.running {
		if f.Surface == "" || x.Surface == f.Surface {
			c := *x
			out = append(out, &c)
		}
	}
	return out, nil
}

// Experiment implements shopmind.ExperimentService, from the snapshot for
// a running experiment while it is fresh.
func (e *Experiments) Experiment(ctx context.Context, id string) (*shopmind.Experiment, error) {
	if e.r.fresh() {
		e.mu.RLock()
		for _, x := range e.running {
			if x.ID == id {
				c := *x
				e.mu.RUnlock()
				return &c, nil
			}
		}
		e.mu.RUnlock()
	}
	return e.ExperimentStore.Experiment(ctx, id)
}

// CreateExperiment implements shopmind.ExperimentService.
func (e *Experiments) CreateExperiment(ctx context.Context, x *shopmind.Experiment) error {
	err := e.ExperimentStore.CreateExperiment(ctx, x)
	e.r.changed(ctx)
	return err
}

// UpdateExperiment implements shopmind.ExperimentService.
func (e *Experiments) UpdateExperiment(ctx context.Context, x *shopmind.Experiment) error {
	err := e.ExperimentStore.UpdateExperiment(ctx, x)
	e.r.changed(ctx)
	return err
}

// DeleteExperiment implements shopmind.ExperimentService.
func (e *Experiments) DeleteExperiment(ctx context.Context, id string) error {
	err := e.ExperimentStore.DeleteExperiment(ctx, id)
	e.r.changed(ctx)
	return err
}

// Tx implements shopmind.Transactor: experiments created, changed or
// deleted through fn's Store are in the snapshot once it commits.
func (e *Experiments) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	var wrote bool
	err := e.ExperimentStore.Tx(ctx, func(tx shopmind.Store) error {
		return fn(&experimentTx{Store: tx, wrote: &wrote})
	})
	if wrote {
		e.r.changed(ctx)
	}
	return err
}

// experimentTx is a transaction's Store that notes writes of experiments.
type experimentTx struct {
	shopmind.Store
	wrote *bool
}

func (t *experimentTx) CreateExperiment(ctx context.Context, x *shopmind.Experiment) error {
	*t.wrote = true
	return t.Store.CreateExperiment(ctx, x)
}

func (t *experimentTx) UpdateExperiment(ctx context.Context, x *shopmind.Experiment) error {
	*t.wrote = true
	return t.Store.UpdateExperiment(ctx, x)
}

func (t *experimentTx) DeleteExperiment(ctx context.Context, id string) error {
	*t.wrote = true
	return t.Store.DeleteExperiment(ctx, id)
}

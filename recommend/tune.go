package recommend

import (
	"context"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// TuneResult is the outcome of a grid search on a validation split.
type TuneResult struct {
	Best  Candidate
	Valid []float64 // validation NDCG@k per grid candidate, in grid order
}

// Tune picks the candidate with the best NDCG@eval.K on a validation split
// carved from train (per user, validFrac held out, seeded), ranked as
// served (Evaluate with eval): the test set is never seen. A grid of one
// candidate is returned without fitting.
func Tune(ctx context.Context, grid []Candidate, train []Interaction, catalog []*shopmind.Item, eval EvalOptions, validFrac float64, seed uint64) (TuneResult, error) {
	if len(grid) == 0 {
		return TuneResult{}, shopmind.Errorf(shopmind.EINVALID, "tune: empty grid")
	}
	if len(grid) == 1 {
		return TuneResult{Best: grid[0]}, nil
	}
	sub, valid := SplitByUser(train, validFrac, seed)
	d := NewDataset(sub, catalog)
	h := d.Holdout(valid)
	res := TuneResult{Valid: make([]float64, len(grid))}
	best := -1
	cache := &gramCache{} // lambda-free Gram counts, shared by the EASE fits
	for n, c := range grid {
		m := c.New()
		shareGram(m, cache)
		if err := m.Fit(ctx, d, nil); err != nil {
			return TuneResult{}, fmt.Errorf("tune %s %s: %w", m.Name(), c.Label, err)
		}
		met, err := Evaluate(ctx, m, d, h, eval)
		if err != nil {
			return TuneResult{}, err
		}
		res.Valid[n] = met.NDCG
		if best < 0 || met.NDCG > res.Valid[best] {
			best = n
		}
	}
	res.Best = grid[best]
	return res, nil
}

// BenchOptions configure Bench.
type BenchOptions struct {
	K int // metric cutoff, default 10
	// Exclude is the serving exclusion the evaluated lists apply; nil
	// Exclude.Events means DefaultExclusion's.
	Exclude   Exclusion
	Seed      uint64  // validation-split seed
	NoTune    bool    // use default parameters instead of the grid
	ValidFrac float64 // validation share of each user's training data, default 0.2
	Progress  Progress
}

// BenchResult is one model's evaluation.
type BenchResult struct {
	Model   string   `json:"model"`
	Params  string   `json:"params"`
	Metrics Metrics  `json:"metrics"`
	Valid   float64  `json:"valid_ndcg,omitempty"` // the chosen setting's validation NDCG
	Trained Model    `json:"-"`
	Data    *Dataset `json:"-"`
}

// Bench tunes the named model on a validation split of train (unless
// NoTune), fits the chosen setting on all of train, and evaluates it on test
// as served (Evaluate: full ranking of the served candidates, less the
// excluded items). TrainTime is the final fit only.
func Bench(ctx context.Context, name string, train, test []Interaction, catalog []*shopmind.Item, opt BenchOptions) (BenchResult, error) {
	if opt.K <= 0 {
		opt.K = 10
	}
	if opt.ValidFrac <= 0 {
		opt.ValidFrac = 0.2
	}
	if opt.Exclude.Events == nil {
		opt.Exclude.Events = DefaultExclusion().Events
	}
	eval := EvalOptions{K: opt.K, Exclude: opt.Exclude, TrendWindow: DefaultTrendWindow}
	grid, err := Grid(name)
	if err != nil {
		return BenchResult{}, err
	}
	if opt.NoTune {
		m, _ := New(name)
		grid = []Candidate{{"default", func() Model { return m }}}
	}
	tr, err := Tune(ctx, grid, train, catalog, eval, opt.ValidFrac, opt.Seed+1)
	if err != nil {
		return BenchResult{}, err
	}
	d := NewDataset(train, catalog)
	m := tr.Best.New()
	start := time.Now()
	if err := m.Fit(ctx, d, opt.Progress); err != nil {
		return BenchResult{}, fmt.Errorf("fit %s: %w", name, err)
	}
	el := time.Since(start)
	met, err := Evaluate(ctx, m, d, d.Holdout(test), eval)
	if err != nil {
		return BenchResult{}, err
	}
	met.TrainTime = el
	res := BenchResult{Model: m.Name(), Params: tr.Best.Label, Metrics: met, Trained: m, Data: d}
	for n, c := range grid {
		if c.Label == tr.Best.Label && tr.Valid != nil {
			res.Valid = tr.Valid[n]
		}
	}
	return res, nil
}

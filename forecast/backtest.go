package forecast

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// BacktestConfig configures Backtest.
type BacktestConfig struct {
	// Horizon is how many final points of each series are held out.
	Horizon int
	// Season is the seasonal period given to methods and used for the MASE
	// scale (seasonal naive on the training part).
	Season int
	// Level is the prediction-interval level (default DefaultLevel).
	Level float64
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
}

// MethodScore is one method's accuracy over all evaluated series.
type MethodScore struct {
	Method string `json:"method"`
	// MASE and SMAPE are means over series (series with a zero MASE scale
	// are left out of MASE).
	MASE       float64 `json:"mase"`
	MedianMASE float64 `json:"median_mase"`
	SMAPE      float64 `json:"smape"`
	// Coverage is the mean share of held-out values inside the intervals.
	Coverage float64 `json:"coverage"`
	Series   int     `json:"series"`
	Failed   int     `json:"failed"`
	// Seconds is the wall-clock time to fit and forecast every series.
	Seconds float64 `json:"seconds"`
	// Models counts the fitted model descriptions, e.g. "ETS(M,Ad,M)": 40.
	Models map[string]int `json:"models"`
}

// SeriesScore is one method's accuracy on one series.
type SeriesScore struct {
	ID       string  `json:"id"`
	Method   string  `json:"method"`
	Model    string  `json:"model,omitempty"`
	MASE     float64 `json:"mase"`
	SMAPE    float64 `json:"smape"`
	Coverage float64 `json:"coverage"`
	Error    string  `json:"error,omitempty"`
}

// Report is the result of Backtest.
type Report struct {
	Horizon int           `json:"horizon"`
	Season  int           `json:"season"`
	Level   float64       `json:"level"`
	Methods []MethodScore `json:"methods"`
	Series  []SeriesScore `json:"series"`
	// Skipped lists series too short to hold out Horizon points and keep
	// at least two for training.
	Skipped []string `json:"skipped,omitempty"`
}

// Backtest holds out the last cfg.Horizon points of each series, fits each
// method on the rest and scores the forecasts with MASE (scaled by the
// in-sample seasonal naive MAE with period cfg.Season) and sMAPE. Methods
// run one after another, each in parallel over series, so Seconds is the
// wall time of that method alone. It returns EINVALID for a bad config and
// ctx.Err() when cancelled; a method failing on a series is counted in
// Failed and recorded in that series' score.
func Backtest(ctx context.Context, series []Series, methods []Method, cfg BacktestConfig) (*Report, error) {
	if cfg.Horizon < 1 {
		return nil, shopmind.FieldErrorf("horizon", "horizon must be at least 1, got %d", cfg.Horizon)
	}
	if cfg.Season < 0 {
		return nil, shopmind.FieldErrorf("season", "season must be non-negative, got %d", cfg.Season)
	}
	if len(methods) == 0 {
		return nil, shopmind.FieldErrorf("methods", "no methods to evaluate")
	}
	if cfg.Level == 0 {
		cfg.Level = DefaultLevel
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	rep := &Report{Horizon: cfg.Horizon, Season: cfg.Season, Level: cfg.Level}
	var usable []Series
	for _, s := range series {
		if len(s.Values) < cfg.Horizon+2 {
			rep.Skipped = append(rep.Skipped, s.ID)
			continue
		}
		usable = append(usable, s)
	}
	for _, m := range methods {
		start := time.Now()
		scores := make([]SeriesScore, len(usable))
		var err error
		if pm, ok := m.(PanelMethod); ok {
			// A global method fits every training part together.
			trains := make([][]float64, len(usable))
			for i, s := range usable {
				trains[i] = s.Values[:len(s.Values)-cfg.Horizon]
			}
			models, errs := pm.FitPanel(ctx, trains, cfg.Season, cfg.Horizon, cfg.Workers)
			if err = ctx.Err(); err == nil {
				err = parallel(ctx, len(usable), cfg.Workers, func(i int) {
					scores[i] = scoreModel(usable[i], m, models[i], errs[i], cfg)
				})
			}
		} else {
			err = parallel(ctx, len(usable), cfg.Workers, func(i int) {
				n := len(usable[i].Values) - cfg.Horizon
				model, err := m.Fit(usable[i].Values[:n], cfg.Season)
				scores[i] = scoreModel(usable[i], m, model, err, cfg)
			})
		}
		if err != nil {
			return nil, err
		}
		ms := summarize(m.Name(), scores)
		ms.Seconds = time.Since(start).Seconds()
		rep.Methods = append(rep.Methods, ms)
		rep.Series = append(rep.Series, scores...)
	}
	return rep, nil
}

// scoreModel scores model, fitted by m on all but the last cfg.Horizon
// values of s (or the error of that fit), on those values.
func scoreModel(s Series, m Method, model Model, err error, cfg BacktestConfig) SeriesScore {
	n := len(s.Values) - cfg.Horizon
	train, test := s.Values[:n], s.Values[n:]
	sc := SeriesScore{ID: s.ID, Method: m.Name(), MASE: math.NaN(), SMAPE: math.NaN(), Coverage: math.NaN()}
	if err != nil {
		sc.Error = fmt.Sprintf("fit: %v", err)
		return sc
	}
	fc, err := model.Forecast(cfg.Horizon, cfg.Level)
	if err != nil {
		sc.Error = fmt.Sprintf("forecast: %v", err)
		return sc
	}
	sc.Model = model.Describe()
	sc.MASE = MASE(test, fc.Mean, MASEScale(train, cfg.Season))
	sc.SMAPE = SMAPE(test, fc.Mean)
	sc.Coverage = Coverage(test, fc.Lower, fc.Upper)
	return sc
}

// summarize averages series scores of one method.
func summarize(name string, scores []SeriesScore) MethodScore {
	ms := MethodScore{Method: name, Models: map[string]int{}}
	var mase []float64
	var smape, cov float64
	var nsmape, ncov int
	for _, s := range scores {
		ms.Series++
		if s.Error != "" {
			ms.Failed++
			continue
		}
		ms.Models[s.Model]++
		if !math.IsNaN(s.MASE) {
			mase = append(mase, s.MASE)
		}
		if !math.IsNaN(s.SMAPE) {
			smape += s.SMAPE
			nsmape++
		}
		if !math.IsNaN(s.Coverage) {
			cov += s.Coverage
			ncov++
		}
	}
	ms.MASE, ms.MedianMASE, ms.SMAPE, ms.Coverage = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if len(mase) > 0 {
		var sum float64
		for _, v := range mase {
			sum += v
		}
		ms.MASE = sum / float64(len(mase))
		sort.Float64s(mase)
		ms.MedianMASE = quantileSorted(mase, 0.5)
	}
	if nsmape > 0 {
		ms.SMAPE = smape / float64(nsmape)
	}
	if ncov > 0 {
		ms.Coverage = cov / float64(ncov)
	}
	return ms
}

// parallel calls f(i) for i in [0, n) on workers goroutines and returns
// ctx.Err() if ctx is cancelled before all are done.
func parallel(ctx context.Context, n, workers int, f func(i int)) error {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	var err error
loop:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break loop
		}
	}
	close(next)
	wg.Wait()
	return err
}

package forecast

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"gonum.org/v1/gonum/mat"
)

// PanelMethod is a Method that can learn from many series at once (a
// global model). Backtest calls FitPanel with every training part instead
// of Fit per series.
type PanelMethod interface {
	Method
	// FitPanel fits ys (each as Fit's y) together for forecasts of up to
	// horizon steps (0: the method's default) on up to workers goroutines.
	// It returns one model or one error per series.
	FitPanel(ctx context.Context, ys [][]float64, season, horizon, workers int) ([]Model, []error)
}

// Global is a pooled ("global") linear autoregression on the log scale,
// fitted by ridge least squares on windows of every series at once
// (Montero-Manso and Hyndman, 2021, show such models match or beat
// per-series ones on large collections). For each series and origin t in
// its last Recent periods, the features are the Lags log values before t
// minus their mean over the last season (the local level), and the targets
// the next Horizon log values minus the same level: one linear map per
// step (direct forecasts), shared by all series. Series of different size
// share it because everything is relative to the local level.
//
// With Local set, each series' forecast is the equal-weight mean of the
// pooled model's and Local's (fitted on that series alone): "ets-global",
// the mean with ETS, is more accurate on the ABS retail data than either
// alone (docs/forecast.md).
//
// Series with a zero use log(y+1); series too short for one feature window
// (Lags + season values) get Local's forecast alone, with a note, and an
// error without Local. Fit on a single series pools over that series'
// own windows.
type Global struct {
	// Label overrides Name.
	Label string
	// Local is the per-series method averaged with the pooled model; nil
	// uses the pooled model alone.
	Local Method
	// Lags is the number of past values used (default 3 seasons, at least 12).
	Lags int
	// Recent is how many latest origins of each series are used for fitting
	// (default 7 seasons, at least 28).
	Recent int
	// Horizon is the number of steps fitted when Fit is called per series
	// (FitPanel is given it); 0 means 2 seasons, at least 12. Longer
	// forecasts continue the pooled model's last step along Local's (or
	// repeat its last seasonal cycle without Local).
	Horizon int
	// Ridge is the L2 penalty on the lag weights (default 1).
	Ridge float64
}

// Name implements Method.
func (g *Global) Name() string {
	switch {
	case g.Label != "":
		return g.Label
	case g.Local != nil:
		return g.Local.Name() + "-global"
	}
	return "global"
}

// Fit implements Method: FitPanel on y alone.
func (g *Global) Fit(y []float64, season int) (Model, error) {
	ms, errs := g.FitPanel(context.Background(), [][]float64{y}, season, 0, 1)
	return ms[0], errs[0]
}

// globalSettings are the resolved sizes for one fit.
type globalSettings struct {
	m, lags, level, recent, horizon int
	ridge                           float64
}

func (g *Global) settings(m, horizon int) globalSettings {
	s := globalSettings{m: m, lags: g.Lags, recent: g.Recent, horizon: horizon, ridge: g.Ridge}
	if s.lags <= 0 {
		s.lags = max(3*m, 12)
	}
	if s.recent <= 0 {
		s.recent = max(7*m, 28)
	}
	if s.horizon <= 0 {
		s.horizon = g.Horizon
	}
	if s.horizon <= 0 {
		s.horizon = max(2*m, 12)
	}
	if s.ridge <= 0 {
		s.ridge = 1
	}
	s.level = min(m, s.lags)
	if m <= 1 {
		s.level = min(4, s.lags)
	}
	return s
}

// FitPanel implements PanelMethod.
func (g *Global) FitPanel(ctx context.Context, ys [][]float64, season, horizon, workers int) ([]Model, []error) {
	models := make([]Model, len(ys))
	errs := make([]error, len(ys))
	m, err := checkSeason(season)
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return models, errs
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	st := g.settings(m, horizon)
	logs := make([][]float64, len(ys))
	offs := make([]float64, len(ys))
	for i, y := range ys {
		if errs[i] = Validate(y); errs[i] != nil {
			continue
		}
		logs[i], offs[i] = logSeries(y)
	}
	locals := make([]Model, len(ys))
	if g.Local != nil {
		if err := parallel(ctx, len(ys), workers, func(i int) {
			if errs[i] == nil {
				locals[i], errs[i] = g.Local.Fit(ys[i], season)
			}
		}); err != nil {
			for i := range errs {
				errs[i] = err
			}
			return models, errs
		}
	}
	pool := fitPool(logs, st)
	for i := range ys {
		if errs[i] != nil {
			continue
		}
		gm := &globalModel{local: locals[i], st: st}
		switch {
		case pool == nil:
			gm.note = "too little history for the pooled model (fewer feature windows than weights)"
		case len(logs[i]) < st.lags+st.level:
			gm.note = fmt.Sprintf("series too short for the pooled model (n=%d < %d)", len(logs[i]), st.lags+st.level)
		default:
			gm.pool = pool
			gm.logs = logs[i]
			gm.off = offs[i]
		}
		if gm.pool == nil && gm.local == nil {
			errs[i] = fmt.Errorf("fit global: %s", gm.note)
			continue
		}
		models[i] = gm
	}
	return models, errs
}

// logSeries returns log(y+off) with off 0, or 1 when y has a zero, with
// missing values interpolated (y must be valid).
func logSeries(y []float64) ([]float64, float64) {
	x := interpolate(y)
	off := 0.0
	for _, v := range x {
		if v <= 0 {
			off = 1
			break
		}
	}
	for i, v := range x {
		x[i] = math.Log(v + off)
	}
	return x, off
}

// pooledAR is the fitted shared linear map and its residual spread.
type pooledAR struct {
	st globalSettings
	// w[h] holds lags weights and an intercept for step h+1.
	w [][]float64
	// logSD[h] is the RMS log residual of step h+1; cumRel[k] the RMS of
	// the relative error of the sum of steps 1..k+1.
	logSD, cumRel []float64
	windows       int
}

// features writes the lag features of origin t of x into f and returns
// the local level (mean of the last st.level log values before t).
func (st globalSettings) features(x []float64, t int, f []float64) float64 {
	var lv float64
	for k := t - st.level; k < t; k++ {
		lv += x[k]
	}
	lv /= float64(st.level)
	for k := range st.lags {
		f[k] = x[t-st.lags+k] - lv
	}
	f[st.lags] = 1
	return lv
}

// origins returns the first and last+1 fitting origins of a series of n
// values (none when start >= end).
func (st globalSettings) origins(n int) (start, end int) {
	start = max(st.lags, st.level, n-st.horizon-st.recent+1)
	return start, n - st.horizon + 1
}

// fitPool solves the ridge normal equations over every window of every
// series; nil when there are fewer windows than weights.
func fitPool(logs [][]float64, st globalSettings) *pooledAR {
	d := st.lags + 1
	H := st.horizon
	xtx := make([]float64, d*d)
	xty := make([]float64, d*H)
	f := make([]float64, d)
	windows := 0
	for _, x := range logs {
		start, end := st.origins(len(x))
		for t := start; t < end; t++ {
			lv := st.features(x, t, f)
			for a := range d {
				fa := f[a]
				row := xtx[a*d:]
				for b := a; b < d; b++ {
					row[b] += fa * f[b]
				}
				yr := xty[a*H:]
				for h := range H {
					yr[h] += fa * (x[t+h] - lv)
				}
			}
			windows++
		}
	}
	if windows < 2*d {
		return nil
	}
	for a := range d {
		for b := a + 1; b < d; b++ {
			xtx[b*d+a] = xtx[a*d+b]
		}
		if a < st.lags {
			xtx[a*d+a] += st.ridge
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(d, xtx)) {
		return nil
	}
	var w mat.Dense
	if err := ch.SolveTo(&w, mat.NewDense(d, H, xty)); err != nil {
		return nil
	}
	p := &pooledAR{st: st, w: make([][]float64, H), logSD: make([]float64, H), cumRel: make([]float64, H), windows: windows}
	for h := range H {
		p.w[h] = make([]float64, d)
		for a := range d {
			p.w[h][a] = w.At(a, h)
		}
	}
	// Residual spread on the fitting windows (in-sample, so slightly
	// optimistic; d is small against the number of windows).
	pred := make([]float64, H)
	for _, x := range logs {
		start, end := st.origins(len(x))
		for t := start; t < end; t++ {
			lv := st.features(x, t, f)
			var sumA, sumP float64
			for h := range H {
				pred[h] = lv + dot(p.w[h], f)
				e := x[t+h] - pred[h]
				p.logSD[h] += e * e
				a, q := math.Exp(x[t+h]), math.Exp(pred[h])
				sumA += a
				sumP += q
				r := (sumA - sumP) / sumP
				p.cumRel[h] += r * r
			}
		}
	}
	for h := range H {
		p.logSD[h] = math.Sqrt(p.logSD[h] / float64(windows-d))
		p.cumRel[h] = math.Sqrt(p.cumRel[h] / float64(windows-d))
	}
	return p
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// globalModel is one series' fitted Global.
type globalModel struct {
	pool  *pooledAR
	logs  []float64 // the series on the log scale (nil: pooled model unusable)
	off   float64   // logs = log(y + off)
	local Model
	st    globalSettings
	note  string
}

// Describe implements Model.
func (g *globalModel) Describe() string {
	switch {
	case g.pool == nil:
		return g.local.Describe()
	case g.local == nil:
		return "global"
	}
	return "global+" + g.local.Describe()
}

// Forecast implements Model.
func (g *globalModel) Forecast(h int, level float64) (*Forecast, error) {
	level, err := checkForecastArgs(h, level)
	if err != nil {
		return nil, err
	}
	var local *Forecast
	if g.local != nil {
		if local, err = g.local.Forecast(h, level); err != nil {
			return nil, err
		}
	}
	if g.pool == nil {
		local.Notes = append(local.Notes, g.note)
		return local, nil
	}
	pooled := g.pooledForecast(h, level, local)
	if local == nil {
		pooled.clipNonNegative()
		return pooled, nil
	}
	fc := newForecast(g.Describe(), h, level, local.Notes)
	fc.Notes = append(fc.Notes, pooled.Notes...)
	mixForecasts(fc, []*Forecast{pooled, local}, []float64{0.5, 0.5})
	fc.clipNonNegative()
	return fc, nil
}

// pooledForecast is the pooled model's forecast of h steps. Beyond the
// fitted horizon it follows local's shape from the last fitted step, or
// repeats its last season without local.
func (g *globalModel) pooledForecast(h int, level float64, local *Forecast) *Forecast {
	p, st := g.pool, g.st
	fc := newForecast("global", h, level, nil)
	f := make([]float64, st.lags+1)
	lv := st.features(g.logs, len(g.logs), f)
	z := normalQuantile(0.5 + level/2)
	off := g.off
	H := min(h, st.horizon)
	for i := range H {
		mu := lv + dot(p.w[i], f)
		fc.Mean[i] = math.Exp(mu) - off
		fc.Lower[i] = math.Exp(mu-z*p.logSD[i]) - off
		fc.Upper[i] = math.Exp(mu+z*p.logSD[i]) - off
		fc.SD[i] = math.Exp(mu) * p.logSD[i]
	}
	var cum float64
	for i := range H {
		cum += fc.Mean[i] + off
		fc.CumSD[i] = cum * p.cumRel[i]
	}
	if h > H {
		fc.Notes = append(fc.Notes, fmt.Sprintf("pooled model fitted for %d steps: steps %d-%d extend its last step", H, H+1, h))
	}
	for i := H; i < h; i++ {
		ref, src := 1.0, i-H
		if local != nil && local.Mean[H-1] > 0 {
			ref = fc.Mean[H-1] / local.Mean[H-1]
			fc.Mean[i] = local.Mean[i] * ref
			fc.Lower[i] = local.Lower[i] * ref
			fc.Upper[i] = local.Upper[i] * ref
			fc.SD[i] = local.SD[i] * ref
		} else {
			src = H - st.m + (i-H)%max(st.m, 1)
			if st.m <= 1 || src < 0 {
				src = H - 1
			}
			fc.Mean[i], fc.Lower[i], fc.Upper[i], fc.SD[i] = fc.Mean[src], fc.Lower[src], fc.Upper[src], fc.SD[H-1]
		}
		cum += fc.Mean[i]
		grow := float64(i+1) / float64(H)
		fc.CumSD[i] = cum * p.cumRel[H-1] * math.Sqrt(grow)
	}
	return fc
}

package forecast

import (
	"math"
	"sort"
)

// CrostonVariant selects a method for intermittent demand.
type CrostonVariant int

// Variants: Croston's method, the Syntetos-Boylan approximation (SBA,
// Croston debiased by 1-alpha/2) and Teunter-Syntetos-Babai (TSB, which
// smooths the demand probability every period and so decays towards zero
// for items that stopped selling).
const (
	CrostonClassic CrostonVariant = iota
	CrostonSBA
	CrostonTSB
)

// crostonGrid holds the smoothing values tried when Alpha or Beta is 0:
// the in-sample error surface of these methods is flat and noisy, so a
// small grid is more robust than a local optimizer.
var crostonGrid = [...]float64{0.02, 0.05, 0.1, 0.15, 0.2, 0.3}

// Croston forecasts intermittent demand as a flat rate: smoothed demand size
// divided by smoothed interval between demands (classic and SBA), or
// smoothed probability times size (TSB). Intervals use empirical quantiles
// of the in-sample one-step residuals; the cumulative sd assumes
// independent errors, sd*sqrt(h). Missing values are interpolated; season
// is ignored.
type Croston struct {
	Variant CrostonVariant
	// Alpha smooths demand sizes (and intervals); 0 chooses it from a grid
	// by in-sample mean squared error.
	Alpha float64
	// Beta smooths the demand probability (TSB only); 0 chooses it.
	Beta float64
}

// Name implements Method.
func (c *Croston) Name() string {
	return [...]string{"croston", "sba", "tsb"}[c.Variant]
}

// Fit implements Method.
func (c *Croston) Fit(y []float64, season int) (Model, error) {
	if err := Validate(y); err != nil {
		return nil, err
	}
	if _, err := checkSeason(season); err != nil {
		return nil, err
	}
	z := interpolate(y)
	alphas, betas := crostonGrid[:], []float64{0}
	if c.Alpha > 0 {
		alphas = []float64{c.Alpha}
	}
	if c.Variant == CrostonTSB {
		betas = crostonGrid[:]
		if c.Beta > 0 {
			betas = []float64{c.Beta}
		}
	}
	best := math.Inf(1)
	var bestA, bestB float64
	for _, a := range alphas {
		for _, b := range betas {
			_, mse := c.run(z, a, b, nil)
			if mse < best {
				best, bestA, bestB = mse, a, b
			}
		}
	}
	resid := make([]float64, 0, len(z))
	rate, _ := c.run(z, bestA, bestB, &resid)
	sort.Float64s(resid)
	return &crostonModel{name: c.Name(), rate: rate, resid: resid, alpha: bestA, beta: bestB}, nil
}

// run applies the method to z and returns the final forecast rate and the
// in-sample mean squared one-step error; it appends residuals to resid
// when non-nil.
func (c *Croston) run(z []float64, alpha, beta float64, resid *[]float64) (rate, mse float64) {
	first := -1
	var nonzero int
	var sizeSum float64
	for i, v := range z {
		if v > 0 {
			if first < 0 {
				first = i
			}
			nonzero++
			sizeSum += v
		}
	}
	if first < 0 {
		for range z {
			if resid != nil {
				*resid = append(*resid, 0)
			}
		}
		return 0, 0
	}
	var size, interval, prob float64
	switch c.Variant {
	case CrostonTSB:
		size = sizeSum / float64(nonzero)
		prob = float64(nonzero) / float64(len(z))
	default:
		size = z[first]
		interval = float64(first + 1)
	}
	forecast := func() float64 {
		switch c.Variant {
		case CrostonTSB:
			return prob * size
		case CrostonSBA:
			return (1 - alpha/2) * size / interval
		}
		return size / interval
	}
	var sse float64
	var count int
	start := first + 1
	if c.Variant == CrostonTSB {
		start = 0
	}
	q := 0.0
	for t := start; t < len(z); t++ {
		f := forecast()
		e := z[t] - f
		sse += e * e
		count++
		if resid != nil {
			*resid = append(*resid, e)
		}
		q++
		if c.Variant == CrostonTSB {
			if z[t] > 0 {
				prob += beta * (1 - prob)
				size += alpha * (z[t] - size)
			} else {
				prob -= beta * prob
			}
			continue
		}
		if z[t] > 0 {
			size += alpha * (z[t] - size)
			interval += alpha * (q - interval)
			q = 0
		}
	}
	if count == 0 {
		return forecast(), 0
	}
	return forecast(), sse / float64(count)
}

type crostonModel struct {
	name        string
	rate        float64
	resid       []float64 // sorted in-sample residuals
	alpha, beta float64
}

func (m *crostonModel) Describe() string {
	switch m.name {
	case "tsb":
		return "TSB"
	case "sba":
		return "SBA"
	}
	return "Croston"
}

func (m *crostonModel) Forecast(h int, level float64) (*Forecast, error) {
	level, err := checkForecastArgs(h, level)
	if err != nil {
		return nil, err
	}
	f := newForecast(m.Describe(), h, level, nil)
	var ss float64
	for _, r := range m.resid {
		ss += r * r
	}
	rmse := 0.0
	if len(m.resid) > 0 {
		rmse = math.Sqrt(ss / float64(len(m.resid)))
	}
	qlo, qhi := -rmse*normalQuantile(0.5+level/2), rmse*normalQuantile(0.5+level/2)
	if len(m.resid) >= 20 {
		qlo = quantileSorted(m.resid, 0.5-level/2)
		qhi = quantileSorted(m.resid, 0.5+level/2)
	}
	for i := range h {
		f.Mean[i] = m.rate
		f.SD[i] = rmse
		f.CumSD[i] = rmse * math.Sqrt(float64(i+1))
		f.Lower[i] = m.rate + qlo
		f.Upper[i] = m.rate + qhi
	}
	f.clipNonNegative()
	return f, nil
}

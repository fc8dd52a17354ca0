package forecast

import (
	"fmt"
	"math"
	"strings"
)

// Auto chooses a method per series by rolling-origin back-testing on the
// series it is given (the training part only: nothing after the end of y is
// looked at). For origins T-h, T-2h, ... it fits each candidate on the
// values before the origin, forecasts h steps and scores MASE; the
// candidate with the lowest mean MASE is refitted on all of y.
//
// When y is too short for a single origin it falls back to the first
// candidate and notes it.
type Auto struct {
	// Candidates to choose from. Nil means ETS and seasonal naive, plus
	// SBA and TSB for intermittent series (at least 30% zeros).
	Candidates []Method
	// Horizon of each back-test window; 0 means the season (at least 6).
	Horizon int
	// Origins is the number of back-test windows (default 3).
	Origins int
}

// Name implements Method.
func (a *Auto) Name() string { return "auto" }

// intermittent reports whether at least 30% of the observed values are 0.
func intermittent(y []float64) bool {
	var zeros, n int
	for _, v := range y {
		if math.IsNaN(v) {
			continue
		}
		n++
		if v == 0 {
			zeros++
		}
	}
	return n > 0 && float64(zeros) >= 0.3*float64(n)
}

// Fit implements Method.
func (a *Auto) Fit(y []float64, season int) (Model, error) {
	if err := Validate(y); err != nil {
		return nil, err
	}
	m, err := checkSeason(season)
	if err != nil {
		return nil, err
	}
	cands := a.Candidates
	if cands == nil {
		cands = []Method{&ETS{}, SeasonalNaive{}}
		if intermittent(y) {
			cands = append(cands, &Croston{Variant: CrostonSBA}, &Croston{Variant: CrostonTSB})
		}
	}
	h := a.Horizon
	if h <= 0 {
		h = max(m, 6)
	}
	origins := a.Origins
	if origins <= 0 {
		origins = 3
	}
	minTrain := max(2*m, 8)
	var starts []int
	for k := range origins {
		o := len(y) - h*(k+1)
		if o < minTrain {
			break
		}
		starts = append(starts, o)
	}
	if len(starts) == 0 {
		model, err := cands[0].Fit(y, m)
		if err != nil {
			return nil, err
		}
		return &autoModel{Model: model, note: fmt.Sprintf("auto: series too short to back-test (n=%d): used %s", len(y), cands[0].Name())}, nil
	}
	scale := MASEScale(interpolate(y), m)
	if scale == 0 {
		scale = 1
	}
	best, bestScore := -1, math.Inf(1)
	scores := make([]string, 0, len(cands))
	for ci, c := range cands {
		var sum float64
		var cnt int
		for _, o := range starts {
			md, err := c.Fit(y[:o], m)
			if err != nil {
				continue
			}
			fc, err := md.Forecast(h, 0)
			if err != nil {
				continue
			}
			if v := MASE(y[o:o+h], fc.Mean, scale); !math.IsNaN(v) {
				sum += v
				cnt++
			}
		}
		if cnt < len(starts) {
			continue
		}
		score := sum / float64(cnt)
		scores = append(scores, fmt.Sprintf("%s %.3f", c.Name(), score))
		if score < bestScore {
			best, bestScore = ci, score
		}
	}
	if best < 0 {
		best = 0
	}
	model, err := cands[best].Fit(y, m)
	if err != nil {
		return nil, err
	}
	note := fmt.Sprintf("auto: chose %s by back-test MASE over %d origins (%s)", cands[best].Name(), len(starts), strings.Join(scores, ", "))
	return &autoModel{Model: model, note: note}, nil
}

// autoModel is the chosen, refitted candidate with a note on the choice.
type autoModel struct {
	Model
	note string
}

// Forecast implements Model, adding the choice to the notes.
func (a *autoModel) Forecast(h int, level float64) (*Forecast, error) {
	fc, err := a.Model.Forecast(h, level)
	if err != nil {
		return nil, err
	}
	fc.Notes = append(fc.Notes, a.note)
	return fc, nil
}

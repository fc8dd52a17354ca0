package forecast

import (
	"math"

	"github.com/shopmind/shopmind"
)

// DefaultLevel is the prediction-interval level used when a caller passes 0.
const DefaultLevel = 0.95

// Method is a forecasting method. Fit must not modify y and must be safe to
// call from several goroutines at once.
type Method interface {
	// Name is a short identifier, for example "ets" or "snaive".
	Name() string
	// Fit fits the method to y (equally spaced, NaN for missing) with seasonal
	// period season (1 or 0 for none). It returns an EINVALID *shopmind.Error
	// for unusable input.
	Fit(y []float64, season int) (Model, error)
}

// Model is a fitted method.
type Model interface {
	// Forecast returns the next h values with prediction intervals at level
	// (0 < level < 1; 0 means DefaultLevel). It returns EINVALID for h < 1 or
	// a level outside (0, 1).
	Forecast(h int, level float64) (*Forecast, error)
	// Describe names the fitted model, for example "ETS(M,Ad,M)".
	Describe() string
}

// Forecast is a point forecast with prediction intervals.
type Forecast struct {
	// Method is the fitted model's description.
	Method string `json:"method"`
	// Mean holds the point forecasts for steps 1..h.
	Mean []float64 `json:"mean"`
	// Lower and Upper bound the prediction interval at Level.
	Lower []float64 `json:"lower"`
	Upper []float64 `json:"upper"`
	// Level is the interval's nominal coverage, for example 0.95.
	Level float64 `json:"level"`
	// SD is the standard deviation of the forecast error at each step.
	SD []float64 `json:"sd"`
	// CumSD[k] is the standard deviation of the error of the sum of steps
	// 1..k+1: the lead-time demand uncertainty used by Advise.
	CumSD []float64 `json:"cum_sd"`
	// Notes records fallbacks taken, for example a season dropped because
	// the series was too short.
	Notes []string `json:"notes,omitempty"`
}

// checkForecastArgs validates h and level and returns the level to use.
func checkForecastArgs(h int, level float64) (float64, error) {
	if h < 1 {
		return 0, shopmind.FieldErrorf("horizon", "horizon must be at least 1, got %d", h)
	}
	if level == 0 {
		level = DefaultLevel
	}
	if !(level > 0 && level < 1) {
		return 0, shopmind.FieldErrorf("level", "level must be in (0, 1), got %g", level)
	}
	return level, nil
}

// newForecast allocates a Forecast for h steps.
func newForecast(method string, h int, level float64, notes []string) *Forecast {
	return &Forecast{
		Method: method,
		Mean:   make([]float64, h),
		Lower:  make([]float64, h),
		Upper:  make([]float64, h),
		Level:  level,
		SD:     make([]float64, h),
		CumSD:  make([]float64, h),
		Notes:  append([]string(nil), notes...),
	}
}

// normalIntervals fills Lower and Upper from Mean and SD with normal quantiles.
func (f *Forecast) normalIntervals() {
	z := normalQuantile(0.5 + f.Level/2)
	for i := range f.Mean {
		f.Lower[i] = f.Mean[i] - z*f.SD[i]
		f.Upper[i] = f.Mean[i] + z*f.SD[i]
	}
}

// clipNonNegative clips means and bounds at zero: demand cannot be negative
// and every accepted series is non-negative.
func (f *Forecast) clipNonNegative() {
	for i := range f.Mean {
		f.Mean[i] = math.Max(f.Mean[i], 0)
		f.Lower[i] = math.Max(f.Lower[i], 0)
		f.Upper[i] = math.Max(f.Upper[i], 0)
	}
}

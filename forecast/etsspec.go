package forecast

import "fmt"

// ErrorType is the error component of an ETS model.
type ErrorType int

// Error types: additive (A) or multiplicative (M, relative errors).
const (
	ErrorAdditive ErrorType = iota
	ErrorMultiplicative
)

// TrendType is the trend component of an ETS model.
type TrendType int

// Trend types: none (N), additive (A) and additive damped (Ad).
const (
	TrendNone TrendType = iota
	TrendAdditive
	TrendDamped
)

// SeasonType is the seasonal component of an ETS model.
type SeasonType int

// Seasonal types: none (N), additive (A) and multiplicative (M).
const (
	SeasonNone SeasonType = iota
	SeasonAdditive
	SeasonMultiplicative
)

// Spec names one ETS model by its error, trend and seasonal components, as in
// Hyndman et al. (2008): ETS(A,N,N) is simple exponential smoothing,
// ETS(A,Ad,N) damped Holt, ETS(A,A,A) and ETS(A,A,M) Holt-Winters.
type Spec struct {
	Error  ErrorType
	Trend  TrendType
	Season SeasonType
}

// String returns the ETS(E,T,S) notation.
func (s Spec) String() string {
	e := [...]string{"A", "M"}[s.Error]
	t := [...]string{"N", "A", "Ad"}[s.Trend]
	ss := [...]string{"N", "A", "M"}[s.Season]
	return fmt.Sprintf("ETS(%s,%s,%s)", e, t, ss)
}

// multiplicative reports whether the model needs strictly positive data.
func (s Spec) multiplicative() bool {
	return s.Error == ErrorMultiplicative || s.Season == SeasonMultiplicative
}

// linear reports whether analytic prediction intervals apply (class 1 and 2
// of Hyndman et al.: additive errors, no multiplicative seasonality).
func (s Spec) linear() bool {
	return s.Error == ErrorAdditive && s.Season != SeasonMultiplicative
}

// nonSeasonal returns s without its seasonal component.
func (s Spec) nonSeasonal() Spec {
	s.Season = SeasonNone
	return s
}

// DefaultSpecs lists the models ETS chooses among by default: every
// combination of error {A, M}, trend {N, A, Ad} and season {N, A, M} except
// additive errors with multiplicative seasonality, whose forecast variance
// can be infinite (the "restrict" rule of R's forecast::ets).
func DefaultSpecs() []Spec {
	var out []Spec
	for _, e := range []ErrorType{ErrorAdditive, ErrorMultiplicative} {
		for _, t := range []TrendType{TrendNone, TrendAdditive, TrendDamped} {
			for _, s := range []SeasonType{SeasonNone, SeasonAdditive, SeasonMultiplicative} {
				if e == ErrorAdditive && s == SeasonMultiplicative {
					continue
				}
				out = append(out, Spec{e, t, s})
			}
		}
	}
	return out
}

// SES returns simple exponential smoothing, ETS(A,N,N).
func SES() *ETS { return &ETS{Label: "ses", Models: []Spec{{ErrorAdditive, TrendNone, SeasonNone}}} }

// Holt returns Holt's linear method, ETS(A,A,N), or damped, ETS(A,Ad,N).
func Holt(damped bool) *ETS {
	if damped {
		return &ETS{Label: "holt-damped", Models: []Spec{{ErrorAdditive, TrendDamped, SeasonNone}}}
	}
	return &ETS{Label: "holt", Models: []Spec{{ErrorAdditive, TrendAdditive, SeasonNone}}}
}

// HoltWinters returns Holt-Winters with additive, ETS(A,A,A), or
// multiplicative seasonality, ETS(A,A,M); damped uses a damped trend.
func HoltWinters(multiplicative, damped bool) *ETS {
	sp := Spec{ErrorAdditive, TrendAdditive, SeasonAdditive}
	label := "hw-add"
	if multiplicative {
		sp.Season = SeasonMultiplicative
		label = "hw-mul"
	}
	if damped {
		sp.Trend = TrendDamped
		label += "-damped"
	}
	return &ETS{Label: label, Models: []Spec{sp}}
}

// FastETS returns ETS restricted to additive-error models without and with
// an additive season, each with no trend or a damped trend (ETS(A,N,N),
// ETS(A,Ad,N), ETS(A,N,A), ETS(A,Ad,A)), each fitted once with the quick
// settings (see ETS.Quick): for many long daily item series, where the
// full search costs too much. Additive models also fit series with zeros.
func FastETS() *ETS {
	var specs []Spec
	for _, s := range []SeasonType{SeasonNone, SeasonAdditive} {
		for _, t := range []TrendType{TrendNone, TrendDamped} {
			specs = append(specs, Spec{ErrorAdditive, t, s})
		}
	}
	return &ETS{Label: "ets-fast", Models: specs, Quick: true, MaxEvals: 300}
}

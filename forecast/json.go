package forecast

import (
	"encoding/json"
	"math"
)

// nullable returns nil for NaN or infinite x so JSON gets null.
func nullable(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// MarshalJSON writes undefined scores (NaN) as null.
func (s SeriesScore) MarshalJSON() ([]byte, error) {
	type alias SeriesScore
	return json.Marshal(struct {
		alias
		MASE     *float64 `json:"mase"`
		SMAPE    *float64 `json:"smape"`
		Coverage *float64 `json:"coverage"`
	}{alias(s), nullable(s.MASE), nullable(s.SMAPE), nullable(s.Coverage)})
}

// MarshalJSON writes undefined scores (NaN) as null.
func (m MethodScore) MarshalJSON() ([]byte, error) {
	type alias MethodScore
	return json.Marshal(struct {
		alias
		MASE       *float64 `json:"mase"`
		MedianMASE *float64 `json:"median_mase"`
		SMAPE      *float64 `json:"smape"`
		Coverage   *float64 `json:"coverage"`
	}{alias(m), nullable(m.MASE), nullable(m.MedianMASE), nullable(m.SMAPE), nullable(m.Coverage)})
}

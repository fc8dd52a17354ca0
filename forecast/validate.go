package forecast

import (
	"fmt"
	"math"

	"github.com/shopmind/shopmind"
)

// Validate checks y for use by a Method: at least one observed value, no
// negative or infinite values. NaN marks a missing value and is allowed.
// Errors are EINVALID and name the field ("values" or "values[i]").
func Validate(y []float64) error {
	observed := 0
	for i, v := range y {
		switch {
		case math.IsNaN(v):
			continue
		case math.IsInf(v, 0):
			return shopmind.FieldErrorf(fmt.Sprintf("values[%d]", i), "value %d is infinite", i)
		case v < 0:
			return shopmind.FieldErrorf(fmt.Sprintf("values[%d]", i), "value %d is negative (%g); demand must be non-negative", i, v)
		}
		observed++
	}
	if observed == 0 {
		return shopmind.FieldErrorf("values", "series has no observed values")
	}
	return nil
}

// checkSeason validates a seasonal period; 0 is treated as 1 (none).
func checkSeason(season int) (int, error) {
	if season < 0 {
		return 0, shopmind.FieldErrorf("season", "season must be non-negative, got %d", season)
	}
	if season == 0 {
		season = 1
	}
	return season, nil
}

// interpolate returns a copy of y with missing values filled: interior gaps
// linearly, leading gaps with the first observed value and trailing gaps with
// the last. y must hold at least one observed value.
func interpolate(y []float64) []float64 {
	out := make([]float64, len(y))
	copy(out, y)
	prev := -1
	for i, v := range out {
		if math.IsNaN(v) {
			continue
		}
		switch {
		case prev == -1:
			for j := 0; j < i; j++ {
				out[j] = v
			}
		case i-prev > 1:
			a := out[prev]
			for j := prev + 1; j < i; j++ {
				t := float64(j-prev) / float64(i-prev)
				out[j] = a + t*(v-a)
			}
		}
		prev = i
	}
	for j := prev + 1; j < len(out); j++ {
		out[j] = out[prev]
	}
	return out
}

// hasMissing reports whether y holds a NaN.
func hasMissing(y []float64) bool {
	for _, v := range y {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}

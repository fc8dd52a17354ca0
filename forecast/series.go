package forecast

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/shopmind/shopmind"
)

// Freq is the spacing of a series' dates.
type Freq int

// Frequencies.
const (
	Daily Freq = iota
	Weekly
	Monthly
)

// String returns "daily", "weekly" or "monthly".
func (f Freq) String() string { return [...]string{"daily", "weekly", "monthly"}[f] }

// Series is one item's history: values at equally spaced dates once
// regularised. NaN marks a missing value.
type Series struct {
	ID     string      `json:"id"`
	Dates  []time.Time `json:"dates,omitempty"`
	Values []float64   `json:"values"`
}

// Fill says what Regularize puts in a date gap.
type Fill int

// Fill modes: Missing (NaN, for measurements such as turnover) or Zero (for
// demand built from orders, where a day without orders sold nothing).
const (
	FillMissing Fill = iota
	FillZero
)

// InferFreq guesses the spacing of sorted dates: Monthly when every date is
// the first of a month and consecutive dates are whole months apart, Weekly
// when every gap is a multiple of 7 days, Daily otherwise.
func InferFreq(dates []time.Time) Freq {
	monthly, weekly := true, true
	for i, d := range dates {
		if d.Day() != 1 {
			monthly = false
		}
		if i > 0 {
			days := int(math.Round(d.Sub(dates[i-1]).Hours() / 24))
			if days%7 != 0 {
				weekly = false
			}
		}
	}
	switch {
	case monthly && len(dates) > 1:
		return Monthly
	case weekly && len(dates) > 1:
		return Weekly
	}
	return Daily
}

// step returns d advanced by k periods of f.
func (f Freq) step(d time.Time, k int) time.Time {
	switch f {
	case Monthly:
		return d.AddDate(0, k, 0)
	case Weekly:
		return d.AddDate(0, 0, 7*k)
	}
	return d.AddDate(0, 0, k)
}

// periodsBetween returns how many periods of f separate a and b (b >= a).
func (f Freq) periodsBetween(a, b time.Time) int {
	switch f {
	case Monthly:
		return (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	case Weekly:
		return int(math.Round(b.Sub(a).Hours() / (24 * 7)))
	}
	return int(math.Round(b.Sub(a).Hours() / 24))
}

// Regularize sorts s by date and returns a copy on the regular grid of freq
// from the first to the last date, with gaps filled per fill. It returns
// EINVALID for duplicate dates (field "dates[i]"), dates off the grid, or
// mismatched lengths, and reports how many values it filled.
func Regularize(s Series, freq Freq, fill Fill) (Series, int, error) {
	if len(s.Dates) != len(s.Values) {
		return Series{}, 0, shopmind.FieldErrorf("dates", "series %q has %d dates and %d values", s.ID, len(s.Dates), len(s.Values))
	}
	if len(s.Dates) == 0 {
		return Series{}, 0, shopmind.FieldErrorf("values", "series %q is empty", s.ID)
	}
	idx := make([]int, len(s.Dates))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return s.Dates[idx[a]].Before(s.Dates[idx[b]]) })
	start := s.Dates[idx[0]]
	n := freq.periodsBetween(start, s.Dates[idx[len(idx)-1]]) + 1
	out := Series{ID: s.ID, Dates: make([]time.Time, n), Values: make([]float64, n)}
	seen := make([]bool, n)
	for k := range n {
		out.Dates[k] = freq.step(start, k)
	}
	for _, i := range idx {
		k := freq.periodsBetween(start, s.Dates[i])
		if k < 0 || k >= n || !out.Dates[k].Equal(s.Dates[i]) {
			return Series{}, 0, shopmind.FieldErrorf(fmt.Sprintf("dates[%d]", i), "series %q: date %s is not on the %s grid", s.ID, s.Dates[i].Format(time.DateOnly), freq)
		}
		if seen[k] {
			return Series{}, 0, shopmind.FieldErrorf(fmt.Sprintf("dates[%d]", i), "series %q: duplicate date %s", s.ID, s.Dates[i].Format(time.DateOnly))
		}
		seen[k] = true
		out.Values[k] = s.Values[i]
	}
	filled := 0
	for k, ok := range seen {
		if ok {
			continue
		}
		filled++
		if fill == FillZero {
			out.Values[k] = 0
		} else {
			out.Values[k] = math.NaN()
		}
	}
	return out, filled, nil
}

// Panel is a set of series keyed by id.
type Panel map[string]Series

// Get returns the series with the given id, or an ENOTFOUND *shopmind.Error
// naming field "item" when there is none.
func (p Panel) Get(id string) (Series, error) {
	s, ok := p[id]
	if !ok {
		return Series{}, &shopmind.Error{Code: shopmind.ENOTFOUND, Field: "item", Message: fmt.Sprintf("no demand history for item %q", id)}
	}
	return s, nil
}

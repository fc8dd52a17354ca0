package forecast

import (
	"fmt"
	"math"
	"slices"
)

// SpikeRule says how Clean finds demand spikes that no calendar flagged:
// a period more than High robust standard deviations above its baseline
// starts a spike, and its neighbours more than Low above belong to it.
type SpikeRule struct {
	// High is the threshold that starts a spike, in robust standard
	// deviations above the baseline.
	High float64
	// Low is the threshold that extends a spike to its neighbours.
	Low float64
	// MaxRun is the longest run of high periods still taken as a spike;
	// a longer one is a change of level and is kept. 0 means 3 seasons
	// (21 days for daily data).
	MaxRun int
}

// DefaultSpikeRule is the rule stock advice uses: start at 4 robust
// standard deviations, extend at 2, at most 3 seasons long.
func DefaultSpikeRule() SpikeRule { return SpikeRule{High: 4, Low: 2} }

// Cleaned is a series with its event and spike periods replaced by a
// robust baseline.
type Cleaned struct {
	// Values is the series with every replaced period set to Baseline.
	Values []float64
	// Baseline is the robust level plus seasonal pattern of each period,
	// estimated from the periods that are neither labelled nor spikes.
	Baseline []float64
	// Replaced marks the periods set to the baseline.
	Replaced []bool
	// Known counts the labelled periods replaced; Spikes the periods of
	// detected spikes.
	Known, Spikes int
}

// Clean replaces the periods of known events (known[t] true; known may be
// nil) and, when rule is not nil, unflagged upward spikes by a robust
// baseline, so that a model fitted to the result describes normal periods.
//
// The baseline is a centred running median (4 seasons either side, 3 to 28
// periods) plus, with at least 3 seasons of normal periods, the median
// deviation of each seasonal position. Spikes are judged on the square-root
// scale of counts, against the larger of the residuals' scaled median
// absolute deviation and 1 (Poisson noise on that scale). Two rounds are run:
// the second estimates the baseline without the first round's spikes.
//
// Spikes are only looked for where they can be told from normal demand:
// not in intermittent series (at least 30% zeros, where lumpy demand is
// normal and Croston models it), and a run of high periods that is still
// going at the end of the series, or longer than MaxRun, is kept as a
// possible new level. Missing values (NaN) stay missing. It panics if
// known is not nil and not as long as y.
func Clean(y []float64, season int, known []bool, rule *SpikeRule) *Cleaned {
	if known != nil && len(known) != len(y) {
		panic(fmt.Sprintf("forecast: Clean: %d known flags for %d values", len(known), len(y)))
	}
	n := len(y)
	c := &Cleaned{Values: slices.Clone(y), Baseline: make([]float64, n), Replaced: make([]bool, n)}
	m := max(season, 1)
	exclude := make([]bool, n)
	for t := range y {
		exclude[t] = math.IsNaN(y[t]) || (known != nil && known[t])
	}
	detect := rule != nil && !intermittent(y)
	spikes := make([]bool, n)
	rounds := 1
	if detect {
		rounds = 2
	}
	for range rounds {
		skip := make([]bool, n)
		for t := range skip {
			skip[t] = exclude[t] || spikes[t]
		}
		if !baseline(c.Baseline, y, m, skip) {
			return c // nothing normal to estimate from: leave y as it is
		}
		if detect {
			spikes = findSpikes(y, c.Baseline, exclude, m, *rule)
		}
	}
	for t := range y {
		switch {
		case math.IsNaN(y[t]):
		case known != nil && known[t]:
			c.Known++
		case spikes[t]:
			c.Spikes++
		default:
			continue
		}
		if !math.IsNaN(y[t]) {
			c.Values[t], c.Replaced[t] = c.Baseline[t], true
		}
	}
	return c
}

// baseline fills dst with a running median of the values not skipped plus
// a seasonal term; it reports false when every value is skipped.
func baseline(dst, y []float64, m int, skip []bool) bool {
	n := len(y)
	w := min(max(4*m, 3), 28)
	buf := make([]float64, 0, 2*w+1)
	var all []float64
	for t := range y {
		if !skip[t] {
			all = append(all, y[t])
		}
	}
	if len(all) == 0 {
		return false
	}
	slices.Sort(all)
	global := medianSorted(all)
	// A sorted window slid one period at a time: O(w) a step.
	for j := 0; j <= min(n-1, w); j++ {
		if !skip[j] {
			buf = sortedInsert(buf, y[j])
		}
	}
	for t := range n {
		if t > 0 {
			if j := t + w; j < n && !skip[j] {
				buf = sortedInsert(buf, y[j])
			}
			if j := t - w - 1; j >= 0 && !skip[j] {
				buf = sortedRemove(buf, y[j])
			}
		}
		if len(buf) < 3 {
			dst[t] = global
			continue
		}
		dst[t] = medianSorted(buf)
	}
	if m > 1 && len(all) >= 3*m {
		pos := make([][]float64, m)
		for t := range y {
			if !skip[t] {
				pos[t%m] = append(pos[t%m], y[t]-dst[t])
			}
		}
		seas := make([]float64, m)
		for p, d := range pos {
			if len(d) >= 2 {
				slices.Sort(d)
				seas[p] = medianSorted(d)
			}
		}
		for t := range dst {
			dst[t] += seas[t%m]
		}
	}
	for t := range dst {
		dst[t] = math.Max(dst[t], 0)
	}
	return true
}

// findSpikes marks the runs of high values that rule calls spikes. Values
// are compared on the square-root scale of counts (Anscombe's 2·sqrt(v+3/8),
// where Poisson noise has standard deviation about 1), so a slow mover's
// 5 on a 2-a-day baseline is not a spike while a fast mover's 30 on 8 is.
func findSpikes(y, base []float64, exclude []bool, m int, rule SpikeRule) []bool {
	n := len(y)
	g := func(v float64) float64 { return 2 * math.Sqrt(math.Max(v, 0)+0.375) }
	var res []float64
	last := -1
	for t := range y {
		if !exclude[t] {
			res = append(res, g(y[t])-g(base[t]))
			last = t
		}
	}
	out := make([]bool, n)
	if len(res) < 2*m+2 {
		return out
	}
	slices.Sort(res)
	med := medianSorted(res)
	for i, r := range res {
		res[i] = math.Abs(r - med)
	}
	slices.Sort(res)
	sigma := math.Max(1.4826*medianSorted(res), 1)
	maxRun := rule.MaxRun
	if maxRun <= 0 {
		maxRun = 3 * m
	}
	above := func(t int, k float64) bool {
		return !exclude[t] && g(y[t])-g(base[t]) > k*sigma
	}
	for t := 0; t < n; t++ {
		if !above(t, rule.High) || out[t] {
			continue
		}
		lo, hi := t, t
		for lo > 0 && above(lo-1, rule.Low) {
			lo--
		}
		for hi < n-1 && above(hi+1, rule.Low) {
			hi++
		}
		if hi >= last || hi-lo+1 > maxRun {
			t = hi
			continue // still going at the end, or too long: maybe a new level
		}
		for k := lo; k <= hi; k++ {
			out[k] = true
		}
		t = hi
	}
	return out
}

// sortedInsert inserts v into sorted xs.
func sortedInsert(xs []float64, v float64) []float64 {
	i, _ := slices.BinarySearch(xs, v)
	return slices.Insert(xs, i, v)
}

// sortedRemove removes one v from sorted xs, which holds it.
func sortedRemove(xs []float64, v float64) []float64 {
	i, _ := slices.BinarySearch(xs, v)
	return slices.Delete(xs, i, i+1)
}

// medianSorted is the median of sorted non-empty xs.
func medianSorted(xs []float64) float64 { return quantileSorted(xs, 0.5) }

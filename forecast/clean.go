package forecast

import (
	"fmt"
	"math"
	"slices"
)

// SpikeRule says how Clean finds demand spikes that no calendar flagged.
// A window of 1, 3 or 7 consecutive periods whose summed excess over the
// baseline is more than High robust standard deviations (of that sum) is
// a spike, made of its periods more than Low deviations above the
// baseline. Windows let a week of moderately high sales of a slow mover
// count as one spike, where no single day stands out.
type SpikeRule struct {
	// High is the threshold of a window's summed excess, in robust
	// standard deviations of the sum.
	High float64
	// Low is how far above the baseline a period of a spike window must
	// be to be replaced, in robust standard deviations.
	Low float64
	// MaxRun is the longest run of high periods still taken as a spike;
	// a longer one is a change of level and is kept. 0 means 3 seasons
	// (21 days for daily data).
	MaxRun int
}

// DefaultSpikeRule is the rule stock advice uses: windows above 4 robust
// standard deviations, their periods above 1, runs of at most 3 seasons.
func DefaultSpikeRule() SpikeRule { return SpikeRule{High: 4, Low: 1} }

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
// The baseline is a centred running median (4 seasons either side, 3 to
// 28 periods) plus, with at least 3 seasons of normal periods, the
// interquartile mean of the deviations from it at the same seasonal
// position within 4 seasons either side (8 weeks for daily data). Spikes are judged on the square-root
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
	detect := rule != nil
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
	global := midMean(all)
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
		// The seasonal term of t: the interquartile mean of the
		// deviations at t's seasonal position within 4 seasons either
		// side (8 for a weekly season: daily counts are noisy), so a
		// pattern that grows with the level (or drifts) is followed.
		dev := make([]float64, n)
		for t := range y {
			dev[t] = y[t] - dst[t]
		}
		seas := make([]float64, n)
		span := max(4, (56+m-1)/m) // seasons either side: 4, or 8 weeks of daily counts
		near := make([]float64, 0, 2*span+1)
		for t := range y {
			near = near[:0]
			for j := t - span*m; j <= t+span*m; j += m {
				if j >= 0 && j < n && !skip[j] {
					near = append(near, dev[j])
				}
			}
			if len(near) >= 3 {
				slices.Sort(near)
				seas[t] = midMean(near)
			}
		}
		for t := range dst {
			dst[t] += seas[t]
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
	e := make([]float64, n) // excess in sds; 0 where excluded
	for t := range y {
		if !exclude[t] {
			e[t] = (g(y[t]) - g(base[t])) / sigma
		}
	}
	marked := make([]bool, n)
	for _, L := range []int{1, 3, 7} {
		for t := 0; t+L <= n; t++ {
			var sum float64
			k := 0
			for j := t; j < t+L; j++ {
				if !exclude[j] {
					sum += e[j]
					k++
				}
			}
			if k == 0 || sum/math.Sqrt(float64(k)) <= rule.High {
				continue
			}
			for j := t; j < t+L; j++ {
				if !exclude[j] && e[j] > rule.Low {
					marked[j] = true
				}
			}
		}
	}
	for t := 0; t < n; t++ {
		if !marked[t] {
			continue
		}
		hi := t
		for hi+1 < n && marked[hi+1] {
			hi++
		}
		// A run reaching the end is cut back to its last period above half
		// the threshold; if that is the end itself, the surge is still
		// going and may be a new level: it is kept, as is a run too long.
		end := hi
		if hi == last {
			for end >= t && (exclude[end] || e[end] <= rule.High/2) {
				end--
			}
		}
		// The run itself must stand out as a window does.
		var sum float64
		for k := t; k <= end; k++ {
			sum += e[k]
		}
		if end >= t && end < last && end-t+1 <= maxRun && sum/math.Sqrt(float64(end-t+1)) > rule.High {
			for k := t; k <= end; k++ {
				out[k] = true
			}
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

// midMean is the interquartile mean of sorted non-empty xs: the mean of
// its middle half. Unlike the median it does not round a slow mover's
// level of 0.5 a day down to 0, and like it, it ignores the top quarter,
// where spikes are.
func midMean(xs []float64) float64 {
	n := len(xs)
	lo, hi := n/4, n-n/4
	if hi <= lo {
		return medianSorted(xs)
	}
	var s float64
	for _, x := range xs[lo:hi] {
		s += x
	}
	return s / float64(hi-lo)
}

// medianSorted is the median of sorted non-empty xs.
func medianSorted(xs []float64) float64 { return quantileSorted(xs, 0.5) }

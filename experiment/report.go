package experiment

import (
	"fmt"
	"math"
	"time"

	"github.com/shopmind/shopmind"
)

// Report turns the variants' tallies into results: estimates with
// intervals, comparisons with the control and the peeking guard. The
// per-comparison level is the experiment's alpha divided by the number of
// comparisons (Bonferroni); every interval is at 1 minus that level.
func Report(e *shopmind.Experiment, tallies []*Tally, now time.Time) *shopmind.ExperimentResults {
	k := max(1, len(e.Variants)-1)
	alpha := e.Significance() / float64(k)
	conf := 1 - alpha
	res := &shopmind.ExperimentResults{Experiment: e, Alpha: alpha, Confidence: conf, AsOf: now.UTC(),
		Variants: []shopmind.VariantResult{}, Comparisons: []shopmind.Comparison{}}

	moments := map[string]Moments{}
	byName := map[string]*Tally{}
	final := e.Horizon > 0
	for _, t := range tallies {
		users := len(t.UserRevenue)
		var m Moments
		for _, r := range t.UserRevenue {
			m.add(r)
		}
		m = m.finish()
		moments[t.Variant], byName[t.Variant] = m, t
		vr := shopmind.VariantResult{Variant: t.Variant, Users: users, Exposures: t.Exposures, Clicks: t.Clicks,
			Converters: t.Converters, Purchases: t.Purchases, Revenue: round(t.Revenue)}
		vr.CTR = proportion(t.Clicks, t.Exposures, conf)
		vr.Conversion = proportion(t.Converters, users, conf)
		lo, hi := MeanInterval(m, conf)
		vr.RevenuePerUser = estimate(m.Mean, lo, hi)
		res.Variants = append(res.Variants, vr)
		if users < e.Horizon {
			final = false
		}
	}
	res.Final = final

	control := e.Control
	if control == "" && len(e.Variants) > 0 {
		control = e.Variants[0].Name
	}
	ctl, ok := byName[control]
	if !ok {
		res.Status = "The control variant has no data."
		return res
	}
	cu := len(ctl.UserRevenue)
	for _, t := range tallies {
		if t.Variant == control {
			continue
		}
		n := len(t.UserRevenue)
		c := shopmind.Comparison{Variant: t.Variant}

		pc, pv := rate(ctl.Converters, cu), rate(t.Converters, n)
		lo, hi := DiffInterval(ctl.Converters, cu, t.Converters, n, conf)
		c.Conversion = shopmind.Lift{Difference: estimate(pv-pc, lo, hi), Relative: relative(pv, pc)}
		if smallCells(ctl.Converters, cu, t.Converters, n) {
			c.Conversion.PValue, c.Conversion.Test = FisherExact(t.Converters, n-t.Converters, ctl.Converters, cu-ctl.Converters), NameFisher
		} else {
			_, c.Conversion.PValue = TwoProportionZ(ctl.Converters, cu, t.Converters, n)
			c.Conversion.Test = NameZ
		}

		mc, mv := moments[control], moments[t.Variant]
		_, _, p := Welch(mc, mv)
		lo, hi = WelchInterval(mc, mv, conf)
		c.RevenuePerUser = shopmind.Lift{Difference: estimate(mv.Mean-mc.Mean, lo, hi), Relative: relative(mv.Mean, mc.Mean),
			PValue: p, Test: NameWelch}
		c.Conversion.PValue, c.RevenuePerUser.PValue = round6(c.Conversion.PValue), round6(c.RevenuePerUser.PValue)
		c.Significant = final && (c.Conversion.PValue < alpha || c.RevenuePerUser.PValue < alpha)
		res.Comparisons = append(res.Comparisons, c)
	}
	res.Status = status(e, res, control)
	return res
}

// status explains in one sentence how far the results can be trusted.
func status(e *shopmind.Experiment, res *shopmind.ExperimentResults, control string) string {
	minUsers := math.MaxInt
	for _, v := range res.Variants {
		minUsers = min(minUsers, v.Users)
	}
	switch {
	case e.Horizon == 0:
		return "No horizon was set: p-values are descriptive only and nothing is called significant."
	case !res.Final && e.Status == shopmind.ExperimentStopped:
		return fmt.Sprintf("Stopped before the horizon (%d of %d users in the smallest variant): the tests are underpowered and not final.", minUsers, e.Horizon)
	case !res.Final:
		return fmt.Sprintf("Provisional: %d of %d users in the smallest variant. Do not stop early on these p-values; wait for the horizon.", minUsers, e.Horizon)
	}
	for _, c := range res.Comparisons {
		if c.Significant {
			return fmt.Sprintf("Final: the horizon of %d users per variant is reached; at least one variant differs from %s at alpha %.3g.", e.Horizon, control, res.Alpha)
		}
	}
	return fmt.Sprintf("Final: the horizon of %d users per variant is reached; no variant differs significantly from %s.", e.Horizon, control)
}

// smallCells reports whether any expected count of the 2×2 table is below
// 5, where the z-test's normal approximation is poor.
func smallCells(k1, n1, k2, n2 int) bool {
	n := n1 + n2
	if n == 0 {
		return false
	}
	k := k1 + k2
	for _, row := range []int{n1, n2} {
		for _, col := range []int{k, n - k} {
			if float64(row)*float64(col)/float64(n) < 5 {
				return true
			}
		}
	}
	return false
}

func proportion(k, n int, conf float64) shopmind.Estimate {
	lo, hi := Wilson(k, n, conf)
	return estimate(rate(k, n), lo, hi)
}

func rate(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

func relative(v, c float64) float64 {
	if c == 0 {
		return 0
	}
	return round6(v/c - 1)
}

// estimate rounds for display and replaces infinite bounds (too little
// data) by the value, so the JSON stays valid.
func estimate(v, lo, hi float64) shopmind.Estimate {
	if math.IsInf(lo, 0) || math.IsNaN(lo) {
		lo = v
	}
	if math.IsInf(hi, 0) || math.IsNaN(hi) {
		hi = v
	}
	return shopmind.Estimate{Value: round6(v), Low: round6(lo), High: round6(hi)}
}

func round(x float64) float64  { return math.Round(x*100) / 100 }
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

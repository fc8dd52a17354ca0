package insights

import (
	"math"
	"sort"
	"time"

	"github.com/shopmind/shopmind"
)

// Weights of the evidence for a customer's affinity to a target: units
// bought, carts and views.
const (
	weightPurchase = 1.0
	weightCart     = 0.3
	weightView     = 0.1
	// priorStrength is how many units of evidence the shop-wide share
	// counts for in a customer's affinity.
	priorStrength = 5.0
)

// TargetOptions are the inputs of RankTargets besides the history.
type TargetOptions struct {
	// AsOf is when the campaign runs: only data before it is used.
	AsOf time.Time
	// Weight says how much evidence on an item (by index into
	// History.Items) counts for the target: 1 for the target's own items,
	// a fraction for related items (similar or bought together), 0 for the
	// rest.
	Weight func(item int32) float64
	// Limit is how many customers to return.
	Limit int
	// Days is the window of Propensity (default 30); Activity within it
	// before AsOf counts as evidence.
	Days int
	// Skip, when set, leaves out the customers it reports (those who
	// refuse marketing): they are never targets, though they still count
	// in the baseline, which describes the whole customer base.
	Skip func(userID string) bool
}

// RankTargets ranks customers (cs and idx from ComputeRFM at opt.AsOf, with
// Propensity filled in or -1) by their probability of buying the target in
// the propensity window:
//
//	affinity    = (evidence on target + 5 * share) / (all evidence + 5)
//	probability = propensity * (1 - (1 - affinity)^lines)
//
// where evidence counts units bought (1), carts (0.3) and views (0.1), each
// times the item's Weight for the target, share
// is the target's share of all evidence in the shop and lines the mean
// number of lines per order. A customer without a propensity score gets the
// shop's rate of customers ordering in a window. Uplift is the probability
// minus the mean probability over all customers (Baseline).
func RankTargets(h *History, cs []*shopmind.CustomerInsight, idx []int, opt TargetOptions) shopmind.TargetList {
	if opt.Days <= 0 {
		opt.Days = 30
	}
	n := len(cs)
	onTarget, all := make([]float64, n), make([]float64, n)
	var tot, totTarget, lines, orders float64
	activeSince := opt.AsOf.AddDate(0, 0, -opt.Days)
	var recent float64
	seen := make([]bool, n)
	for _, o := range h.Orders {
		if !o.Time.Before(opt.AsOf) {
			break
		}
		k := idx[o.User]
		if k < 0 {
			continue
		}
		orders++
		lines += float64(len(o.Lines))
		if !o.Time.Before(activeSince) && !seen[k] {
			seen[k] = true
			recent++
		}
		for _, l := range o.Lines {
			w := weightPurchase * float64(l.Quantity)
			all[k] += w
			tot += w
			if tw := opt.Weight(l.Item); tw > 0 {
				onTarget[k] += w * tw
				totTarget += w * tw
			}
		}
	}
	for _, e := range h.Activity {
		if e.Time.Before(activeSince) {
			continue
		}
		if !e.Time.Before(opt.AsOf) {
			break
		}
		k := idx[e.User]
		if k < 0 {
			continue
		}
		w := weightView
		if e.Type == shopmind.EventCart {
			w = weightCart
		}
		all[k] += w
		tot += w
		if tw := opt.Weight(e.Item); tw > 0 {
			onTarget[k] += w * tw
			totTarget += w * tw
		}
	}
	share := 0.0
	if tot > 0 {
		share = totTarget / tot
	}
	meanLines := 1.0
	if orders > 0 {
		meanLines = math.Max(1, lines/orders)
	}
	fallback := 0.0
	if n > 0 {
		fallback = recent / float64(n)
	}
	targets := make([]shopmind.CampaignTarget, n)
	var sum float64
	for k, c := range cs {
		aff := (onTarget[k] + priorStrength*share) / (all[k] + priorStrength)
		aff = math.Min(1, aff)
		prop := c.Propensity
		if prop < 0 {
			prop = fallback
		}
		p := prop * (1 - math.Pow(1-aff, meanLines))
		targets[k] = shopmind.CampaignTarget{UserID: c.UserID, Probability: p, Affinity: aff, Segment: c.Segment}
		sum += p
	}
	out := shopmind.TargetList{}
	if n > 0 {
		out.Baseline = sum / float64(n)
	}
	sort.Slice(targets, func(a, b int) bool {
		if targets[a].Probability != targets[b].Probability {
			return targets[a].Probability > targets[b].Probability
		}
		return targets[a].UserID < targets[b].UserID
	})
	if opt.Skip != nil {
		kept := targets[:0]
		for _, t := range targets {
			if opt.Skip(t.UserID) {
				out.NoMarketing++
				continue
			}
			kept = append(kept, t)
		}
		targets = kept
	}
	if opt.Limit > 0 && len(targets) > opt.Limit {
		targets = targets[:opt.Limit]
	}
	for i := range targets {
		t := &targets[i]
		t.Uplift = t.Probability - out.Baseline
		out.ExpectedBuyers += t.Probability
		out.ExpectedUplift += t.Uplift
		t.Probability, t.Uplift, t.Affinity = round4(t.Probability), round4(t.Uplift), round4(t.Affinity)
	}
	out.Baseline = round4(out.Baseline)
	out.ExpectedBuyers, out.ExpectedUplift = round2(out.ExpectedBuyers), round2(out.ExpectedUplift)
	out.Targets = targets
	return out
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

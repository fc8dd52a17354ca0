package insights

import (
	"math"
	"sort"
	"time"

	"github.com/shopmind/shopmind"
)

// Segment names, from the best customers to the lost ones.
const (
	SegmentChampions          = "champions"
	SegmentLoyal              = "loyal"
	SegmentPotentialLoyalists = "potential_loyalists"
	SegmentNew                = "new"
	SegmentNeedAttention      = "need_attention"
	SegmentAtRisk             = "at_risk"
	SegmentCantLose           = "cant_lose"
	SegmentHibernating        = "hibernating"
	SegmentLost               = "lost"
)

// Segments lists the segment names in display order with what they mean.
var Segments = []struct{ Name, Description string }{
	{SegmentChampions, "bought recently, often and spend the most (R, F and M at least 4)"},
	{SegmentLoyal, "buy often (F at least 4) and not lapsed (R at least 3)"},
	{SegmentPotentialLoyalists, "recent customers with a few orders (R at least 4, F 2 or 3)"},
	{SegmentNew, "first order recently (one order, R at least 4)"},
	{SegmentNeedAttention, "average recency (R = 3), not yet loyal"},
	{SegmentAtRisk, "used to buy often (F at least 3) but not lately (R at most 2)"},
	{SegmentCantLose, "were among the best (F at least 4) and are gone longest (R = 1)"},
	{SegmentHibernating, "few orders, last one a while ago (R = 2, F at most 2)"},
	{SegmentLost, "few orders, long ago (R = 1, F at most 2)"},
}

// SegmentOf names the RFM segment of quintile scores r, f, m and the number
// of orders.
func SegmentOf(r, f, m, orders int) string {
	switch {
	case r >= 4 && f >= 4 && m >= 4:
		return SegmentChampions
	case r == 1 && f >= 4:
		return SegmentCantLose
	case r <= 2 && f >= 3:
		return SegmentAtRisk
	case f >= 4 && r >= 3:
		return SegmentLoyal
	case r >= 4 && orders == 1:
		return SegmentNew
	case r >= 4:
		return SegmentPotentialLoyalists
	case r == 3:
		return SegmentNeedAttention
	case r == 2:
		return SegmentHibernating
	}
	return SegmentLost
}

// ComputeRFM returns one insight per customer with a counted order before
// asOf, in user-index order of first appearance, with recency, frequency,
// monetary value, quintile scores and segment filled in (Cluster 0,
// ChurnRisk and Propensity -1). idx maps a user index to its position in
// the result, -1 for users without orders.
func ComputeRFM(h *History, asOf time.Time) (out []*shopmind.CustomerInsight, idx []int) {
	idx = make([]int, len(h.Users))
	for i := range idx {
		idx[i] = -1
	}
	for _, o := range h.Orders {
		if !o.Time.Before(asOf) {
			break
		}
		k := idx[o.User]
		if k < 0 {
			k = len(out)
			idx[o.User] = k
			out = append(out, &shopmind.CustomerInsight{UserID: h.Users[o.User], FirstOrder: o.Time, ChurnRisk: -1, Propensity: -1})
		}
		c := out[k]
		c.Frequency++
		c.Monetary += o.Total
		c.LastOrder = o.Time
	}
	n := len(out)
	if n == 0 {
		return out, idx
	}
	rec, freq, mon := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, c := range out {
		c.Recency = math.Round(asOf.Sub(c.LastOrder).Hours()/24*100) / 100
		c.Monetary = math.Round(c.Monetary*100) / 100
		rec[i], freq[i], mon[i] = -c.Recency, float64(c.Frequency), c.Monetary
	}
	qr, qf, qm := quintiles(rec), quintiles(freq), quintiles(mon)
	for i, c := range out {
		c.R, c.F, c.M = score(qr, rec[i]), score(qf, freq[i]), score(qm, mon[i])
		c.Segment = SegmentOf(c.R, c.F, c.M, c.Frequency)
	}
	return out, idx
}

// quintiles returns the 20th, 40th, 60th and 80th percentiles of xs.
func quintiles(xs []float64) [4]float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	var q [4]float64
	for k := range q {
		q[k] = s[(k+1)*len(s)/5]
	}
	return q
}

// score is 1 plus the number of quintile thresholds x exceeds: 1..5, higher
// is better. Ties at a threshold stay below it, so a mass of equal values
// (many one-order customers) shares one score.
func score(q [4]float64, x float64) int {
	s := 1
	for _, t := range q {
		if x > t {
			s++
		}
	}
	return s
}

// Summarize groups customers by segment, in the order of Segments; empty
// segments are kept so that charts have a stable shape.
func Summarize(cs []*shopmind.CustomerInsight) []shopmind.SegmentSummary {
	out := make([]shopmind.SegmentSummary, len(Segments))
	pos := map[string]int{}
	for i, s := range Segments {
		out[i] = shopmind.SegmentSummary{Name: s.Name, Description: s.Description}
		pos[s.Name] = i
	}
	churnN := make([]int, len(out))
	for _, c := range cs {
		s := &out[pos[c.Segment]]
		s.Customers++
		s.Revenue += c.Monetary
		s.AvgRecency += c.Recency
		s.AvgFrequency += float64(c.Frequency)
		if c.ChurnRisk >= 0 {
			s.AvgChurnRisk += c.ChurnRisk
			churnN[pos[c.Segment]]++
		}
	}
	for i := range out {
		s := &out[i]
		if s.Customers > 0 {
			n := float64(s.Customers)
			s.Share = n / float64(len(cs))
			s.AvgMonetary = s.Revenue / n
			s.AvgRecency /= n
			s.AvgFrequency /= n
		}
		if churnN[i] > 0 {
			s.AvgChurnRisk /= float64(churnN[i])
		} else {
			s.AvgChurnRisk = -1
		}
		s.Revenue = math.Round(s.Revenue*100) / 100
	}
	return out
}

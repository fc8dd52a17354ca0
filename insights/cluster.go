package insights

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// ClusterOptions tunes the behavioural clustering.
type ClusterOptions struct {
	K       int    // clusters; default 5
	MaxIter int    // Lloyd iterations; default 50
	Seed    uint64 // default 1
}

func (o *ClusterOptions) defaults() {
	if o.K <= 0 {
		o.K = 5
	}
	if o.MaxIter <= 0 {
		o.MaxIter = 50
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
}

// Cluster groups customers by behaviour: k-means on standardised log spend,
// log order count, distinct top-level categories bought and price level
// (mean unit price relative to the median price of the item's category).
// cs and idx come from ComputeRFM on the same history and asOf; Cluster is
// set on each customer. Clusters are numbered by descending mean spend.
func Cluster(ctx context.Context, h *History, asOf time.Time, cs []*shopmind.CustomerInsight, idx []int, opt ClusterOptions) ([]shopmind.ClusterSummary, error) {
	opt.defaults()
	n := len(cs)
	if n == 0 {
		return []shopmind.ClusterSummary{}, nil
	}
	median := categoryMedians(h.Items)
	const d = 4
	raw := make([]float64, n*d)
	cats := make([]map[string]struct{}, n)
	priceSum, priceN := make([]float64, n), make([]float64, n)
	for _, o := range h.Orders {
		if !o.Time.Before(asOf) {
			break
		}
		k := idx[o.User]
		if k < 0 {
			continue
		}
		for _, l := range o.Lines {
			it := h.Items[l.Item]
			if len(it.Category) > 0 {
				if cats[k] == nil {
					cats[k] = map[string]struct{}{}
				}
				cats[k][it.Category[0]] = struct{}{}
			}
			if m := median[categoryKey(it)]; m > 0 {
				q := float64(l.Quantity)
				priceSum[k] += q * l.Price / m
				priceN[k] += q
			}
		}
	}
	for k, c := range cs {
		raw[k*d] = c.Monetary
		raw[k*d+1] = float64(c.Frequency)
		raw[k*d+2] = float64(len(cats[k]))
		raw[k*d+3] = 1
		if priceN[k] > 0 {
			raw[k*d+3] = priceSum[k] / priceN[k]
		}
	}
	x := make([]float64, len(raw))
	for i, v := range raw {
		if i%d <= 1 {
			v = math.Log1p(v) // spend and orders are heavy-tailed
		}
		x[i] = v
	}
	standardize(x, d)
	assign, cent, err := KMeans(ctx, x, d, opt.K, opt.MaxIter, opt.Seed)
	if err != nil {
		return nil, err
	}
	k := len(cent) / d
	sums := make([]shopmind.ClusterSummary, k)
	for i, c := range assign {
		s := &sums[c]
		s.Customers++
		s.Spend += raw[i*d]
		s.Orders += raw[i*d+1]
		s.Categories += raw[i*d+2]
		s.PriceLevel += raw[i*d+3]
	}
	for c := range sums {
		s := &sums[c]
		s.ID = c
		s.Label = clusterLabel(cent[c*d : (c+1)*d])
		if s.Customers > 0 {
			m := float64(s.Customers)
			s.Spend, s.Orders, s.Categories, s.PriceLevel = round2(s.Spend/m), round2(s.Orders/m), round2(s.Categories/m), round2(s.PriceLevel/m)
		}
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return sums[order[a]].Spend > sums[order[b]].Spend })
	renum := make([]int, k)
	out := make([]shopmind.ClusterSummary, 0, k)
	for newID, old := range order {
		renum[old] = newID
		s := sums[old]
		s.ID = newID
		out = append(out, s)
	}
	for i, c := range assign {
		cs[i].Cluster = renum[c]
	}
	return out, nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func categoryKey(it *shopmind.Item) string { return strings.Join(it.Category, "/") }

// categoryMedians returns the median price of the items of each category
// path.
func categoryMedians(items []*shopmind.Item) map[string]float64 {
	prices := map[string][]float64{}
	for _, it := range items {
		k := categoryKey(it)
		prices[k] = append(prices[k], it.Price)
	}
	out := make(map[string]float64, len(prices))
	for k, ps := range prices {
		sort.Float64s(ps)
		out[k] = ps[len(ps)/2]
	}
	return out
}

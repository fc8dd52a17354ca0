package fairness

import (
	"fmt"
	"math"
	"sort"

	"github.com/shopmind/shopmind"
)

// maxBrands is how many brands the report lists by name; the rest are
// summed as "other brands".
const maxBrands = 20

// Gini returns the Gini coefficient of x (non-negative values): 0 when all
// are equal, (n-1)/n when one holds everything, 0 for an empty or all-zero x.
// It sorts a copy.
func Gini(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return 0
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	var sum, weighted float64
	for i, v := range s {
		sum += v
		weighted += float64(i+1) * v
	}
	if sum == 0 {
		return 0
	}
	return 2*weighted/(float64(n)*sum) - float64(n+1)/float64(n)
}

// summarize computes the exposure summary of counts over the active items
// of catalog. Impressions of items outside it (inactive or deleted since)
// count in Impressions but not in the catalog measures.
func summarize(ex Exposure, catalog []*shopmind.Item) shopmind.ExposureSummary {
	s := shopmind.ExposureSummary{Since: ex.Since, Lists: ex.Lists, Impressions: ex.Impressions, CatalogItems: len(catalog)}
	x := make([]float64, len(catalog))
	var inCatalog float64
	for i, it := range catalog {
		n := ex.Counts[it.ID]
		x[i] = float64(n)
		inCatalog += float64(n)
		if n > 0 {
			s.ExposedItems++
		}
	}
	if len(catalog) > 0 {
		s.Coverage = float64(s.ExposedItems) / float64(len(catalog))
	}
	s.Gini = Gini(x)
	if inCatalog > 0 {
		sort.Sort(sort.Reverse(sort.Float64Slice(x)))
		top := int(math.Ceil(float64(len(x)) / 10))
		var t float64
		for _, v := range x[:top] {
			t += v
		}
		s.Top10Share = t / inCatalog
	}
	return s
}

// groupShares compares each group's share of impressions with its share of
// the catalog; key names an item's group. Groups come in the order of names
// when given, else by exposure share, largest first.
func groupShares(ex Exposure, catalog []*shopmind.Item, key func(*shopmind.Item) string, names []string) []shopmind.ExposureGroup {
	by := map[string]*shopmind.ExposureGroup{}
	var total int64
	for _, it := range catalog {
		k := key(it)
		g := by[k]
		if g == nil {
			g = &shopmind.ExposureGroup{Name: k}
			by[k] = g
		}
		g.CatalogItems++
		g.Impressions += ex.Counts[it.ID]
		total += ex.Counts[it.ID]
	}
	out := make([]shopmind.ExposureGroup, 0, len(by))
	for _, g := range by {
		g.CatalogShare = float64(g.CatalogItems) / float64(len(catalog))
		if total > 0 {
			g.ExposureShare = float64(g.Impressions) / float64(total)
			g.Ratio = g.ExposureShare / g.CatalogShare
		}
		out = append(out, *g)
	}
	if names != nil {
		rank := map[string]int{}
		for i, n := range names {
			rank[n] = i
		}
		sort.Slice(out, func(a, b int) bool { return rank[out[a].Name] < rank[out[b].Name] })
		return out
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].ExposureShare != out[b].ExposureShare {
			return out[a].ExposureShare > out[b].ExposureShare
		}
		if out[a].CatalogItems != out[b].CatalogItems {
			return out[a].CatalogItems > out[b].CatalogItems
		}
		return out[a].Name < out[b].Name
	})
	return out
}

// brandShares is groupShares by brand ("(no brand)" for items without
// one), the first maxBrands by name and the rest summed as "other brands".
func brandShares(ex Exposure, catalog []*shopmind.Item) []shopmind.ExposureGroup {
	gs := groupShares(ex, catalog, func(it *shopmind.Item) string {
		if it.Brand == "" {
			return "(no brand)"
		}
		return it.Brand
	}, nil)
	if len(gs) <= maxBrands {
		return gs
	}
	other := shopmind.ExposureGroup{Name: fmt.Sprintf("other brands (%d)", len(gs)-maxBrands)}
	for _, g := range gs[maxBrands:] {
		other.CatalogItems += g.CatalogItems
		other.CatalogShare += g.CatalogShare
		other.Impressions += g.Impressions
		other.ExposureShare += g.ExposureShare
	}
	if other.CatalogShare > 0 {
		other.Ratio = other.ExposureShare / other.CatalogShare
	}
	return append(gs[:maxBrands:maxBrands], other)
}

// priceBands is groupShares by catalog price quartile: the bands' bounds
// are the prices at 25, 50 and 75% of the active catalog sorted by price,
// and each band holds the items from its lower bound up to (not including)
// the next one, so ties at a bound share a band.
func priceBands(ex Exposure, catalog []*shopmind.Item) []shopmind.ExposureGroup {
	if len(catalog) == 0 {
		return []shopmind.ExposureGroup{}
	}
	prices := make([]float64, len(catalog))
	for i, it := range catalog {
		prices[i] = it.Price
	}
	sort.Float64s(prices)
	var bounds []float64 // lower bounds of bands 2..4, distinct and increasing
	for _, q := range []float64{0.25, 0.5, 0.75} {
		b := prices[int(q*float64(len(prices)))]
		if b > prices[0] && (len(bounds) == 0 || b > bounds[len(bounds)-1]) {
			bounds = append(bounds, b)
		}
	}
	lows := append([]float64{prices[0]}, bounds...)
	names := make([]string, len(lows))
	for i, lo := range lows {
		if i+1 < len(lows) {
			names[i] = fmt.Sprintf("%s to under %s", money(lo), money(lows[i+1]))
		} else {
			names[i] = fmt.Sprintf("%s to %s", money(lo), money(prices[len(prices)-1]))
		}
	}
	return groupShares(ex, catalog, func(it *shopmind.Item) string {
		return names[sort.Search(len(bounds), func(i int) bool { return bounds[i] > it.Price })]
	}, names)
}

func money(v float64) string { return fmt.Sprintf("%.2f", v) }

// popularityBias measures how exposure leans to popular items: pop holds
// each item's events in the window. Items are ranked by popularity over the
// active catalog (ties share their mean rank) and given the percentile
// rank/(n-1).
func popularityBias(ex Exposure, catalog []*shopmind.Item, pop map[string]int64) shopmind.PopularityBias {
	var b shopmind.PopularityBias
	n := len(catalog)
	if n == 0 {
		return b
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	p := func(i int) int64 { return pop[catalog[i].ID] }
	sort.SliceStable(idx, func(a, c int) bool { return p(idx[a]) < p(idx[c]) })
	pct := make([]float64, n)
	for lo := 0; lo < n; {
		hi := lo
		for hi+1 < n && p(idx[hi+1]) == p(idx[lo]) {
			hi++
		}
		r := float64(lo+hi) / 2
		for k := lo; k <= hi; k++ {
			if n > 1 {
				pct[idx[k]] = r / float64(n-1)
			} else {
				pct[idx[k]] = 0.5
			}
		}
		lo = hi + 1
	}
	top := int(math.Ceil(float64(n) / 10))
	inTop := make([]bool, n)
	for _, i := range idx[n-top:] {
		inTop[i] = true
	}
	var total, weighted, topShown float64
	for i, it := range catalog {
		c := float64(ex.Counts[it.ID])
		total += c
		weighted += c * pct[i]
		if inTop[i] {
			topShown += c
		}
	}
	if total > 0 {
		b.MeanPercentile = weighted / total
		b.TopDecileShare = topShown / total
		b.Lift = b.TopDecileShare / (float64(top) / float64(n))
	}
	return b
}

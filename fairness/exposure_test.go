package fairness

import (
	"math"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// fixture is a small catalog with exposure counted by hand: 8 active items,
// 4 of brand A (cheap), 3 of brand B and one without a brand.
func fixture() ([]*shopmind.Item, Exposure, map[string]int64) {
	mk := func(id, brand string, price float64) *shopmind.Item {
		return &shopmind.Item{ID: id, Title: id, Brand: brand, Price: price, Active: true}
	}
	catalog := []*shopmind.Item{mk("a1", "A", 10), mk("a2", "A", 20), mk("a3", "A", 30), mk("a4", "A", 40),
		mk("b1", "B", 50), mk("b2", "B", 60), mk("b3", "", 70), mk("b4", "B", 80)}
	tally := NewTally(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 0)
	list := func(ids ...string) *shopmind.RecommendationList {
		l := &shopmind.RecommendationList{}
		for _, id := range ids {
			l.Items = append(l.Items, shopmind.Recommendation{ItemID: id})
		}
		return l
	}
	// a1 6 times, a2 3, a3 1, b1 2, and an item no longer in the catalog 5.
	for range 3 {
		tally.Add(list("a1", "a2", "gone"))
	}
	tally.Add(list("a1", "a1", "a3", "gone"))
	tally.Add(list("a1", "b1", "b1", "gone"))
	pop := map[string]int64{"a1": 100, "a2": 50, "a3": 50, "a4": 10, "b3": 5, "b4": 1}
	return catalog, tally.Snapshot(), pop
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

func TestGini(t *testing.T) {
	for _, tt := range []struct {
		name string
		x    []float64
		want float64
	}{
		{"Empty", nil, 0},
		{"AllZero", []float64{0, 0, 0}, 0},
		{"Equal", []float64{4, 4, 4, 4}, 0},
		{"OneHoldsAll", []float64{0, 0, 0, 9}, 0.75}, // (n-1)/n
		{"Fixture", []float64{6, 3, 1, 2, 0, 0, 0, 0}, 2.0 / 3},
	} {
		t.Run(tt.name, func(t *testing.T) { near(t, "gini", Gini(tt.x), tt.want) })
	}
}

// TestSummarize checks every number of the report on the fixture against
// the values computed by hand.
func TestSummarize(t *testing.T) {
	catalog, ex, pop := fixture()
	s := summarize(ex, catalog)
	if s.Lists != 5 || s.Impressions != 17 || s.CatalogItems != 8 || s.ExposedItems != 4 {
		t.Fatalf("summary %+v, want 5 lists, 17 impressions, 8 catalog items, 4 exposed", s)
	}
	near(t, "coverage", s.Coverage, 0.5)
	near(t, "gini", s.Gini, 2.0/3) // sorted 0,0,0,0,1,2,3,6: 2*86/(8*12) - 9/8
	near(t, "top 10% share", s.Top10Share, 0.5)

	brands := brandShares(ex, catalog)
	want := []shopmind.ExposureGroup{
		{Name: "A", CatalogItems: 4, CatalogShare: 0.5, Impressions: 10, ExposureShare: 10.0 / 12, Ratio: 10.0 / 6},
		{Name: "B", CatalogItems: 3, CatalogShare: 0.375, Impressions: 2, ExposureShare: 2.0 / 12, Ratio: (2.0 / 12) / 0.375},
		{Name: "(no brand)", CatalogItems: 1, CatalogShare: 0.125},
	}
	checkGroups(t, "brands", brands, want)

	bands := priceBands(ex, catalog)
	checkGroups(t, "price bands", bands, []shopmind.ExposureGroup{
		{Name: "10.00 to under 30.00", CatalogItems: 2, CatalogShare: 0.25, Impressions: 9, ExposureShare: 0.75, Ratio: 3},
		{Name: "30.00 to under 50.00", CatalogItems: 2, CatalogShare: 0.25, Impressions: 1, ExposureShare: 1.0 / 12, Ratio: 1.0 / 3},
		{Name: "50.00 to under 70.00", CatalogItems: 2, CatalogShare: 0.25, Impressions: 2, ExposureShare: 2.0 / 12, Ratio: 2.0 / 3},
		{Name: "70.00 to 80.00", CatalogItems: 2, CatalogShare: 0.25},
	})

	b := popularityBias(ex, catalog, pop)
	// Percentiles (rank/7, ties share their mean rank): a1 1, a2 = a3
	// 5.5/7, b1 0.5/7.
	near(t, "mean percentile", b.MeanPercentile, (6+4*5.5/7+2*0.5/7)/12)
	near(t, "top decile share", b.TopDecileShare, 0.5)
	near(t, "lift", b.Lift, 4)
}

func checkGroups(t *testing.T, what string, got, want []shopmind.ExposureGroup) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %+v, want %+v", what, got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.CatalogItems != w.CatalogItems || g.Impressions != w.Impressions {
			t.Errorf("%s[%d] = %+v, want %+v", what, i, g, w)
		}
		near(t, what+" "+w.Name+" catalog share", g.CatalogShare, w.CatalogShare)
		near(t, what+" "+w.Name+" exposure share", g.ExposureShare, w.ExposureShare)
		near(t, what+" "+w.Name+" ratio", g.Ratio, w.Ratio)
	}
}

// TestTallyBound checks that a tally keeps at most its bound of distinct
// items and sums the rest as overflow.
func TestTallyBound(t *testing.T) {
	tally := NewTally(time.Time{}, 2)
	tally.Add(&shopmind.RecommendationList{Items: []shopmind.Recommendation{{ItemID: "x"}, {ItemID: "y"}, {ItemID: "z"}, {ItemID: "x"}}})
	ex := tally.Snapshot()
	if len(ex.Counts) != 2 || ex.Counts["x"] != 2 || ex.Counts["y"] != 1 || ex.Overflow != 1 || ex.Impressions != 4 || ex.Lists != 1 {
		t.Fatalf("snapshot %+v, want x 2, y 1, overflow 1 of 4 impressions in 1 list", ex)
	}
}

func TestCard(t *testing.T) {
	m := &shopmind.Model{Name: "recommend/ease", Version: 3, CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Metrics: map[string]float64{
		"events": 1000, "users": 50, "test_users": 40, "ndcg@10": 0.3, "data_from_unix": 1767225600, "data_to_unix": 1767312000,
		"group/new/users": 10, "group/new/ndcg@10": 0.1, "group/active/users": 30, "group/active/ndcg@10": 0.4,
		"group/segment:at_risk/users": 5, "group/segment:at_risk/recall@10": 0.2,
	}}
	c := Card(m, describe(map[string]Description{"recommend/": {Purpose: "ranks items", Inputs: []string{"events"}}}, m.Name), true)
	if c.ID != "recommend.ease" || c.Purpose != "ranks items" || !c.Served {
		t.Fatalf("card %+v", c)
	}
	if c.Sizes["events"] != 1000 || c.Sizes["test_users"] != 40 || c.Metrics["ndcg@10"] != 0.3 || len(c.Metrics) != 1 {
		t.Errorf("sizes %v metrics %v", c.Sizes, c.Metrics)
	}
	if !c.DataFrom.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !c.DataTo.Equal(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("data window %v to %v", c.DataFrom, c.DataTo)
	}
	if len(c.Groups) != 3 || c.Groups[0].Group != "new" || c.Groups[0].Users != 10 || c.Groups[0].K != 10 ||
		c.Groups[1].Group != "active" || c.Groups[1].NDCG != 0.4 || c.Groups[2].Group != "segment:at_risk" || c.Groups[2].Recall != 0.2 {
		t.Errorf("groups %+v", c.Groups)
	}
	if d := describe(nil, "vision/cnn"); len(d.Inputs) != 1 || d.Purpose != "Not described." {
		t.Errorf("undescribed model: %+v", d)
	}
}

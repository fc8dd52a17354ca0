package simulate

import (
	"context"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestRun runs a small demo shop and two weeks of traffic: every variant
// is shown and logged, and the shopper model, which rewards taste, makes
// item-kNN convert better than random items.
func TestRun(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	opt := Options{Shop: demo.Options{Seed: 1, Items: 300, Users: 1500, Days: 90, End: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		Variants: []string{Random, "itemknn"}, Slate: 10, Days: 14, Seed: 42}
	res, err := Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Experiment.Control != Random || len(res.Variants) != 2 || len(res.Comparisons) != 1 {
		t.Fatalf("results %+v", res)
	}
	byName := map[string]float64{}
	for _, v := range res.Variants {
		if v.Users == 0 || v.Exposures < v.Users {
			t.Errorf("variant %s: %d users, %d exposures", v.Variant, v.Users, v.Exposures)
		}
		byName[v.Variant] = v.Conversion.Value
	}
	if byName["itemknn"] <= byName[Random] {
		t.Errorf("itemknn conversion %.3f not above random %.3f", byName["itemknn"], byName[Random])
	}
	c := res.Comparisons[0]
	if c.Variant != "itemknn" || c.Conversion.Difference.Low > c.Conversion.Difference.Value || c.Conversion.Difference.High < c.Conversion.Difference.Value {
		t.Errorf("comparison %+v", c)
	}
	// Events and exposures were recorded in db.
	n, err := db.Counts(ctx)
	if err != nil || n.Items != 300 || n.Events == 0 {
		t.Errorf("store counts %+v, %v", n, err)
	}
}

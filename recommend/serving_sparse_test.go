package recommend

import (
	"context"
	"math"
	"testing"

	"github.com/shopmind/shopmind/demo"
)

// TestSparseMatchesDense checks that the sparse scorer serves exactly what
// the model's dense Score and TopN would, for every model it covers, with
// and without a filter.
func TestSparseMatchesDense(t *testing.T) {
	// The shop the serving service's tests train on (300 items, 150
	// shoppers, 60 days), its events weighted as a service does.
	shop, err := demo.Generate(demo.Options{Items: 300, Users: 150, Days: 60})
	if err != nil {
		t.Fatal(err)
	}
	d := NewDataset(FromEvents(shop.Events, DefaultWeights()), shop.Items)
	hybrid := &Hybrid{Parts: []HybridPart{{NewItemKNN(), 1}, {NewContent(), 0.3}, {NewPopularity(), 0.1}}}
	for _, m := range []Model{NewItemKNN(), NewContent(), NewPopularity(), hybrid} {
		t.Run(m.Name(), func(t *testing.T) {
			if err := m.Fit(context.Background(), d, nil); err != nil {
				t.Fatal(err)
			}
			sm := newSparseModel(m)
			if sm == nil {
				t.Fatal("no sparse form")
			}
			filters := map[string]func(int) bool{
				"all":  func(int) bool { return true },
				"even": func(i int) bool { return i%2 == 0 },
			}
			scores := make([]float32, d.NumItems())
			checked := 0
			for fname, ok := range filters {
				for u := 0; u < d.NumUsers(); u++ {
					hist := d.History(u)
					m.Score(-1, hist, scores)
					want := TopN(scores, 20, nil, ok)
					got := sm.rank(hist, 20, ok)
					if len(got) != len(want) {
						t.Fatalf("%s user %d: %d items, want %d", fname, u, len(got), len(want))
					}
					for k := range want {
						if math.Abs(float64(got[k].Score-want[k].Score)) > 1e-4*(1+math.Abs(float64(want[k].Score))) {
							t.Fatalf("%s user %d rank %d: score %v, want %v", fname, u, k, got[k], want[k])
						}
						if got[k].Item != want[k].Item && math.Abs(float64(scores[got[k].Item]-want[k].Score)) > 1e-4 {
							t.Fatalf("%s user %d rank %d: item %v, want %v", fname, u, k, got[k], want[k])
						}
					}
					checked++
				}
			}
			if checked < 100 {
				t.Fatalf("checked only %d users", checked)
			}
		})
	}
	if newSparseModel(NewALS()) != nil {
		t.Error("ALS has no sparse form")
	}
}

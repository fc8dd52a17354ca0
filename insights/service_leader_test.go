package insights_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestServiceFollowerTrainsNoChurnModel refreshes as a node that does not
// lead: without a stored churn model it scores none and trains none; once
// the leader saved one, it uses it, and it keeps using it when it is older
// than RetrainEvery (retraining is the leader's).
func TestServiceFollowerTrainsNoChurnModel(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Seed: 3, Items: 100, Users: 300, Days: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	follower := insights.NewService(db)
	follower.Leading = func() bool { return false }
	if err := follower.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	seg, err := follower.Segmentation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if seg.Customers == 0 || seg.Model != "" {
		t.Fatalf("follower segmentation: %d customers, model %q; want customers and no model", seg.Customers, seg.Model)
	}
	if list, _ := db.Models(ctx, insights.ModelName); len(list) != 0 {
		t.Fatalf("a follower saved %d churn models", len(list))
	}

	leader := insights.NewService(db)
	if err := leader.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	follower.Now = func() time.Time { return time.Now().Add(30 * 24 * time.Hour) } // the model is old by now
	if err := follower.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if seg, _ := follower.Segmentation(ctx); seg.Model != insights.ModelName+" v1" {
		t.Fatalf("follower model %q, want the leader's v1", seg.Model)
	}
	if list, _ := db.Models(ctx, insights.ModelName); len(list) != 1 {
		t.Fatalf("%d churn models stored, want the leader's one", len(list))
	}
}

package insights_test

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestServiceForget: a forgotten customer leaves the customer list,
// lookups and campaign targets at once, without a refresh.
func TestServiceForget(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Seed: 4, Items: 100, Users: 200, Days: 120})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	s := insights.NewService(db)
	if got, err := s.Forget(ctx, "anyone"); err != nil || got != nil {
		t.Fatalf("Forget before the first refresh = %v, %v", got, err)
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	cs, total, err := s.Customers(ctx, shopmind.CustomerFilter{Sort: "monetary", Limit: 1})
	if err != nil || len(cs) != 1 {
		t.Fatal(err)
	}
	user := cs[0].UserID
	targets := func() map[string]bool {
		tl, err := s.Targets(ctx, shopmind.TargetQuery{ItemID: shop.Items[0].ID, Limit: shopmind.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, x := range tl.Targets {
			out[x.UserID] = true
		}
		return out
	}
	if !targets()[user] {
		t.Fatalf("%s is not a target before Forget: the test cannot tell", user)
	}
	got, err := s.Forget(ctx, user)
	if err != nil || len(got) != 1 {
		t.Fatalf("Forget = %v, %v", got, err)
	}
	if _, err := s.Customer(ctx, user); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Errorf("Customer after Forget: %v", err)
	}
	_, total2, err := s.Customers(ctx, shopmind.CustomerFilter{})
	if err != nil || total2 != total-1 {
		t.Errorf("customers %d after Forget, want %d (%v)", total2, total-1, err)
	}
	if seg, _ := s.Segmentation(ctx); seg.Customers != total-1 {
		t.Errorf("segmentation counts %d customers, want %d", seg.Customers, total-1)
	}
	if targets()[user] {
		t.Error("the forgotten customer is still a campaign target")
	}
	if got, err := s.Forget(ctx, user); err != nil || got != nil {
		t.Errorf("second Forget = %v, %v", got, err)
	}
}

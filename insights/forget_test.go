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

// forgetDuringRead is a store whose first Orders call (a refresh reading
// the store) runs forget, as an erasure landing during the read would.
type forgetDuringRead struct {
	shopmind.Store
	forget func()
}

func (s *forgetDuringRead) Orders(ctx context.Context, f shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
	if s.forget != nil {
		s.forget()
		s.forget = nil
	}
	return s.Store.Orders(ctx, f)
}

// TestServiceForgetDuringRefresh: a user forgotten while a refresh reads
// the store is left out of the snapshot it makes; a refresh begun after
// the erasure shows what the store holds then, so a shopper who came back
// with new orders is a customer again (here the store keeps the orders).
func TestServiceForgetDuringRefresh(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Seed: 5, Items: 60, Users: 80, Days: 90})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	store := &forgetDuringRead{Store: db}
	s := insights.NewService(store)
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	cs, _, err := s.Customers(ctx, shopmind.CustomerFilter{Limit: 1})
	if err != nil || len(cs) != 1 {
		t.Fatal(err)
	}
	user := cs[0].UserID
	store.forget = func() {
		if _, err := s.Forget(ctx, user); err != nil {
			t.Error(err)
		}
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Customer(ctx, user); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Fatalf("the refresh that read the store during the erasure shows the user: %v", err)
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Customer(ctx, user); err != nil {
		t.Errorf("a refresh begun after the erasure still hides a user the store has orders of: %v", err)
	}
}

package serve

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// itemsCounter counts the pages of items read.
type itemsCounter struct {
	shopmind.Store
	pages atomic.Int64
}

func (s *itemsCounter) Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	s.pages.Add(1)
	return s.Store.Items(ctx, f)
}

// TestRefreshCatalogOnlyWhenChanged: a stock change reaches the in_stock
// filter without a new model, and the minute's catalog refresh reads no
// item while the catalog version has not moved (it read 100,000 items a
// minute on a large shop, and their garbage set off collections that
// slowed requests), and reads them again, with the change reaching the
// lists, once an item changed, whoever changed it.
func TestRefreshCatalogOnlyWhenChanged(t *testing.T) {
	db, shop := mustShopStore(t)
	ctx := context.Background()
	st := &itemsCounter{Store: db}
	s := NewService(st, ServiceConfig{Model: "popularity"})
	s.Now = func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	m, err := s.Train(ctx, "popularity", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Swap(ctx, m); err != nil {
		t.Fatal(err)
	}
	st.pages.Store(0)
	for range 3 {
		if err := s.RefreshCatalog(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Swap(ctx, m); err != nil { // a reload of the same catalog
		t.Fatal(err)
	}
	if n := st.pages.Load(); n != 0 {
		t.Fatalf("refreshes and a swap of an unchanged catalog read %d pages of items, want 0", n)
	}
	top, err := s.Popular(ctx, shopmind.RecommendOptions{N: 1, InStock: true})
	if err != nil || len(top.Items) != 1 {
		t.Fatalf("popular: %v %+v", err, top)
	}
	var it shopmind.Item
	for _, x := range shop.Items {
		if x.ID == top.Items[0].ItemID {
			it = *x
		}
	}
	it.Stock, it.UpdatedAt = 0, time.Time{}
	if err := db.UpsertItems(ctx, []*shopmind.Item{&it}); err != nil { // as another process would
		t.Fatal(err)
	}
	if err := s.RefreshCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if st.pages.Load() == 0 {
		t.Fatal("a stock change did not make the refresh read the catalog")
	}
	again, err := s.Popular(ctx, shopmind.RecommendOptions{N: 1, InStock: true})
	if err != nil || len(again.Items) != 1 || again.Items[0].ItemID == it.ID || again.Version != top.Version {
		t.Fatalf("after the stock change, without a new model: %v %+v", err, again)
	}
}

package insights_test

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestSegments checks that every customer's segment is known before the
// first refresh (computed from the store) and after it (from the snapshot),
// and that both agree.
func TestSegments(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Seed: 5, Items: 100, Users: 300, Days: 120})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	s := insights.NewService(db)
	before, err := s.Segments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) < 100 {
		t.Fatalf("%d customers with a segment before the first refresh", len(before))
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := s.Segments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("%d customers after the refresh, %d before", len(after), len(before))
	}
	for u, seg := range before {
		if after[u] != seg {
			t.Errorf("user %s: %q before the refresh, %q after", u, seg, after[u])
		}
	}
}

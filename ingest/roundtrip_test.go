package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
)

// testShopRoundTrip imports the shop fixture into st, re-imports it (no
// change, UpdatedAt included) and checks that each bad file leaves the store
// as it was. Every store runs it.
func testShopRoundTrip(t *testing.T, st shopmind.Store) {
	t.Helper()
	ctx := context.Background()
	shop := filepath.Join("..", "testdata", "import", "shop")
	if _, err := ingest.Import(ctx, st, []string{shop}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	first := counts(t, st)
	if first.Users != 3 || first.Items != 3 || first.Events != 5 || first.Orders != 2 || first.Reviews != 3 {
		t.Fatalf("counts %+v", first)
	}
	it1, err := st.Item(ctx, "sku-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, st, []string{shop}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	it2, _ := st.Item(ctx, "sku-1")
	if !it2.UpdatedAt.Equal(it1.UpdatedAt) || counts(t, st) != first {
		t.Errorf("second import changed the store: updated_at %v -> %v, counts %+v", it1.UpdatedAt, it2.UpdatedAt, counts(t, st))
	}
	p, err := st.UserPersonal(ctx, "u1")
	if err != nil || p.Email != "ada@example.com" {
		t.Errorf("personal u1 = %+v, %v", p, err)
	}

	for _, bad := range []string{"fieldcount/events.csv", "quote/events.csv", "unknown-column/items.csv", "wrong-type/events.csv", "duplicate-id/items.csv"} {
		path := filepath.Join("..", "testdata", "import", "bad", bad)
		if _, err := ingest.Import(ctx, st, []string{path}, ingest.Options{}); shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", bad, err)
		}
		if c := counts(t, st); c != first {
			t.Errorf("%s: store changed: %+v, want %+v", bad, c, first)
		}
	}
}

// testMovieLens100K imports the real MovieLens 100K folder (skipping when
// it is absent) twice into the store open returns and checks the counts.
func testMovieLens100K[S shopmind.Store](t *testing.T, open func(testing.TB) S) {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data")
	if d := os.Getenv("SHOPMIND_DATA"); d != "" {
		dir = d
	}
	dir = filepath.Join(dir, "movielens-100k")
	if _, err := os.Stat(filepath.Join(dir, "u.item")); err != nil {
		t.Skipf("MovieLens 100K not found at %s (set SHOPMIND_DATA): %v", dir, err)
	}
	st := open(t)
	ctx := context.Background()
	for round := 1; round <= 2; round++ {
		rep, err := ingest.Import(ctx, st, []string{dir}, ingest.Options{})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		c := counts(t, st)
		if c.Users != 943 || c.Items != 1682 || c.Events != 100000 {
			t.Fatalf("round %d: counts %+v, want 943 users, 1682 items, 100000 events", round, c)
		}
		if want := int64(100000); round == 2 {
			want = 0
			if rep.NewEvents != want {
				t.Errorf("round 2 added %d events", rep.NewEvents)
			}
		}
	}
	it, err := st.Item(ctx, "1")
	if err != nil || it.Title != "Toy Story (1995)" || it.Attributes["year"] != "1995" {
		t.Errorf("item 1 = %+v, %v", it, err)
	}
}

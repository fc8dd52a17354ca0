package ingest_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
	"github.com/shopmind/shopmind/store/sqlite"
)

// openSQLite opens a file-backed SQLite store in a temporary folder.
func openSQLite(tb testing.TB) shopmind.Store {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "shop.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func counts(t *testing.T, st shopmind.Store) shopmind.Counts {
	t.Helper()
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSQLiteMovieLens100K imports the real MovieLens 100K folder twice.
func TestSQLiteMovieLens100K(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data")
	if d := os.Getenv("SHOPMIND_DATA"); d != "" {
		dir = d
	}
	dir = filepath.Join(dir, "movielens-100k")
	if _, err := os.Stat(filepath.Join(dir, "u.item")); err != nil {
		t.Skipf("MovieLens 100K not found at %s (set SHOPMIND_DATA): %v", dir, err)
	}
	st := openSQLite(t)
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

// TestSQLiteShopRoundTrip imports the shop fixture, re-imports it (no
// change, UpdatedAt included) and checks a bad file leaves the store as it
// was.
func TestSQLiteShopRoundTrip(t *testing.T) {
	st := openSQLite(t)
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

// writeEventsCSV writes n events as CSV: 50,000 users, 10,000 items, mixed types.
func writeEventsCSV(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "user_id,item_id,type,value,time,session_id")
	types := []string{"view", "view", "view", "click", "cart", "purchase", "rating"}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for i := range n {
		typ := types[i%len(types)]
		value := ""
		if typ == "rating" {
			value = fmt.Sprint(1 + i%5)
		}
		fmt.Fprintf(w, "u%d,i%d,%s,%s,%d,s%d\n", (i*7919)%50000, (i*104729)%10000, typ, value, t0+int64(i)*13, i/20)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size()
}

// BenchmarkImportEvents1M imports a 1,000,000-row events CSV into a
// file-backed SQLite store and reports rows/s. Run it with -benchtime=1x.
func BenchmarkImportEvents1M(b *testing.B) {
	const n = 1_000_000
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "events.csv")
	size := writeEventsCSV(b, csvPath, n)
	b.SetBytes(size)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		rep, err := ingest.Import(ctx, db, []string{csvPath}, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
		b.StopTimer()
		if rep.NewEvents != n {
			b.Fatalf("imported %d new events, want %d", rep.NewEvents, n)
		}
		db.Close()
		b.StartTimer()
	}
}

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
func TestSQLiteMovieLens100K(t *testing.T) { testMovieLens100K(t, openSQLite) }

// TestSQLiteShopRoundTrip runs the shop round trip on SQLite.
func TestSQLiteShopRoundTrip(t *testing.T) { testShopRoundTrip(t, openSQLite(t)) }

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

package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// BenchmarkAddEvents loads 1,000,000 distinct events into a new WAL file
// database in batches of 10,000, all inside one Tx, and reports events/s.
// Run it with: go test -run '^$' -bench AddEvents -benchtime 1x ./store/sqlite
func BenchmarkAddEvents(b *testing.B) {
	const total, batch = 1_000_000, 10_000
	events := make([]*shopmind.Event, total)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range events {
		e := &shopmind.Event{UserID: fmt.Sprint("u", i%50_000), ItemID: fmt.Sprint("i", (i*7919)%20_000),
			Type: shopmind.EventTypes[i%len(shopmind.EventTypes)], Value: float64(i % 5), Time: t0.Add(time.Duration(i) * time.Second)}
		if err := e.Validate(); err != nil {
			b.Fatal(err)
		}
		events[i] = e
	}
	ctx := context.Background()
	b.ResetTimer()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		added := 0
		err = db.Tx(ctx, func(tx shopmind.Store) error {
			for i := 0; i < total; i += batch {
				n, err := tx.AddEvents(ctx, events[i:i+batch])
				if err != nil {
					return err
				}
				added += n
			}
			return nil
		})
		elapsed += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if added != total {
			b.Fatalf("added %d events, want %d", added, total)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)*float64(b.N)/elapsed.Seconds(), "events/s")
}

// BenchmarkScanEvents reads 200,000 events back in pages of MaxLimit, as
// model training does, and reports events/s.
func BenchmarkScanEvents(b *testing.B) {
	const total = 200_000
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	events := make([]*shopmind.Event, total)
	for i := range events {
		events[i] = &shopmind.Event{UserID: fmt.Sprint("u", i%5000), ItemID: fmt.Sprint("i", i%2000),
			Type: shopmind.EventView, Time: t0.Add(time.Duration(i) * time.Second)}
	}
	if _, err := db.AddEvents(ctx, events); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	read := 0
	for b.Loop() {
		after := ""
		for {
			page, next, err := db.Events(ctx, shopmind.EventFilter{After: after, Limit: shopmind.MaxLimit})
			if err != nil {
				b.Fatal(err)
			}
			read += len(page)
			if next == "" {
				break
			}
			after = next
		}
	}
	if read != total*b.N {
		b.Fatalf("read %d events, want %d", read, total*b.N)
	}
	b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "events/s")
}

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

// BenchmarkAppendAudit appends audit entries one by one (each its own
// transaction, as serve writes them) to a WAL file database and reports
// the time per entry.
// Run it with: go test -run '^$' -bench AppendAudit ./store/sqlite
func BenchmarkAppendAudit(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	i := 0
	for b.Loop() {
		i++
		if err := db.AppendAudit(ctx, &shopmind.AuditEntry{Actor: "0a1b2c3d4e5f", Action: shopmind.AuditPersonalRead,
			Target: fmt.Sprint("user/u", i), Outcome: shopmind.OutcomeOK}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeleteEventsBefore deletes the older half of 200,000 events
// (the retention job) from a WAL file database and reports events/s.
// Run it with: go test -run '^$' -bench DeleteEventsBefore -benchtime 3x ./store/sqlite
func BenchmarkDeleteEventsBefore(b *testing.B) {
	const total = 200_000
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	var elapsed time.Duration
	deleted := int64(0)
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		events := make([]*shopmind.Event, total)
		for i := range events {
			events[i] = &shopmind.Event{UserID: fmt.Sprint("u", i%5_000), ItemID: fmt.Sprint("i", (i*7919)%2_000),
				Type: shopmind.EventView, Time: t0.Add(time.Duration(i) * time.Minute)}
		}
		if err := db.Tx(ctx, func(tx shopmind.Store) error {
			_, err := tx.AddEvents(ctx, events)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		n, err := db.DeleteEventsBefore(ctx, t0.Add(total/2*time.Minute))
		elapsed += time.Since(start)
		b.StopTimer()
		if err != nil || n != total/2 {
			b.Fatalf("deleted %d, %v; want %d", n, err, total/2)
		}
		deleted += n
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(deleted)/elapsed.Seconds(), "events/s")
}

package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// BenchmarkAddEvents loads 1,000,000 distinct events into a new schema in
// batches of 10,000 (COPY into a staging table, then INSERT ... ON
// CONFLICT DO NOTHING), all inside one Tx, and reports events/s. It needs
// SHOPMIND_TEST_POSTGRES. Run it with:
//
//	go test -run '^$' -bench AddEvents -benchtime 1x ./store/postgres
func BenchmarkAddEvents(b *testing.B) {
	const total, batch = 1_000_000, 10_000
	dsn(b)
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
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db := MustOpen(b)
		b.StartTimer()
		start := time.Now()
		added := 0
		err := db.Tx(ctx, func(tx shopmind.Store) error {
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
		if err != nil {
			b.Fatal(err)
		}
		if added != total {
			b.Fatalf("added %d events, want %d", added, total)
		}
	}
	b.ReportMetric(float64(total)*float64(b.N)/elapsed.Seconds(), "events/s")
}

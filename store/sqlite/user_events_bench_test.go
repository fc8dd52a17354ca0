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

// BenchmarkUserEvents compares the two ways to read a user's 100 newest
// events out of a long history (20,000 of the 200,000 events in a WAL file
// database): paging through the whole history oldest first and keeping the
// last 100 (what GET /v1/users/{id}/events did), and UserEvents, one read
// along the (user_id, time, id) index. Run it with:
// go test -run '^$' -bench UserEvents ./store/sqlite
func BenchmarkUserEvents(b *testing.B) {
	const total, users, limit = 200_000, 10, 100
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	events := make([]*shopmind.Event, 0, 10_000)
	for i := range total {
		e := &shopmind.Event{UserID: fmt.Sprint("u", i%users), ItemID: fmt.Sprint("i", (i*7919)%5_000),
			Type: shopmind.EventView, Time: t0.Add(time.Duration(i) * time.Second)}
		if err := e.Validate(); err != nil {
			b.Fatal(err)
		}
		if events = append(events, e); len(events) == cap(events) {
			if _, err := db.AddEvents(ctx, events); err != nil {
				b.Fatal(err)
			}
			events = events[:0]
		}
	}
	b.Run("PageAll", func(b *testing.B) {
		for b.Loop() {
			all, err := shopmind.Collect(ctx, nil, shopmind.ListEvents(db, shopmind.EventFilter{UserID: "u3"}))
			if err != nil || len(all) != total/users {
				b.Fatalf("%d events, err %v", len(all), err)
			}
		}
	})
	b.Run("UserEvents", func(b *testing.B) {
		for b.Loop() {
			got, err := db.UserEvents(ctx, "u3", limit)
			if err != nil || len(got) != limit {
				b.Fatalf("%d events, err %v", len(got), err)
			}
		}
	})
}

package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// BenchmarkIngest measures acknowledged ingest the way the API does it:
// writers goroutines each call AddEvents on the database (not inside a Tx)
// with batches of 10 events, as a shop's front end posting small batches
// would, into a WAL file database on disk. It reports events/s and
// calls/s (acknowledged AddEvents calls) and calls/commit (the mean group
// size of the group commit), with synchronous FULL (the
// default) and NORMAL. Run it with:
//
//	go test -run '^$' -bench Ingest -benchtime 2000x ./store/sqlite
//
// b.N is the number of AddEvents calls, spread over the writers.
func BenchmarkIngest(b *testing.B) {
	for _, sync := range []sqlite.Synchronous{sqlite.SyncFull, sqlite.SyncNormal} {
		for _, writers := range []int{1, 16} {
			b.Run(fmt.Sprintf("sync=%s/writers=%d", sync, writers), func(b *testing.B) {
				benchIngest(b, writers, func(ctx context.Context, path string) (*sqlite.DB, error) {
					return sqlite.OpenWith(ctx, path, sqlite.Options{Synchronous: sync})
				})
			})
		}
	}
}

// benchIngest runs b.N AddEvents calls of 10 events over writers
// goroutines against a new database opened by open.
func benchIngest(b *testing.B, writers int, open func(context.Context, string) (*sqlite.DB, error)) {
	const perCall = 10
	ctx := context.Background()
	db, err := open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := make([][]*shopmind.Event, b.N)
	for c := range calls {
		batch := make([]*shopmind.Event, perCall)
		for j := range batch {
			i := c*perCall + j
			batch[j] = &shopmind.Event{UserID: fmt.Sprint("u", i%5000), ItemID: fmt.Sprint("i", (i*7919)%2000),
				Type: shopmind.EventView, Time: t0.Add(time.Duration(i) * time.Second)}
		}
		calls[c] = batch
	}
	var next, stored atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	b.ResetTimer()
	start := time.Now()
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1)) - 1
				if c >= len(calls) {
					return
				}
				n, err := db.AddEvents(ctx, calls[c])
				if err != nil {
					errs <- err
					return
				}
				stored.Add(int64(n))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	if got, want := stored.Load(), int64(b.N*perCall); got != want {
		b.Fatalf("stored %d events, want %d", got, want)
	}
	b.ReportMetric(float64(b.N*perCall)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "calls/s")
	if st := db.GroupCommitStats(); st.Commits > 0 {
		b.ReportMetric(float64(st.Calls)/float64(st.Commits), "calls/commit")
	}
}

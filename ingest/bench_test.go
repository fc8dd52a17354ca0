package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// discardStore accepts events and drops them: it measures the importer
// alone (read, parse, validate, batch), without a database.
type discardStore struct {
	shopmind.Store
	n int
}

func (s *discardStore) Tx(ctx context.Context, fn func(shopmind.Store) error) error { return fn(s) }

func (s *discardStore) AddEvents(ctx context.Context, events []*shopmind.Event) (int, error) {
	s.n += len(events)
	return len(events), nil
}

// BenchmarkParseEvents1M imports a 1,000,000-row events CSV into a store
// that discards them, and reports rows/s: the importer's own ceiling.
func BenchmarkParseEvents1M(b *testing.B) {
	const n = 1_000_000
	path := filepath.Join(b.TempDir(), "events.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "user_id,item_id,type,value,time,session_id")
	for i := range n {
		fmt.Fprintf(w, "u%d,i%d,view,,%d,s%d\n", (i*7919)%50000, (i*104729)%10000, 1704067200+int64(i)*13, i/20)
	}
	w.Flush()
	f.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := &discardStore{}
		start := time.Now()
		if _, err := Import(context.Background(), st, []string{path}, Options{}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
		if st.n != n {
			b.Fatalf("stored %d events, want %d", st.n, n)
		}
	}
}

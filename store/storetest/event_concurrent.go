package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// testConcurrentEvents has 16 writers call AddEvents at once, as concurrent
// API requests do, with batches that overlap (the same event sent by two
// writers) and one invalid batch per writer. Every event whose call was
// acknowledged must be stored, counted as new by exactly one call, and the
// invalid batches must fail alone without storing anything.
func testConcurrentEvents(t *testing.T, open Opener) {
	s := open(t)
	const writers, calls, perCall = 16, 12, 10
	mk := func(i int) *shopmind.Event {
		return &shopmind.Event{UserID: fmt.Sprint("u", i%37), ItemID: fmt.Sprint("i", i%101),
			Type: shopmind.EventView, Time: base.Add(time.Duration(i) * time.Second)}
	}
	type result struct {
		added   int
		acked   []*shopmind.Event
		invalid int
		err     error
	}
	results := make([]result, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[w]
			for c := range calls {
				if c == calls/2 {
					// A batch with a bad event: refused whole, alone.
					bad := []*shopmind.Event{mk(1_000_000 + w), {UserID: "u", ItemID: "i", Type: "teleport", Time: base}}
					if _, err := s.AddEvents(ctx(), bad); shopmind.ErrorCode(err) == shopmind.EINVALID {
						r.invalid++
					} else {
						r.err = fmt.Errorf("invalid batch: got %v, want EINVALID", err)
						return
					}
				}
				batch := make([]*shopmind.Event, perCall)
				for j := range batch {
					// Writers w and w+1 share half their events.
					batch[j] = mk((w/2)*calls*perCall*2 + (w%2)*calls*perCall/2 + c*perCall + j)
				}
				n, err := s.AddEvents(ctx(), batch)
				if err != nil {
					r.err = err
					return
				}
				r.added += n
				r.acked = append(r.acked, batch...)
			}
		}()
	}
	wg.Wait()
	want := map[string]bool{}
	added := 0
	for w, r := range results {
		if r.err != nil {
			t.Fatalf("writer %d: %v", w, r.err)
		}
		equal(t, fmt.Sprintf("writer %d invalid batches refused", w), r.invalid, 1)
		added += r.added
		for _, e := range r.acked {
			want[e.ID] = true
		}
	}
	equal(t, "events counted new over all calls", added, len(want))
	got := map[string]bool{}
	f := shopmind.EventFilter{Limit: shopmind.MaxLimit}
	for {
		page, next, err := s.Events(ctx(), f)
		must(t, err)
		for _, e := range page {
			got[e.ID] = true
		}
		if next == "" {
			break
		}
		f.After = next
	}
	equal(t, "stored events", len(got), len(want))
	for id := range want {
		if !got[id] {
			t.Fatalf("acknowledged event %s is not stored", id)
		}
	}
}

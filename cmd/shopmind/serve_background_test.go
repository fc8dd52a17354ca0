package main

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// TestBackgroundHeavy checks that heavy jobs wait for startup, run one at
// a time, and give up when their context is cancelled while waiting.
func TestBackgroundHeavy(t *testing.T) {
	w := &jobs{}
	ctx := context.Background()
	var running, most, ran atomic.Int32
	job := w.Heavy(func(context.Context) error {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		running.Add(-1)
		ran.Add(1)
		return nil
	})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); job(ctx) }()
	}
	time.Sleep(30 * time.Millisecond)
	if ran.Load() != 0 {
		t.Fatalf("%d jobs ran before startup was done", ran.Load())
	}
	w.StartupDone()
	w.StartupDone() // twice is fine
	wg.Wait()
	if ran.Load() != 4 || most.Load() != 1 {
		t.Errorf("%d jobs ran, at most %d at once; want 4 and 1", ran.Load(), most.Load())
	}

	// A job waiting for the running one gives up when cancelled.
	release := make(chan struct{})
	go w.Heavy(func(context.Context) error { <-release; return nil })(ctx)
	time.Sleep(10 * time.Millisecond)
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	err := w.Heavy(func(context.Context) error { t.Error("cancelled job ran"); return nil })(cctx)
	close(release)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled wait: %v, want the context's error", err)
	}
}

// countingStore answers Items with an empty last page and counts calls.
type countingStore struct {
	shopmind.Store
	calls int
}

func (s *countingStore) Items(context.Context, shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	s.calls++
	return nil, "", nil
}

// TestPacedStore checks that a heavy job's reads pause as long as the job
// worked between them, and that a cancelled job stops pausing.
func TestPacedStore(t *testing.T) {
	inner := &countingStore{}
	s := pacedStore{inner}
	ctx := withPacer(context.Background())
	if _, _, err := s.Items(ctx, shopmind.ItemFilter{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(40 * time.Millisecond) // the job's work on the page
	start := time.Now()
	if _, _, err := s.Items(ctx, shopmind.ItemFilter{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("paused %s after 40ms of work, want about 40ms", d)
	}
	cctx, cancel := context.WithCancel(ctx)
	time.Sleep(40 * time.Millisecond)
	cancel()
	if _, _, err := s.Items(cctx, shopmind.ItemFilter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled job: %v", err)
	}
	// Outside a heavy job (a request) nothing is paced or counted twice.
	if _, _, err := s.Items(context.Background(), shopmind.ItemFilter{}); err != nil || inner.calls != 3 {
		t.Errorf("unpaced call: %v, %d calls of the store, want 3", err, inner.calls)
	}
}

// TestBackgroundHeavyWorkers checks that a heavy job (serve's retrains and
// reloads) runs recommendation fits on one worker, so that requests keep
// the other core, while request contexts are not bounded.
func TestBackgroundHeavyWorkers(t *testing.T) {
	w := &jobs{}
	w.StartupDone()
	var got int
	if err := w.Heavy(func(ctx context.Context) error { got = recommend.Workers(ctx); return nil })(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != 1 {
		t.Errorf("heavy job: %d recommend workers, want 1", got)
	}
	if n := recommend.Workers(context.Background()); n != runtime.GOMAXPROCS(0) {
		t.Errorf("request context: %d workers, want GOMAXPROCS %d", n, runtime.GOMAXPROCS(0))
	}
}

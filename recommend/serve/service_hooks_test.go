package serve

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestRunHooks checks that Run calls Started once after its first model
// and runs its periodic jobs through Background.
func TestRunHooks(t *testing.T) {
	db, _ := mustShopStore(t)
	s := NewService(db, ServiceConfig{Model: "popularity", RetrainEvery: 30 * time.Millisecond, Holdout: -1})
	var started, jobs atomic.Int32
	s.Started = func() {
		if s.Current() == nil {
			t.Error("Started before the first model")
		}
		started.Add(1)
	}
	s.Background = func(ctx context.Context, job func(context.Context) error) error {
		jobs.Add(1)
		return job(ctx)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := s.Current(); m != nil && m.Version >= 2 {
			break
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m := s.Current(); m == nil || m.Version < 2 {
		t.Fatalf("current model: %+v", m)
	}
	if started.Load() != 1 || jobs.Load() < 1 {
		t.Errorf("Started called %d times, %d background jobs; want 1 and at least 1", started.Load(), jobs.Load())
	}
}

package storetest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// testCoordinator checks what every shopmind.Coordinator does within one
// node: leadership ends with its context, the watch closes with its
// context, and Exclusive runs one caller of a key at a time. What needs
// several nodes (one leader, announcements) is tested by the stores that
// have several.
func testCoordinator(t *testing.T, open Opener) {
	s := open(t)
	co, ok := s.(shopmind.Coordinator)
	if !ok {
		t.Fatalf("%T does not implement shopmind.Coordinator", s)
	}
	t.Run("LeadEndsWithContext", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		lead, err := co.Lead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if lead.Err() != nil {
			t.Fatalf("leadership ended at once: %v", lead.Err())
		}
		cancel()
		select {
		case <-lead.Done():
		case <-time.After(30 * time.Second):
			t.Fatal("leadership outlived its context")
		}
		// A second campaign after resigning wins again.
		ctx2, cancel2 := context.WithCancel(context.Background())
		defer cancel2()
		if _, err := co.Lead(ctx2); err != nil {
			t.Fatalf("lead again: %v", err)
		}
	})
	t.Run("LeadCancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := co.Lead(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Lead with a cancelled context: %v, want context.Canceled", err)
		}
	})
	t.Run("WatchCloses", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		ch, err := co.WatchModels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case _, ok := <-ch:
				if !ok {
					return
				}
			case <-deadline:
				t.Fatal("the watch did not close with its context")
			}
		}
	})
	t.Run("Exclusive", func(t *testing.T) {
		ctx := context.Background()
		var inside, most atomic.Int32
		done := make(chan error, 3)
		for range 3 {
			go func() {
				done <- co.Exclusive(ctx, "storetest", func(context.Context) error {
					n := inside.Add(1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					time.Sleep(20 * time.Millisecond)
					inside.Add(-1)
					return nil
				})
			}()
		}
		for range 3 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if most.Load() != 1 {
			t.Fatalf("%d callers of one key ran at once, want 1", most.Load())
		}
		want := errors.New("fn failed")
		if err := co.Exclusive(ctx, "storetest", func(context.Context) error { return want }); !errors.Is(err, want) {
			t.Fatalf("Exclusive returned %v, want fn's error", err)
		}
		// The key is free again after an error.
		if err := co.Exclusive(ctx, "storetest", func(context.Context) error { return nil }); err != nil {
			t.Fatal(err)
		}
	})
}

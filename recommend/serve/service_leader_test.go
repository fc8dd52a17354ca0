package serve

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// waitFor polls cond until it holds or a generous deadline passes (which
// only bounds a failing test).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting: %s", what)
}

// TestRunFollowsLeader runs two services on one store as two nodes would:
// the follower (Leading false) neither trains at start nor on its
// schedule; it swaps the leader's version when woken, long before its
// hour-long poll; when it becomes the leader and is woken, it trains.
func TestRunFollowsLeader(t *testing.T) {
	db, _ := mustShopStore(t)
	cfg := ServiceConfig{Model: "popularity", RetrainEvery: time.Hour, PollEvery: time.Hour, Holdout: -1}
	follower := NewService(db, cfg)
	var leads atomic.Bool
	follower.Leading = leads.Load
	follower.Config.RetrainEvery = 20 * time.Millisecond // its schedule ticks, and must not train
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- follower.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	// The leader (Leading nil: always) trains version 1.
	leader := NewService(db, cfg)
	m, err := leader.Train(ctx, "popularity", nil)
	if err != nil {
		t.Fatal(err)
	}
	follower.Wake()
	waitFor(t, "the follower serves version 1", func() bool { c := follower.Current(); return c != nil && c.Version == m.Version })

	// Several schedule ticks later the follower still trained nothing.
	time.Sleep(100 * time.Millisecond)
	if list, err := db.Models(ctx, ModelPrefix+"popularity"); err != nil || len(list) != 1 {
		t.Fatalf("versions stored with only the leader training: %d (%v), want 1", len(list), err)
	}

	// The follower takes over: its schedule trains now.
	leads.Store(true)
	waitFor(t, "the new leader retrains on its schedule", func() bool { c := follower.Current(); return c != nil && c.Version >= 2 })
}

// TestRunFollowerWithoutModel starts a follower on a store with no model:
// it trains nothing and serves nothing until the leader's version is
// announced.
func TestRunFollowerWithoutModel(t *testing.T) {
	db, _ := mustShopStore(t)
	s := NewService(db, ServiceConfig{Model: "popularity", PollEvery: time.Hour, Holdout: -1})
	s.Leading = func() bool { return false }
	started := make(chan struct{})
	s.Started = func() { close(started) }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)
	<-started
	if s.Current() != nil {
		t.Fatal("a follower serves a model nobody trained")
	}
	if _, err := db.Model(ctx, ModelPrefix+"popularity", 0); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Fatalf("a follower trained at start: %v", err)
	}
	leader := NewService(db, ServiceConfig{Model: "popularity", Holdout: -1})
	if _, err := leader.Train(ctx, "popularity", nil); err != nil {
		t.Fatal(err)
	}
	s.Wake()
	waitFor(t, "the follower serves the leader's version", func() bool { return s.Current() != nil })
}

// TestRunTrainsWhenWokenLeader starts a follower with no model; when it
// becomes the leader and is woken (as serve does on winning the election),
// it trains the missing model at once.
func TestRunTrainsWhenWokenLeader(t *testing.T) {
	db, _ := mustShopStore(t)
	s := NewService(db, ServiceConfig{Model: "popularity", PollEvery: time.Hour, Holdout: -1})
	var leads atomic.Bool
	s.Leading = leads.Load
	started := make(chan struct{})
	s.Started = func() { close(started) }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)
	<-started
	if s.Current() != nil {
		t.Fatal("a follower serves a model nobody trained")
	}
	leads.Store(true)
	s.Wake()
	waitFor(t, "the woken leader trains", func() bool { c := s.Current(); return c != nil && c.Version == 1 })
}

// TestWakeNotQueuedBehindHeavyJobs blocks every background job of a
// follower (as a long heavy job of serve would hold its turn) and checks
// that an announced version is still swapped in.
func TestWakeNotQueuedBehindHeavyJobs(t *testing.T) {
	db, _ := mustShopStore(t)
	s := NewService(db, ServiceConfig{Model: "popularity", ReloadEvery: 5 * time.Millisecond, PollEvery: time.Hour, Holdout: -1})
	s.Leading = func() bool { return false }
	release := make(chan struct{})
	blocked := make(chan struct{}, 1)
	s.Background = func(ctx context.Context, job func(context.Context) error) error {
		select {
		case blocked <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		return job(ctx)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() {
		close(release)
		cancel()
		<-done
	}()
	<-blocked // Run's loop now waits for its turn
	leader := NewService(db, ServiceConfig{Model: "popularity", Holdout: -1})
	if _, err := leader.Train(ctx, "popularity", nil); err != nil {
		t.Fatal(err)
	}
	s.Wake()
	waitFor(t, "the announced version is served while heavy jobs wait", func() bool { return s.Current() != nil })
}

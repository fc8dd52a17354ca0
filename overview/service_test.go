package overview_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
	"github.com/shopmind/shopmind/overview"
)

// countingStore is an empty shop that counts how often the orders are read.
func countingStore(reads *atomic.Int64) *mock.Store {
	return &mock.Store{
		OrdersFn: func(context.Context, shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
			reads.Add(1)
			return nil, "", nil
		},
		EventsFn:    func(context.Context, shopmind.EventFilter) ([]*shopmind.Event, string, error) { return nil, "", nil },
		EventSpanFn: func(context.Context) (shopmind.Span, error) { return shopmind.Span{}, nil },
		ExperimentService: mock.ExperimentService{
			ExperimentsFn: func(context.Context, shopmind.ExperimentFilter) ([]*shopmind.Experiment, error) { return nil, nil },
		},
		ConversationService: mock.ConversationService{
			ConversationsFn: func(context.Context, shopmind.ConversationFilter) ([]*shopmind.Conversation, string, error) {
				return nil, "", nil
			},
		},
	}
}

// settle asks for the default period until its overview was computed
// after t (the background computation a request started has ended).
func settle(tb testing.TB, svc *overview.Service, t time.Time) *shopmind.Overview {
	tb.Helper()
	for i := 0; i < 1000; i++ {
		ov, err := svc.Overview(context.Background(), shopmind.OverviewQuery{})
		if err != nil {
			tb.Fatal(err)
		}
		if !ov.ComputedAt.Before(t) {
			return ov
		}
		time.Sleep(time.Millisecond)
	}
	tb.Fatalf("not computed again after %s", t)
	return nil
}

// TestCache checks that an overview is served as computed: within MaxAge
// as it is, past MaxAge as it is while it is computed again in the
// background (one computation however many ask); that Refresh prepares the
// default period, a smaller attention list is cut from it, and that an
// overview with a section still computing has that section (only) gathered
// again after RetryAfter.
func TestCache(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	var reads atomic.Int64
	svc := &overview.Service{Store: countingStore(&reads), Now: clock, MaxAge: 5 * time.Minute}
	defer svc.Close()
	if err := svc.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	first := clock()
	ov, err := svc.Overview(ctx, shopmind.OverviewQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if reads.Load() != 1 || !ov.ComputedAt.Equal(first) {
		t.Fatalf("after Refresh and a request: %d reads of the orders, computed at %s; want 1 read at %s", reads.Load(), ov.ComputedAt, first)
	}
	advance(4 * time.Minute)
	if _, err := svc.Overview(ctx, shopmind.OverviewQuery{}); err != nil || reads.Load() != 1 {
		t.Fatalf("within MaxAge: %d reads (%v), want the cached one", reads.Load(), err)
	}
	advance(2 * time.Minute)
	for i := 0; i < 3; i++ {
		if ov, err := svc.Overview(ctx, shopmind.OverviewQuery{}); err != nil || !ov.ComputedAt.Equal(first) {
			t.Fatalf("past MaxAge: %v, computed at %s; want the computed one (%s) while it is computed again", err, ov.ComputedAt, first)
		}
	}
	settle(t, svc, clock())
	if reads.Load() != 2 {
		t.Fatalf("past MaxAge: %d reads, want 2 (computed again once)", reads.Load())
	}
	// Another period is its own entry; a different attention size is cut from the computed one.
	if _, err := svc.Overview(ctx, shopmind.OverviewQuery{From: clock().AddDate(0, 0, -7)}); err != nil || reads.Load() != 3 {
		t.Fatalf("another period: %d reads (%v)", reads.Load(), err)
	}
	if _, err := svc.Overview(ctx, shopmind.OverviewQuery{Attention: 10}); err != nil || reads.Load() != 3 {
		t.Fatalf("attention 10: %d reads (%v), want the computed one", reads.Load(), err)
	}

	t.Log("a capability still computing: its section is gathered again soon, the figures are not")
	var ready atomic.Bool
	var asked atomic.Int64
	sup := &mock.Supply{StockAdviceFn: func(context.Context, shopmind.StockFilter) (*shopmind.StockReport, error) {
		asked.Add(1)
		if !ready.Load() {
			return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "stock advice is being computed")
		}
		return &shopmind.StockReport{Total: 3}, nil
	}}
	reads.Store(0)
	svc = &overview.Service{Store: countingStore(&reads), Supply: sup, Now: clock, MaxAge: 5 * time.Minute}
	defer svc.Close()
	ov, err = svc.Overview(ctx, shopmind.OverviewQuery{})
	if err != nil || ov.Attention[0].Status != "unavailable" || ov.Attention[0].Message != "stock advice is being computed" {
		t.Fatalf("stock advice section: %+v (%v)", ov.Attention[0], err)
	}
	advance(overview.RetryAfter - time.Second)
	svc.Overview(ctx, shopmind.OverviewQuery{})
	if asked.Load() != 1 {
		t.Errorf("within RetryAfter: stock advice asked %d times, want 1", asked.Load())
	}
	ready.Store(true)
	advance(2 * time.Second)
	svc.Overview(ctx, shopmind.OverviewQuery{})
	for i := 0; i < 1000 && asked.Load() < 2; i++ {
		time.Sleep(time.Millisecond)
	}
	for i := 0; i < 1000; i++ {
		if ov, _ = svc.Overview(ctx, shopmind.OverviewQuery{}); ov.Attention[0].Status == "ok" {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if ov.Attention[0].Status != "ok" || ov.Attention[0].Total != 3 || reads.Load() != 1 {
		t.Errorf("after RetryAfter: stock-outs %+v, %d reads of the orders; want ok, 3, and 1 read (the figures kept)", ov.Attention[0], reads.Load())
	}
}

// TestQueueBound checks that a client asking for many periods at once
// queues a few computations, not one per period: the others are answered
// EUNAVAILABLE saying they wait for other periods, and are computed when
// asked again once the queue has room.
func TestQueueBound(t *testing.T) {
	ctx := context.Background()
	release := make(chan struct{})
	var reads atomic.Int64
	store := countingStore(&reads)
	store.OrdersFn = func(ctx context.Context, _ shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
		reads.Add(1)
		<-release
		return nil, "", nil
	}
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	svc := &overview.Service{Store: store, Now: func() time.Time { return now }, Wait: -1}
	defer svc.Close()
	day := func(d int) shopmind.OverviewQuery { return shopmind.OverviewQuery{From: now.AddDate(0, 0, -d)} }
	var msgs []string
	for d := 1; d <= 8; d++ {
		_, err := svc.Overview(ctx, day(d))
		if shopmind.ErrorCode(err) != shopmind.EUNAVAILABLE {
			t.Fatalf("period %d: %v, want unavailable", d, err)
		}
		msgs = append(msgs, shopmind.ErrorMessage(err))
	}
	computing := 0
	for d, m := range msgs {
		switch {
		case strings.Contains(m, "is being computed (0% done)") && d == computing:
			computing++
		case !strings.Contains(m, "waits for other periods to be computed first"):
			t.Errorf("period %d: %q", d+1, m)
		}
	}
	// One running and four queued (or five queued, the worker not started yet).
	if computing < 4 || computing > 5 {
		t.Errorf("%d periods being computed, want 4 or 5: %q", computing, msgs)
	}
	close(release)
	for i := 0; i < 1000; i++ {
		if _, err := svc.Overview(ctx, day(8)); err == nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := svc.Overview(ctx, day(8)); err != nil {
		t.Fatalf("period 8 asked again: %v", err)
	}
	if n := reads.Load(); n != int64(computing+1) {
		t.Errorf("%d computations, want %d (those queued at first, and the eighth asked again)", n, computing+1)
	}
}

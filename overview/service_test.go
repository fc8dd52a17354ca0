package overview_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
	"github.com/shopmind/shopmind/overview"
)

// countingStore is an empty shop that counts how often the orders are read.
func countingStore(reads *int) *mock.Store {
	return &mock.Store{
		OrdersFn: func(context.Context, shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
			*reads++
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

// TestCache checks that an overview is reused within MaxAge and computed
// again after it, that Refresh prepares the default period, and that an
// overview with a section still computing is retried after RetryAfter.
func TestCache(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	reads := 0
	svc := &overview.Service{Store: countingStore(&reads), Now: func() time.Time { return now }, MaxAge: 5 * time.Minute}
	if err := svc.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	ov, err := svc.Overview(ctx, shopmind.OverviewQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if reads != 1 || !ov.ComputedAt.Equal(now) {
		t.Fatalf("after Refresh and a request: %d reads of the orders, computed at %s; want 1 read at %s", reads, ov.ComputedAt, now)
	}
	now = now.Add(4 * time.Minute)
	if _, err := svc.Overview(ctx, shopmind.OverviewQuery{}); err != nil || reads != 1 {
		t.Fatalf("within MaxAge: %d reads (%v), want the cached one", reads, err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := svc.Overview(ctx, shopmind.OverviewQuery{}); err != nil || reads != 2 {
		t.Fatalf("past MaxAge: %d reads (%v), want a new computation", reads, err)
	}
	// Another period is its own entry; a different attention size is never cached.
	if _, err := svc.Overview(ctx, shopmind.OverviewQuery{From: now.AddDate(0, 0, -7)}); err != nil || reads != 3 {
		t.Fatalf("another period: %d reads (%v)", reads, err)
	}
	if _, err := svc.Overview(ctx, shopmind.OverviewQuery{Attention: 10}); err != nil || reads != 4 {
		t.Fatalf("attention 10: %d reads (%v)", reads, err)
	}

	t.Log("a capability still computing: retried soon")
	sup := &mock.Supply{StockAdviceFn: func(context.Context, shopmind.StockFilter) (*shopmind.StockReport, error) {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "stock advice is being computed")
	}}
	reads = 0
	svc = &overview.Service{Store: countingStore(&reads), Supply: sup, Now: func() time.Time { return now }, MaxAge: 5 * time.Minute}
	ov, err = svc.Overview(ctx, shopmind.OverviewQuery{})
	if err != nil || ov.Attention[0].Status != "unavailable" || ov.Attention[0].Message != "stock advice is being computed" {
		t.Fatalf("stock advice section: %+v (%v)", ov.Attention[0], err)
	}
	now = now.Add(overview.RetryAfter - time.Second)
	svc.Overview(ctx, shopmind.OverviewQuery{})
	now = now.Add(2 * time.Second)
	svc.Overview(ctx, shopmind.OverviewQuery{})
	if reads != 2 {
		t.Errorf("with a section not ready: %d computations over RetryAfter + 1 s, want 2", reads)
	}
}

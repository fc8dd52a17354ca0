package serve

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// eventCounter counts the events its store hands out, whatever the call.
type eventCounter struct {
	shopmind.Store
	read atomic.Int64
}

func (s *eventCounter) Events(ctx context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error) {
	evs, next, err := s.Store.Events(ctx, f)
	s.read.Add(int64(len(evs)))
	return evs, next, err
}

func (s *eventCounter) UserEvents(ctx context.Context, userID string, limit int) ([]*shopmind.Event, error) {
	evs, err := s.Store.UserEvents(ctx, userID, limit)
	s.read.Add(int64(len(evs)))
	return evs, err
}

func (s *eventCounter) UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*shopmind.Event, error) {
	evs, err := s.Store.UserEventsAfter(ctx, userID, seq, limit)
	s.read.Add(int64(len(evs)))
	return evs, err
}

// TestRequestReadsHistoryLimit: a user with ten times HistoryLimit events
// gets recommendations from one read of at most HistoryLimit events, and
// they come from the newest of them.
func TestRequestReadsHistoryLimit(t *testing.T) {
	db, shop := mustShopStore(t)
	ctx := context.Background()
	const limit = 20
	st := &eventCounter{Store: db}
	s := NewService(st, ServiceConfig{Model: "itemknn", HistoryLimit: limit})
	s.Now = func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	m, err := s.Train(ctx, "itemknn", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Swap(ctx, m); err != nil {
		t.Fatal(err)
	}
	// 180 older views of some items, then 20 newer views of others.
	at := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	newest := map[string]bool{}
	for _, batch := range []struct{ from, n int }{{0, 10*limit - limit}, {10 * limit, limit}} {
		var evs []*shopmind.Event
		for k := range batch.n {
			it := shop.Items[batch.from+k]
			at = at.Add(time.Minute)
			e := &shopmind.Event{UserID: "visitor-1", ItemID: it.ID, Type: shopmind.EventView, Time: at}
			if err := e.Validate(); err != nil {
				t.Fatal(err)
			}
			evs = append(evs, e)
			if batch.from > 0 {
				newest[it.ID] = true
			}
		}
		if _, err := db.AddEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
	}
	st.read.Store(0)
	got, err := s.RecommendForUser(ctx, "visitor-1", shopmind.RecommendOptions{N: 10})
	if err != nil {
		t.Fatal(err)
	}
	if r := st.read.Load(); r > limit {
		t.Fatalf("the request read %d events, want at most HistoryLimit %d (the user has %d)", r, limit, 10*limit)
	}
	if got.ColdStart || len(got.Items) == 0 {
		t.Fatalf("cold start %v with %d items", got.ColdStart, len(got.Items))
	}
	because := 0
	for _, r := range got.Items {
		if r.BecauseOf == "" {
			continue
		}
		because++
		if !newest[r.BecauseOf] {
			t.Fatalf("%s recommended because of %s, not one of the %d newest events", r.ItemID, r.BecauseOf, limit)
		}
	}
	if because == 0 {
		t.Fatalf("no recommendation explained by a history item: %+v", got.Items)
	}
}

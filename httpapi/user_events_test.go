package httpapi_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/sqlite"
)

// countingStore counts the events its store hands out, whatever the call.
type countingStore struct {
	shopmind.Store
	read atomic.Int64
}

func (s *countingStore) Events(ctx context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error) {
	evs, next, err := s.Store.Events(ctx, f)
	s.read.Add(int64(len(evs)))
	return evs, next, err
}

func (s *countingStore) UserEvents(ctx context.Context, userID string, limit int) ([]*shopmind.Event, error) {
	evs, err := s.Store.UserEvents(ctx, userID, limit)
	s.read.Add(int64(len(evs)))
	return evs, err
}

func (s *countingStore) UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*shopmind.Event, error) {
	evs, err := s.Store.UserEventsAfter(ctx, userID, seq, limit)
	s.read.Add(int64(len(evs)))
	return evs, err
}

// TestUserEventsReadsLimit: GET /v1/users/{id}/events?limit=n reads n
// events from the store, not the user's whole history, and they are the
// newest by time (not by arrival).
func TestUserEventsReadsLimit(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	const limit, n = 5, 50
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var events []*shopmind.Event
	for i := range n {
		// Stored in reverse time order, so arrival order is not time order;
		// two events share each time, so ids break the ties.
		at := start.Add(time.Duration((n-1-i)/2) * time.Hour)
		events = append(events, &shopmind.Event{ID: fmt.Sprintf("e%02d", n-1-i), UserID: "u1", ItemID: fmt.Sprintf("i%d", i%7),
			Type: shopmind.EventView, Time: at})
		events = append(events, &shopmind.Event{UserID: "u2", ItemID: "i1", Type: shopmind.EventView, Time: at.Add(time.Minute)})
	}
	if _, err := db.AddEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{Store: db}
	ls := serveLive(t, cs, func() { db.Close() })

	var got httpapi.EventList
	ls.call(t, "GET", fmt.Sprintf("/v1/users/u1/events?limit=%d", limit), ls.adminKey, nil, 200, &got)
	var ids []string
	for _, e := range got.Events {
		ids = append(ids, e.ID)
	}
	if want := "[e49 e48 e47 e46 e45]"; fmt.Sprint(ids) != want {
		t.Fatalf("events %v, want the newest first %s", ids, want)
	}
	if r := cs.read.Load(); r > limit {
		t.Fatalf("the request read %d events from the store for limit %d (the user has %d)", r, limit, n)
	}
	cs.read.Store(0)
	ls.call(t, "GET", "/v1/users/nobody/events", ls.adminKey, nil, 200, &got)
	if len(got.Events) != 0 || cs.read.Load() != 0 {
		t.Fatalf("unknown user: %d events, %d read", len(got.Events), cs.read.Load())
	}
}

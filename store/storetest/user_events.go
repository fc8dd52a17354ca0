package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// testUserEvents checks UserEvents: a user's latest events by time,
// newest first, ties by descending id, whatever order they arrived in.
func testUserEvents(t *testing.T, open Opener) {
	s := open(t)
	const n = shopmind.DefaultLimit + 5
	var in []*shopmind.Event
	for i := range n {
		// Arrivals run backwards in time, and pairs share a time.
		at := base.Add(time.Duration((n-1-i)/2) * time.Second)
		in = append(in,
			&shopmind.Event{ID: fmt.Sprintf("u1-%03d", n-1-i), UserID: "u1", ItemID: "i1", Type: shopmind.EventView, Time: at},
			&shopmind.Event{ID: fmt.Sprintf("u2-%03d", i), UserID: "u2", ItemID: "i1", Type: shopmind.EventView, Time: at.Add(time.Hour)})
	}
	_, err := s.AddEvents(ctx(), in)
	must(t, err)
	all, err := shopmind.Collect(ctx(), nil, shopmind.ListEvents(s, shopmind.EventFilter{UserID: "u1"}))
	must(t, err)
	slices.Reverse(all)
	for _, tt := range []struct {
		name  string
		limit int
		want  int
	}{{"Three", 3, 3}, {"One", 1, 1}, {"Default", 0, shopmind.DefaultLimit}, {"All", n + 10, n}} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.UserEvents(ctx(), "u1", tt.limit)
			must(t, err)
			equal(t, "newest first", got, all[:tt.want])
		})
	}
	t.Run("TiesByID", func(t *testing.T) {
		got, err := s.UserEvents(ctx(), "u1", 3)
		must(t, err)
		equal(t, "ids", ids(got), []string{fmt.Sprintf("u1-%03d", n-1), fmt.Sprintf("u1-%03d", n-2), fmt.Sprintf("u1-%03d", n-3)})
	})
	t.Run("Unknown", func(t *testing.T) {
		got, err := s.UserEvents(ctx(), "nobody", 5)
		must(t, err)
		equal(t, "events", len(got), 0)
	})
}

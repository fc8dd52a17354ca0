package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func testEvents(t *testing.T, open Opener) {
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		in := []*shopmind.Event{
			{ID: "e1", UserID: "u1", ItemID: "i1", Type: shopmind.EventRating, Value: 4.5, Time: base,
				SessionID: "s1", RecommendationID: "rec-9"},
			{UserID: "u2", ItemID: "i2", Type: shopmind.EventView, Time: base.Add(time.Second)},
		}
		wantID := shopmind.EventID(&shopmind.Event{UserID: "u2", ItemID: "i2", Type: shopmind.EventView, Time: base.Add(time.Second)})
		n, err := s.AddEvents(ctx(), in)
		must(t, err)
		equal(t, "new events", n, 2)
		equal(t, "derived id", in[1].ID, wantID)
		got, next, err := s.Events(ctx(), shopmind.EventFilter{})
		must(t, err)
		equal(t, "next", next, "")
		want := []*shopmind.Event{
			{ID: "e1", UserID: "u1", ItemID: "i1", Type: shopmind.EventRating, Value: 4.5, Time: stored(base),
				SessionID: "s1", RecommendationID: "rec-9"},
			{ID: wantID, UserID: "u2", ItemID: "i2", Type: shopmind.EventView, Time: stored(base.Add(time.Second))},
		}
		equal(t, "events", got, want)
	})

	t.Run("Dedupe", func(t *testing.T) {
		s := open(t)
		mk := func(i int) *shopmind.Event {
			return &shopmind.Event{UserID: "u", ItemID: fmt.Sprint("i", i), Type: shopmind.EventClick, Time: base.Add(time.Duration(i) * time.Minute)}
		}
		tests := []struct {
			name   string
			events []*shopmind.Event
			want   int
			total  int64
		}{
			{"New", []*shopmind.Event{mk(1), mk(2), mk(3)}, 3, 3},
			{"Again", []*shopmind.Event{mk(1), mk(2), mk(3)}, 0, 3},
			{"Mixed", []*shopmind.Event{mk(3), mk(4), mk(1), mk(5)}, 2, 5},
			{"DuplicateInBatch", []*shopmind.Event{mk(6), mk(6), mk(7), mk(6)}, 2, 7},
			{"Empty", nil, 0, 7},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, e := range tt.events {
					must(t, e.Validate())
				}
				n, err := s.AddEvents(ctx(), tt.events)
				must(t, err)
				equal(t, "new", n, tt.want)
				c, err := s.Counts(ctx())
				must(t, err)
				equal(t, "stored", c.Events, tt.total)
			})
		}
		// The first event stored under an id wins.
		got, _, err := s.Events(ctx(), shopmind.EventFilter{ItemID: "i1"})
		must(t, err)
		equal(t, "events of i1", len(got), 1)
	})

	t.Run("StoredIDOtherContent", func(t *testing.T) {
		s := open(t)
		first := &shopmind.Event{ID: "e1", UserID: "u1", ItemID: "i1", Type: shopmind.EventRating, Value: 4, Time: base,
			SessionID: "s1"}
		_, err := s.AddEvents(ctx(), []*shopmind.Event{first})
		must(t, err)
		fresh := &shopmind.Event{ID: "e2", UserID: "u2", ItemID: "i2", Type: shopmind.EventView, Time: base}
		other := func(f func(e *shopmind.Event)) *shopmind.Event { c := *first; f(&c); return &c }
		tests := []struct {
			name string
			e    *shopmind.Event
		}{
			{"User", other(func(e *shopmind.Event) { e.UserID = "x" })},
			{"Item", other(func(e *shopmind.Event) { e.ItemID = "x" })},
			{"Type", other(func(e *shopmind.Event) { e.Type = shopmind.EventView })},
			{"Value", other(func(e *shopmind.Event) { e.Value = 5 })},
			{"Time", other(func(e *shopmind.Event) { e.Time = base.Add(time.Millisecond) })},
			{"Session", other(func(e *shopmind.Event) { e.SessionID = "" })},
			{"Recommendation", other(func(e *shopmind.Event) { e.RecommendationID = "r" })},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := *fresh
				_, err := s.AddEvents(ctx(), []*shopmind.Event{&f, tt.e})
				equal(t, "code", shopmind.ErrorCode(err), shopmind.ECONFLICT)
				equal(t, "field", shopmind.ErrorField(err), "events[1].id")
				c, err := s.Counts(ctx())
				must(t, err)
				equal(t, "stored (the new event is not kept either)", c.Events, int64(1))
			})
		}
		t.Run("SameContentIsANoOp", func(t *testing.T) {
			// The same instant in another zone and with nanoseconds the
			// store drops is the same event.
			same := other(func(e *shopmind.Event) {
				e.Time = base.Truncate(time.Microsecond).In(time.UTC).Add(300 * time.Nanosecond)
			})
			if stored(same.Time) != stored(base) {
				t.Fatal("fixture: times differ at microseconds")
			}
			f := *fresh
			n, err := s.AddEvents(ctx(), []*shopmind.Event{same, &f})
			must(t, err)
			equal(t, "new", n, 1)
			got, _, err := s.Events(ctx(), shopmind.EventFilter{ItemID: "i1"})
			must(t, err)
			equal(t, "first event kept", got, []*shopmind.Event{{ID: "e1", UserID: "u1", ItemID: "i1", Type: shopmind.EventRating,
				Value: 4, Time: stored(base), SessionID: "s1"}})
		})
	})

	t.Run("ManyBatches", func(t *testing.T) {
		s := open(t)
		var events []*shopmind.Event
		for i := range 1234 {
			events = append(events, &shopmind.Event{UserID: fmt.Sprint("u", i%17), ItemID: fmt.Sprint("i", i%101),
				Type: shopmind.EventView, Time: base.Add(time.Duration(i) * time.Second)})
		}
		// Duplicates inside one large batch count once.
		n, err := s.AddEvents(ctx(), append(slices.Clone(events), events[:10]...))
		must(t, err)
		equal(t, "new", n, 1234)
		n, err = s.AddEvents(ctx(), append(events[1000:], &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventLike, Time: base}))
		must(t, err)
		equal(t, "new on reload", n, 1)
		all := collect(t, shopmind.MaxLimit, func(after string, limit int) ([]*shopmind.Event, string, error) {
			return s.Events(ctx(), shopmind.EventFilter{After: after, Limit: limit})
		})
		equal(t, "stored", len(all), 1235)
	})

	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		ok := &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: base}
		tests := []struct {
			name  string
			bad   shopmind.Event
			field string
		}{
			{"Type", shopmind.Event{UserID: "u", ItemID: "i", Type: "poke", Time: base}, "events[1].type"},
			{"User", shopmind.Event{ItemID: "i", Type: shopmind.EventView, Time: base}, "events[1].user_id"},
			{"Time", shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventView}, "events[1].time"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				bad := tt.bad
				_, err := s.AddEvents(ctx(), []*shopmind.Event{ok, &bad})
				wantCode(t, err, shopmind.EINVALID, tt.field)
				c, err := s.Counts(ctx())
				must(t, err)
				equal(t, "stored after invalid batch", c.Events, int64(0))
			})
		}
		wantCode(t, s.DeleteEvent(ctx(), "missing"), shopmind.ENOTFOUND, "")
		_, err := s.AddEvents(ctx(), []*shopmind.Event{ok})
		must(t, err)
		must(t, s.DeleteEvent(ctx(), ok.ID))
		wantCode(t, s.DeleteEvent(ctx(), ok.ID), shopmind.ENOTFOUND, "")
		for _, c := range []string{"???", badKindCursor(t, s)} {
			_, _, err = s.Events(ctx(), shopmind.EventFilter{After: c})
			wantCode(t, err, shopmind.EINVALID, "after")
		}
	})

	t.Run("Filters", func(t *testing.T) { testEventFilters(t, open(t)) })

	t.Run("Arrival", func(t *testing.T) { testEventArrival(t, open) })

	t.Run("PerDay", func(t *testing.T) {
		s := open(t)
		jan30 := time.Date(2026, 1, 30, 0, 0, 0, 0, time.UTC)
		var events []*shopmind.Event
		add := func(at time.Time, n int) {
			for i := range n {
				events = append(events, &shopmind.Event{UserID: "u", ItemID: fmt.Sprint("i", i), Type: shopmind.EventView, Time: at})
			}
		}
		add(jan30.Add(-time.Microsecond), 1)                             // Jan 29, last µs
		add(jan30, 2)                                                    // Jan 30, first µs
		add(jan30.Add(23*time.Hour), 3)                                  // Jan 30
		add(jan30.Add(48*time.Hour).In(time.FixedZone("X", -5*3600)), 4) // Feb 1 in UTC, Jan 31 locally
		add(time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC), 1)           // before the epoch
		_, err := s.AddEvents(ctx(), events)
		must(t, err)
		tests := []struct {
			name         string
			since, until time.Time
			want         []shopmind.DayCount
		}{
			{"All", time.Time{}, time.Time{}, []shopmind.DayCount{day("1969-12-31", 1), day("2026-01-29", 1), day("2026-01-30", 5), day("2026-02-01", 4)}},
			{"Since", jan30, time.Time{}, []shopmind.DayCount{day("2026-01-30", 5), day("2026-02-01", 4)}},
			{"Until", time.Time{}, jan30, []shopmind.DayCount{day("1969-12-31", 1), day("2026-01-29", 1)}},
			{"Window", jan30.Add(time.Hour), jan30.Add(49 * time.Hour), []shopmind.DayCount{day("2026-01-30", 3), day("2026-02-01", 4)}},
			{"Empty", jan30.AddDate(1, 0, 0), time.Time{}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.EventsPerDay(ctx(), tt.since, tt.until)
				must(t, err)
				if len(got) == 0 && len(tt.want) == 0 {
					return
				}
				equal(t, "per day", got, tt.want)
			})
		}
	})
}

// testEventFilters checks every EventFilter field over several pages,
// including events that share a time (ordered by id).
func testEventFilters(t *testing.T, s shopmind.Store) {
	var events []*shopmind.Event
	types := []shopmind.EventType{shopmind.EventView, shopmind.EventCart, shopmind.EventPurchase}
	for i := range 60 {
		e := &shopmind.Event{
			UserID: fmt.Sprint("u", i%4), ItemID: fmt.Sprint("i", i%7), Type: types[i%3], Value: float64(i),
			Time: base.Add(time.Duration(i/3) * time.Hour), // three events per time
		}
		must(t, e.Validate())
		events = append(events, e)
	}
	// Insert out of order.
	shuffled := slices.Clone(events)
	slices.Reverse(shuffled)
	_, err := s.AddEvents(ctx(), shuffled)
	must(t, err)
	slices.SortFunc(events, func(a, b *shopmind.Event) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return cmpString(a.ID, b.ID)
	})
	since, until := base.Add(5*time.Hour), base.Add(12*time.Hour)
	tests := []struct {
		name string
		f    shopmind.EventFilter
		keep func(*shopmind.Event) bool
	}{
		{"All", shopmind.EventFilter{}, func(*shopmind.Event) bool { return true }},
		{"User", shopmind.EventFilter{UserID: "u1"}, func(e *shopmind.Event) bool { return e.UserID == "u1" }},
		{"Item", shopmind.EventFilter{ItemID: "i3"}, func(e *shopmind.Event) bool { return e.ItemID == "i3" }},
		{"Type", shopmind.EventFilter{Type: shopmind.EventCart}, func(e *shopmind.Event) bool { return e.Type == shopmind.EventCart }},
		{"Since", shopmind.EventFilter{Since: since}, func(e *shopmind.Event) bool { return !e.Time.Before(since) }},
		{"Until", shopmind.EventFilter{Until: until}, func(e *shopmind.Event) bool { return e.Time.Before(until) }},
		{"Window", shopmind.EventFilter{Since: since, Until: until}, func(e *shopmind.Event) bool {
			return !e.Time.Before(since) && e.Time.Before(until)
		}},
		{"Combined", shopmind.EventFilter{UserID: "u2", Type: shopmind.EventView, Since: since}, func(e *shopmind.Event) bool {
			return e.UserID == "u2" && e.Type == shopmind.EventView && !e.Time.Before(since)
		}},
		{"NoMatch", shopmind.EventFilter{UserID: "nobody"}, func(*shopmind.Event) bool { return false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := []*shopmind.Event{}
			for _, e := range events {
				if tt.keep(e) {
					c := *e
					c.Time = stored(c.Time)
					want = append(want, &c)
				}
			}
			for _, limit := range []int{4, 1000} {
				got := collect(t, limit, func(after string, limit int) ([]*shopmind.Event, string, error) {
					f := tt.f
					f.After, f.Limit = after, limit
					return s.Events(ctx(), f)
				})
				if len(got) == 0 {
					got = []*shopmind.Event{}
				}
				equal(t, fmt.Sprintf("events with limit %d", limit), got, want)
			}
		})
	}
}

// day is a DayCount.
func day(d string, n int64) shopmind.DayCount { return shopmind.DayCount{Day: d, Count: n} }

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

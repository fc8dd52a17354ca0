package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// testEventArrival checks the arrival sequence: EventSeq, UserEventsAfter
// and EventFilter.MaxSeq follow the order events were stored in, whatever
// their times, and no event is missed between a watermark and the events
// after it.
func testEventArrival(t *testing.T, open Opener) {
	ev := func(user, item string, at time.Time) *shopmind.Event {
		e := &shopmind.Event{UserID: user, ItemID: item, Type: shopmind.EventView, Time: at}
		must(t, e.Validate())
		return e
	}
	add := func(t *testing.T, s shopmind.Store, events ...*shopmind.Event) {
		t.Helper()
		_, err := s.AddEvents(ctx(), events)
		must(t, err)
	}
	seq := func(t *testing.T, s shopmind.Store) int64 {
		t.Helper()
		n, err := s.EventSeq(ctx())
		must(t, err)
		return n
	}
	after := func(t *testing.T, s shopmind.Store, user string, seq int64, limit int) []string {
		t.Helper()
		got, err := s.UserEventsAfter(ctx(), user, seq, limit)
		must(t, err)
		return items(got)
	}

	t.Run("Empty", func(t *testing.T) {
		s := open(t)
		equal(t, "seq of an empty store", seq(t, s), int64(0))
		equal(t, "events after 0", after(t, s, "u", 0, 10), []string{})
	})

	t.Run("ArrivalNotTime", func(t *testing.T) {
		s := open(t)
		add(t, s, ev("u1", "now", base), ev("u2", "now", base))
		w := seq(t, s)
		if w <= 0 {
			t.Fatalf("seq after two events = %d", w)
		}
		// A back-dated event and a far-future one arrive after w.
		add(t, s, ev("u1", "last-year", base.AddDate(-1, 0, 0)))
		add(t, s, ev("u2", "year-3000", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)))
		add(t, s, ev("u1", "tomorrow", base.AddDate(0, 0, 1)))
		if w2 := seq(t, s); w2 <= w {
			t.Fatalf("seq went from %d to %d over three new events", w, w2)
		}
		equal(t, "u1 after w", after(t, s, "u1", w, 10), []string{"last-year", "tomorrow"})
		equal(t, "u2 after w", after(t, s, "u2", w, 10), []string{"year-3000"})
		equal(t, "nobody after w", after(t, s, "nobody", w, 10), []string{})
		equal(t, "u1 from the start", after(t, s, "u1", 0, 10), []string{"now", "last-year", "tomorrow"})
		// MaxSeq keeps what had arrived by w, in the usual (time, id) order.
		got, _, err := s.Events(ctx(), shopmind.EventFilter{MaxSeq: w})
		must(t, err)
		equal(t, "events by w", items(got), []string{"now", "now"})
		got, _, err = s.Events(ctx(), shopmind.EventFilter{UserID: "u1"})
		must(t, err)
		equal(t, "u1 events without MaxSeq", items(got), []string{"last-year", "now", "tomorrow"})
	})

	t.Run("LatestArrivals", func(t *testing.T) {
		s := open(t)
		for i := range 5 {
			add(t, s, ev("u", fmt.Sprint("i", i), base.Add(-time.Duration(i)*time.Hour))) // each earlier than the last
		}
		equal(t, "latest 2", after(t, s, "u", 0, 2), []string{"i3", "i4"})
		equal(t, "all", after(t, s, "u", 0, 0), []string{"i0", "i1", "i2", "i3", "i4"})
		// Not a page: a limit above MaxLimit is kept.
		var many []*shopmind.Event
		for i := range shopmind.MaxLimit + 5 {
			many = append(many, ev("w", fmt.Sprint("i", i), base))
		}
		add(t, s, many...)
		if got := after(t, s, "w", 0, shopmind.MaxLimit+10); len(got) != shopmind.MaxLimit+5 {
			t.Errorf("%d events with a limit above MaxLimit, want %d", len(got), shopmind.MaxLimit+5)
		}
	})

	t.Run("DuplicateIsNoArrival", func(t *testing.T) {
		s := open(t)
		e := ev("u", "i", base)
		add(t, s, e)
		w := seq(t, s)
		add(t, s, ev("u", "i", base)) // same content, same id
		equal(t, "after a duplicate", after(t, s, "u", w, 10), []string{})
	})

	// EventsArrived follows the log by arrival, page by page, with each
	// event's sequence; ArrivedCount drops when one of a span is deleted.
	t.Run("Arrived", func(t *testing.T) {
		s := open(t)
		add(t, s, ev("u1", "a", base))
		w := seq(t, s)
		del := ev("u2", "b", base.AddDate(-1, 0, 0))
		add(t, s, del, ev("u1", "c", base.AddDate(0, 0, 1)))
		add(t, s, ev("u3", "d", base))
		through := seq(t, s)
		add(t, s, ev("u1", "later", base)) // past through: not listed
		arrived := func(after, through int64, limit int) ([]string, []int64) {
			t.Helper()
			got, err := s.EventsArrived(ctx(), after, through, limit)
			must(t, err)
			var ids []string
			var seqs []int64
			for _, a := range got {
				ids, seqs = append(ids, a.Event.UserID+"/"+a.Event.ItemID), append(seqs, a.Seq)
			}
			return ids, seqs
		}
		ids, seqs := arrived(w, through, 0)
		equal(t, "arrived in (w, through]", ids, []string{"u2/b", "u1/c", "u3/d"})
		if len(seqs) != 3 || seqs[0] <= w || seqs[0] >= seqs[1] || seqs[1] >= seqs[2] || seqs[2] != through {
			t.Errorf("sequences %v after %d through %d: want increasing, in the span, the last at through", seqs, w, through)
		}
		first, firstSeqs := arrived(w, through, 2)
		equal(t, "first page", first, []string{"u2/b", "u1/c"})
		rest, _ := arrived(firstSeqs[1], through, 2)
		equal(t, "next page", rest, []string{"u3/d"})
		got, err := s.EventsArrived(ctx(), w, through, 0)
		must(t, err)
		if e := got[0].Event; !e.Time.Equal(stored(del.Time)) || e.ID != del.ID || e.Type != del.Type {
			t.Errorf("arrived event = %+v, want %+v as stored", e, del)
		}
		n, err := s.ArrivedCount(ctx(), w, through)
		must(t, err)
		equal(t, "count in (w, through]", n, int64(3))
		must(t, s.DeleteEvent(ctx(), del.ID))
		n, err = s.ArrivedCount(ctx(), w, through)
		must(t, err)
		equal(t, "count after a delete", n, int64(2))
		ids, _ = arrived(0, 0, 0)
		equal(t, "nothing through 0", ids, []string(nil))
	})

	// A plain SQLite rowid hands the number of a deleted newest row out
	// again; the sequence must not.
	t.Run("NotReusedAfterDelete", func(t *testing.T) {
		s := open(t)
		add(t, s, ev("u", "a", base))
		e := ev("u", "b", base)
		add(t, s, e)
		w := seq(t, s)
		must(t, s.DeleteEvent(ctx(), e.ID))
		add(t, s, ev("u", "c", base))
		equal(t, "after w", after(t, s, "u", w, 10), []string{"c"})
	})

	// A watermark read while another transaction is still writing events
	// must not let that transaction's events fall between the snapshot
	// taken at the watermark and the events read after it. (In PostgreSQL
	// a transaction can draw a lower seq and commit after a higher one.)
	t.Run("OpenWriterNotMissed", func(t *testing.T) {
		s := open(t)
		add(t, s, ev("u0", "seed", base))
		x, y := ev("ux", "x", base), ev("uy", "y", base)
		added, release := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		var txErr, yErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			txErr = s.Tx(ctx(), func(tx shopmind.Store) error {
				if _, err := tx.AddEvents(ctx(), []*shopmind.Event{x}); err != nil {
					close(added)
					return err
				}
				close(added)
				<-release
				return nil
			})
		}()
		<-added
		yDone := make(chan struct{})
		wg.Add(1)
		go func() { // commits at once in PostgreSQL, waits for the Tx in SQLite
			defer wg.Done()
			defer close(yDone)
			_, yErr = s.AddEvents(ctx(), []*shopmind.Event{y})
		}()
		select {
		case <-yDone:
		case <-time.After(200 * time.Millisecond):
		}
		var w int64
		var snapshot []*shopmind.Event
		var wErr error
		wDone := make(chan struct{})
		go func() { // as training does: the watermark, then what had arrived by it
			defer close(wDone)
			if w, wErr = s.EventSeq(ctx()); wErr == nil {
				snapshot, _, wErr = s.Events(ctx(), shopmind.EventFilter{MaxSeq: w})
			}
		}()
		select {
		case <-wDone:
		case <-time.After(100 * time.Millisecond):
		}
		close(release)
		wg.Wait()
		<-wDone
		must(t, txErr)
		must(t, yErr)
		must(t, wErr)
		for _, e := range []*shopmind.Event{x, y} {
			inSnapshot := false
			for _, g := range snapshot {
				inSnapshot = inSnapshot || g.ID == e.ID
			}
			later, err := s.UserEventsAfter(ctx(), e.UserID, w, 10)
			must(t, err)
			if inSnapshot == (len(later) == 1) {
				t.Errorf("event %s: in the snapshot at seq %d: %v, after it: %d events; want exactly one of them", e.ItemID, w, inSnapshot, len(later))
			}
		}
	})
}

// items lists the item ids of events, in order.
func items(events []*shopmind.Event) []string {
	out := []string{}
	for _, e := range events {
		out = append(out, e.ItemID)
	}
	return out
}

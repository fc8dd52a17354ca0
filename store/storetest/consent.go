package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func testConsents(t *testing.T, open Opener) {
	t.Run("DefaultAllowsEverything", func(t *testing.T) {
		s := open(t)
		got, err := s.Consent(ctx(), "never-set")
		must(t, err)
		equal(t, "default consent", got, &shopmind.Consent{UserID: "never-set"})
		_, err = s.Consent(ctx(), "")
		wantCode(t, err, shopmind.EINVALID, "user_id")
		for _, p := range []shopmind.ConsentPurpose{shopmind.PurposePersonalisation, shopmind.PurposeMarketing} {
			ids, err := s.OptedOut(ctx(), p)
			must(t, err)
			equal(t, "nobody opted out of "+string(p), len(ids), 0)
		}
		_, err = s.OptedOut(ctx(), "telepathy")
		wantCode(t, err, shopmind.EINVALID, "purpose")
	})

	t.Run("SetReplaceAndList", func(t *testing.T) {
		s := open(t)
		// Consent does not need a stored user: a storefront may send it first.
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u1"}}))
		c := startClock()
		in := []*shopmind.Consent{
			{UserID: "u3", NoPersonalisation: true},
			{UserID: "u1", NoPersonalisation: true, NoMarketing: true},
			{UserID: "u2", NoMarketing: true},
			{UserID: "u4"},
		}
		must(t, s.SetConsents(ctx(), in))
		for _, k := range in {
			c.check(t, "UpdatedAt written back", k.UpdatedAt)
		}
		got, err := s.Consent(ctx(), "u1")
		must(t, err)
		equal(t, "stored consent", got, in[1])

		ids, err := s.OptedOut(ctx(), shopmind.PurposePersonalisation)
		must(t, err)
		equal(t, "no personalisation", ids, []string{"u1", "u3"})
		ids, err = s.OptedOut(ctx(), shopmind.PurposeMarketing)
		must(t, err)
		equal(t, "no marketing", ids, []string{"u1", "u2"})

		pause()
		must(t, s.SetConsents(ctx(), []*shopmind.Consent{{UserID: "u1", NoMarketing: true}}))
		got, err = s.Consent(ctx(), "u1")
		must(t, err)
		if got.NoPersonalisation || !got.NoMarketing || !got.UpdatedAt.After(in[1].UpdatedAt) {
			t.Errorf("replaced consent = %+v, want personalisation allowed again, marketing refused, a later UpdatedAt", got)
		}
		ids, err = s.OptedOut(ctx(), shopmind.PurposePersonalisation)
		must(t, err)
		equal(t, "no personalisation after u1 allowed it", ids, []string{"u3"})
	})

	t.Run("ErasedWithUser", func(t *testing.T) {
		s := open(t)
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u1"}, {ID: "u2"}}))
		must(t, s.SetConsents(ctx(), []*shopmind.Consent{{UserID: "u1", NoMarketing: true}, {UserID: "u2", NoMarketing: true}}))
		_, err := s.EraseUser(ctx(), "u1", shopmind.EraseOptions{Events: shopmind.EraseEventsDelete, Pseudonym: "p-erased-1"})
		must(t, err)
		got, err := s.Consent(ctx(), "u1")
		must(t, err)
		equal(t, "erased user's consent", got, &shopmind.Consent{UserID: "u1"})
		ids, err := s.OptedOut(ctx(), shopmind.PurposeMarketing)
		must(t, err)
		equal(t, "others keep theirs", ids, []string{"u2"})
	})

	t.Run("InvalidStoresNothing", func(t *testing.T) {
		s := open(t)
		err := s.SetConsents(ctx(), []*shopmind.Consent{{UserID: "ok", NoMarketing: true}, {UserID: ""}})
		wantCode(t, err, shopmind.EINVALID, "consents[1].user_id")
		ids, err := s.OptedOut(ctx(), shopmind.PurposeMarketing)
		must(t, err)
		equal(t, "nothing stored", len(ids), 0)
		must(t, s.SetConsents(ctx(), nil))
	})
}

var errRollback = errors.New("storetest: roll back")

func testRetention(t *testing.T, open Opener) {
	t.Run("DeletesOnlyOlder", func(t *testing.T) {
		s := open(t)
		var events []*shopmind.Event
		for d := range 12 {
			for u := range 3 {
				events = append(events, &shopmind.Event{UserID: "u" + string(rune('a'+u)), ItemID: "i1",
					Type: shopmind.EventView, Time: base.AddDate(0, 0, d)})
			}
		}
		_, err := s.AddEvents(ctx(), events)
		must(t, err)
		seq, err := s.EventSeq(ctx())
		must(t, err)

		n, err := s.DeleteEventsBefore(ctx(), time.Time{})
		must(t, err)
		equal(t, "zero time deletes nothing", n, int64(0))

		cut := base.AddDate(0, 0, 5) // days 0-4 go, the cut's own events stay
		n, err = s.DeleteEventsBefore(ctx(), cut)
		must(t, err)
		equal(t, "deleted", n, int64(15))
		left := collect(t, 1000, func(a string, l int) ([]*shopmind.Event, string, error) {
			return s.Events(ctx(), shopmind.EventFilter{After: a, Limit: l})
		})
		equal(t, "left", len(left), 21)
		for _, e := range left {
			if e.Time.Before(stored(cut)) {
				t.Fatalf("event at %v left, before the cut %v", e.Time, cut)
			}
		}
		n, err = s.DeleteEventsBefore(ctx(), cut)
		must(t, err)
		equal(t, "again", n, int64(0))
		after, err := s.EventSeq(ctx())
		must(t, err)
		equal(t, "arrival sequence unchanged", after, seq)

		// Rolled back with its transaction.
		err = s.Tx(ctx(), func(tx shopmind.Store) error {
			n, err := tx.DeleteEventsBefore(ctx(), base.AddDate(1, 0, 0))
			must(t, err)
			equal(t, "deleted in tx", n, int64(21))
			return errRollback
		})
		if err != errRollback {
			t.Fatalf("Tx = %v", err)
		}
		counts, err := s.Counts(ctx())
		must(t, err)
		equal(t, "events after rollback", counts.Events, int64(21))
	})

	t.Run("ManyBatches", func(t *testing.T) {
		if testing.Short() {
			t.Skip("short")
		}
		s := open(t)
		const n = 12_345
		events := make([]*shopmind.Event, n)
		for i := range events {
			events[i] = &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventClick, Time: base.Add(time.Duration(i) * time.Second)}
		}
		_, err := s.AddEvents(ctx(), events)
		must(t, err)
		got, err := s.DeleteEventsBefore(ctx(), base.Add((n-5)*time.Second))
		must(t, err)
		equal(t, "deleted across batches", got, int64(n-5))
		counts, err := s.Counts(ctx())
		must(t, err)
		equal(t, "left", counts.Events, int64(5))
	})
}

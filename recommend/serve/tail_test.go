package serve

import (
	"context"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/store/sqlite"
)

// readCounter counts the requests' reads of a user's recent events.
type readCounter struct {
	shopmind.Store
	reads atomic.Int64
}

func (s *readCounter) UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*shopmind.Event, error) {
	s.reads.Add(1)
	return s.Store.UserEventsAfter(ctx, userID, seq, limit)
}

// tailFixture is a shop whose itemknn model is served twice: by a Service
// with a Tail and by one without (the reference, reading the store at every
// request as before).
type tailFixture struct {
	db       *sqlite.DB
	shop     *demo.Shop
	counted  *readCounter
	svc, ref *Service
	tail     *Tail
	at       time.Time
}

func newTailFixture(t *testing.T, limit int) *tailFixture {
	t.Helper()
	db, shop := mustShopStore(t)
	ctx := context.Background()
	f := &tailFixture{db: db, shop: shop, counted: &readCounter{Store: db}, at: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	now := func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	f.ref = NewService(db, ServiceConfig{Model: "itemknn", HistoryLimit: limit})
	f.ref.Now = now
	m, err := f.ref.Train(ctx, "itemknn", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.ref.Swap(ctx, m); err != nil {
		t.Fatal(err)
	}
	f.tail = NewTail(db)
	f.svc = NewService(f.counted, ServiceConfig{Model: "itemknn", HistoryLimit: limit})
	f.svc.Now, f.svc.Tail = now, f.tail
	if err := f.svc.Swap(ctx, m); err != nil {
		t.Fatal(err)
	}
	f.poll(t)
	return f
}

func (f *tailFixture) poll(t *testing.T) {
	t.Helper()
	if err := f.tail.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// add stores n views of user, on items from the catalog's offset on, as
// another process would (straight into the store).
func (f *tailFixture) add(t *testing.T, user string, offset, n int) []*shopmind.Event {
	t.Helper()
	var evs []*shopmind.Event
	for k := range n {
		f.at = f.at.Add(time.Minute)
		e := &shopmind.Event{UserID: user, ItemID: f.shop.Items[(offset+k)%len(f.shop.Items)].ID, Type: shopmind.EventPurchase, Time: f.at}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
	}
	if _, err := f.db.AddEvents(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	return evs
}

// list is a user's recommendations as item ids and scores.
func list(t *testing.T, s *Service, user string) []string {
	t.Helper()
	l, err := s.RecommendForUser(context.Background(), user, shopmind.RecommendOptions{N: 10})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range l.Items {
		out = append(out, fmt.Sprintf("%s %.6f", r.ItemID, r.Score))
	}
	return out
}

// same fails unless the service with the tail gives users the reference's
// lists.
func (f *tailFixture) same(t *testing.T, what string, users ...string) {
	t.Helper()
	for _, u := range users {
		if got, want := list(t, f.svc, u), list(t, f.ref, u); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s's list with the tail\n%v\nwithout\n%v", what, u, got, want)
		}
	}
}

// sameReads is same, failing also unless the service with the tail read
// the store for recent events reads times.
func (f *tailFixture) sameReads(t *testing.T, what string, reads int64, users ...string) {
	t.Helper()
	f.counted.reads.Store(0)
	f.same(t, what, users...)
	if n := f.counted.reads.Load(); n != reads {
		t.Errorf("%s: %d store reads for recent events, want %d", what, n, reads)
	}
}

// TestTailTakesStoreReadsOffRequests: once the tail has polled, requests
// read no recent events from the store, and their lists are the ones a
// store read gives, for users with and without events since training.
func TestTailTakesStoreReadsOffRequests(t *testing.T) {
	f := newTailFixture(t, 20)
	a, b := f.shop.Users[0].ID, f.shop.Users[1].ID
	f.add(t, a, 0, 5)
	f.add(t, "visitor-new", 40, 3) // unknown to the model: only recent events
	f.add(t, b, 80, 45)            // more than HistoryLimit since training
	f.poll(t)
	f.counted.reads.Store(0)
	users := []string{a, b, "visitor-new", f.shop.Users[2].ID, "nobody"}
	for _, u := range users {
		list(t, f.svc, u)
	}
	if n := f.counted.reads.Load(); n != 0 {
		t.Errorf("%d requests read the store for recent events, want 0 once the tail has polled", n)
	}
	if st := f.tail.Stats(); st.Memory != int64(len(users)) || st.Held != 53 || !st.Ready {
		t.Errorf("stats %+v, want %d answered from memory and 53 events held", st, len(users))
	}
	f.same(t, "after a poll", users...)
	if got := list(t, f.svc, "visitor-new"); len(got) == 0 {
		t.Error("a visitor with three purchases since training got an empty list")
	}
}

// TestTailOtherProcessEventsAtNextPoll: events another process stores
// count from the next poll on.
func TestTailOtherProcessEventsAtNextPoll(t *testing.T) {
	f := newTailFixture(t, 20)
	u := f.shop.Users[3].ID
	before := list(t, f.ref, u)
	f.add(t, u, 10, 8)
	if got := list(t, f.svc, u); !reflect.DeepEqual(got, before) {
		t.Errorf("before the poll the tail already knew events it never read: %v, want %v", got, before)
	}
	f.poll(t)
	if reflect.DeepEqual(list(t, f.ref, u), before) {
		t.Fatal("eight purchases did not change the reference list: the test shows nothing")
	}
	f.same(t, "after the poll", u)
}

// TestTailAcceptedCountsAtOnce: events this process accepted (Accepted)
// count in the very next request, before any poll, from a store read.
func TestTailAcceptedCountsAtOnce(t *testing.T) {
	f := newTailFixture(t, 20)
	u := f.shop.Users[4].ID
	f.tail.Accepted(f.add(t, u, 20, 6))
	f.sameReads(t, "accepted, not polled", 1, u)
	f.poll(t) // started after Accepted: it has them
	f.sameReads(t, "accepted, polled", 0, u)
}

// TestTailDeletions: an event deleted here (Reset) stops counting at once;
// one deleted by another process stops counting at the next poll, which
// sees the store's count drop and rebuilds.
func TestTailDeletions(t *testing.T) {
	f := newTailFixture(t, 20)
	ctx := context.Background()
	u, v := f.shop.Users[5].ID, f.shop.Users[6].ID
	evs := f.add(t, u, 30, 4)
	others := f.add(t, v, 60, 8)
	f.poll(t)
	withOthers := list(t, f.ref, v)
	if err := f.db.DeleteEvent(ctx, evs[0].ID); err != nil {
		t.Fatal(err)
	}
	f.tail.Reset()
	f.same(t, "deleted here", u, v)
	f.poll(t)
	f.same(t, "deleted here, polled", u, v)

	for _, e := range others {
		if err := f.db.DeleteEvent(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	if reflect.DeepEqual(list(t, f.ref, v), withOthers) {
		t.Fatal("deleting eight purchases did not change the reference list: the test shows nothing")
	}
	f.poll(t) // sees the count drop
	f.same(t, "deleted elsewhere, one poll", u, v)
	f.poll(t)
	f.same(t, "deleted elsewhere, rebuilt", u, v)
	if st := f.tail.Stats(); st.Held != 3 || !st.Ready || st.Memory == 0 {
		t.Errorf("stats after the deletions %+v, want 3 events held and ready", st)
	}
}

// TestTailForget: an erased user's held events are dropped at once.
func TestTailForget(t *testing.T) {
	f := newTailFixture(t, 20)
	ctx := context.Background()
	u := f.shop.Users[7].ID
	f.add(t, u, 50, 5)
	f.poll(t)
	if _, err := f.db.EraseUser(ctx, u, shopmind.EraseOptions{Events: shopmind.EraseEventsDelete, Pseudonym: "erased-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Forget(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ref.Forget(ctx, u); err != nil {
		t.Fatal(err)
	}
	f.same(t, "erased", u)
	f.poll(t)
	f.same(t, "erased, polled", u)
	if st := f.tail.Stats(); st.Held != 0 {
		t.Errorf("%d events held after the erasure, want 0", st.Held)
	}
}

// TestTailOverflow: past MaxEvents the tail holds nothing and requests
// read the store, with the same lists.
func TestTailOverflow(t *testing.T) {
	f := newTailFixture(t, 20)
	f.tail.MaxEvents = 10
	u := f.shop.Users[8].ID
	f.add(t, u, 70, 12)
	f.poll(t)
	f.sameReads(t, "overflowing", 1, u)
	if st := f.tail.Stats(); st.Ready || st.Held != 0 {
		t.Errorf("stats past MaxEvents %+v, want nothing held, not ready", st)
	}
}

// TestTailFloorFollowsModels: the tail holds from the lowest watermark of
// the models it serves; a service whose model is older than what the
// tail holds reads the store.
func TestTailFloorFollowsModels(t *testing.T) {
	f := newTailFixture(t, 20)
	ctx := context.Background()
	u := f.shop.Users[9].ID
	f.add(t, u, 90, 5)
	// A retrain: the newer model's watermark covers those events.
	m, err := f.ref.Train(ctx, "itemknn", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Service{f.ref, f.svc} {
		if err := s.Swap(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	f.add(t, u, 95, 2)
	f.poll(t)
	if st := f.tail.Stats(); st.Held != 2 {
		t.Errorf("%d events held after the retrain, want the 2 since it", st.Held)
	}
	f.sameReads(t, "after the retrain", 0, u)
}

// TestTailRebuildsWithinRebuildEvery: another process's erasure that
// pseudonymises events (the count of the span stays the same) reaches the
// memory when everything held is read again, within RebuildEvery.
func TestTailRebuildsWithinRebuildEvery(t *testing.T) {
	f := newTailFixture(t, 20)
	ctx := context.Background()
	u := f.shop.Users[10].ID
	f.add(t, u, 15, 8)
	f.poll(t)
	after := f.svc.cur.Load().Artifact().Hist.Seq
	if _, err := f.db.EraseUser(ctx, u, shopmind.EraseOptions{Events: shopmind.EraseEventsPseudonymise, Pseudonym: "anon-1"}); err != nil {
		t.Fatal(err)
	}
	f.poll(t) // nothing added or deleted: not seen yet
	if evs, ok := f.tail.Events(u, after, 20); !ok || len(evs) != 8 {
		t.Fatalf("before the rebuild the tail gave %d events of %s (%v), want the 8 it held", len(evs), u, ok)
	}
	f.tail.RebuildEvery = time.Nanosecond
	f.poll(t)
	if evs, ok := f.tail.Events(u, after, 20); !ok || len(evs) != 0 {
		t.Fatalf("after the rebuild the tail gave %d events of the erased %s (%v), want 0", len(evs), u, ok)
	}
	if evs, _ := f.tail.Events("anon-1", after, 20); len(evs) != 8 {
		t.Fatalf("the pseudonym has %d events, want 8", len(evs))
	}
}

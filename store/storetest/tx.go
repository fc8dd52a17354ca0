package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// seed fills a store with one or more of everything and returns it.
func seed(t *testing.T, s shopmind.Store) {
	t.Helper()
	must(t, s.UpsertItems(ctx(), []*shopmind.Item{fullItem("i1"), fullItem("i2")}))
	must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u1", Attributes: map[string]string{"k": "v"}}, {ID: "u2"}}))
	must(t, s.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: "u1", Email: "u1@example.com"}))
	_, err := s.AddEvents(ctx(), []*shopmind.Event{
		{UserID: "u1", ItemID: "i1", Type: shopmind.EventView, Time: base},
		{UserID: "u2", ItemID: "i2", Type: shopmind.EventPurchase, Value: 2, Time: base.Add(time.Hour)},
	})
	must(t, err)
	must(t, s.UpsertOrders(ctx(), []*shopmind.Order{testOrder("o1", "u1")}))
	must(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "r1", ItemID: "i1", Rating: 3, Text: "ok"}}))
	must(t, s.PutImage(ctx(), &shopmind.Image{Format: "png", Data: []byte("png-1")}))
	must(t, s.SaveModel(ctx(), &shopmind.Model{Name: "m", Data: []byte("v1")}))
	must(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k1", Role: shopmind.RoleRead, Hash: "hash-1"}))
}

// snapshot is everything a store holds, for before/after comparisons.
type snapshot struct {
	Counts   shopmind.Counts
	Items    []*shopmind.Item
	Users    []*shopmind.User
	Personal []*shopmind.UserPersonal
	Events   []*shopmind.Event
	Orders   []*shopmind.Order
	Reviews  []*shopmind.Review
	Images   []*shopmind.Image
	Models   []*shopmind.Model
	Keys     []*shopmind.APIKey
}

func takeSnapshot(t *testing.T, s shopmind.Store) snapshot {
	t.Helper()
	var sn snapshot
	var err error
	sn.Counts, err = s.Counts(ctx())
	must(t, err)
	sn.Items = collect(t, 1000, func(a string, l int) ([]*shopmind.Item, string, error) {
		return s.Items(ctx(), shopmind.ItemFilter{After: a, Limit: l})
	})
	sn.Users = collect(t, 1000, func(a string, l int) ([]*shopmind.User, string, error) {
		return s.Users(ctx(), shopmind.UserFilter{After: a, Limit: l})
	})
	for _, u := range sn.Users {
		p, err := s.UserPersonal(ctx(), u.ID)
		if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			continue
		}
		must(t, err)
		sn.Personal = append(sn.Personal, p)
	}
	sn.Events = collect(t, 1000, func(a string, l int) ([]*shopmind.Event, string, error) {
		return s.Events(ctx(), shopmind.EventFilter{After: a, Limit: l})
	})
	sn.Orders = collect(t, 1000, func(a string, l int) ([]*shopmind.Order, string, error) {
		return s.Orders(ctx(), shopmind.OrderFilter{After: a, Limit: l})
	})
	sn.Reviews = collect(t, 1000, func(a string, l int) ([]*shopmind.Review, string, error) {
		return s.Reviews(ctx(), shopmind.ReviewFilter{After: a, Limit: l})
	})
	for _, data := range []string{"png-1", "png-2"} {
		img, err := s.Image(ctx(), shopmind.ImageHash([]byte(data)))
		if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			continue
		}
		must(t, err)
		sn.Images = append(sn.Images, img)
	}
	sn.Models, err = s.Models(ctx(), "m")
	must(t, err)
	sn.Keys, err = s.Keys(ctx())
	must(t, err)
	return sn
}

// writeEverything changes every kind of entity through s.
func writeEverything(t *testing.T, s shopmind.Store) {
	t.Helper()
	it := fullItem("i1")
	it.Title = "changed in tx"
	must(t, s.UpsertItems(ctx(), []*shopmind.Item{it, fullItem("i3")}))
	must(t, s.DeleteItem(ctx(), "i2"))
	must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u1"}, {ID: "u3"}}))
	must(t, s.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: "u1", Email: "changed@example.com"}))
	must(t, s.DeleteUser(ctx(), "u2"))
	_, err := s.AddEvents(ctx(), []*shopmind.Event{{UserID: "u3", ItemID: "i3", Type: shopmind.EventCart, Time: base}})
	must(t, err)
	must(t, s.UpsertOrders(ctx(), []*shopmind.Order{testOrder("o2", "u3")}))
	must(t, s.DeleteOrder(ctx(), "o1"))
	must(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "r1", ItemID: "i1", Rating: 1, Text: "changed"}}))
	must(t, s.PutImage(ctx(), &shopmind.Image{Format: "png", Data: []byte("png-2")}))
	must(t, s.DeleteImage(ctx(), shopmind.ImageHash([]byte("png-1"))))
	must(t, s.SaveModel(ctx(), &shopmind.Model{Name: "m", Data: []byte("v2")}))
	must(t, s.TouchKey(ctx(), "k1", base))
	must(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k2", Role: shopmind.RoleAdmin, Hash: "hash-2"}))
}

func testTx(t *testing.T, open Opener) {
	t.Run("Commit", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		before := takeSnapshot(t, s)
		var inside snapshot
		must(t, s.Tx(ctx(), func(tx shopmind.Store) error {
			writeEverything(t, tx)
			inside = takeSnapshot(t, tx) // reads see the transaction's writes
			return nil
		}))
		after := takeSnapshot(t, s)
		equal(t, "store after commit", after, inside)
		equal(t, "counts after commit", after.Counts, shopmind.Counts{Items: 2, Users: 2, Events: 3, Orders: 1, Reviews: 1, Images: 1, Models: 2})
		if equalSnapshots(before, after) {
			t.Error("commit changed nothing")
		}
	})

	t.Run("Rollback", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		before := takeSnapshot(t, s)
		boom := errors.New("boom")
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			writeEverything(t, tx)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx error = %v, want fn's error", err)
		}
		equal(t, "store after rollback", takeSnapshot(t, s), before)
	})

	t.Run("RollbackOnStoreError", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		before := takeSnapshot(t, s)
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			must(t, tx.UpsertItems(ctx(), []*shopmind.Item{fullItem("i9")}))
			return tx.DeleteItem(ctx(), "missing")
		})
		wantCode(t, err, shopmind.ENOTFOUND, "")
		equal(t, "store after failed tx", takeSnapshot(t, s), before)
	})

	t.Run("Nested", func(t *testing.T) {
		s := open(t)
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			return tx.Tx(ctx(), func(shopmind.Store) error { return nil })
		})
		if err == nil {
			t.Fatal("nested Tx succeeded, want an error")
		}
	})

	t.Run("PingInside", func(t *testing.T) {
		s := open(t)
		must(t, s.Ping(ctx()))
		must(t, s.Tx(ctx(), func(tx shopmind.Store) error { return tx.Ping(ctx()) }))
	})
}

func equalSnapshots(a, b snapshot) bool {
	return a.Counts == b.Counts && len(a.Items) == len(b.Items) && dump(a) == dump(b)
}

func testCounts(t *testing.T, open Opener) {
	s := open(t)
	n, err := s.Counts(ctx())
	must(t, err)
	equal(t, "empty store", n, shopmind.Counts{})
	seed(t, s)
	n, err = s.Counts(ctx())
	must(t, err)
	equal(t, "seeded store", n, shopmind.Counts{Items: 2, Users: 2, Events: 2, Orders: 1, Reviews: 1, Images: 1, Models: 1})
}

func testEventSpan(t *testing.T, open Opener) {
	s := open(t)
	span, err := s.EventSpan(ctx())
	must(t, err)
	equal(t, "empty store", span, shopmind.Span{})
	_, err = s.AddEvents(ctx(), []*shopmind.Event{
		{UserID: "u1", ItemID: "i1", Type: shopmind.EventRating, Value: 4, Time: time.Date(1997, 9, 20, 3, 4, 5, 0, time.UTC)},
		{UserID: "u1", ItemID: "i2", Type: shopmind.EventView, Time: base},
		{UserID: "u2", ItemID: "i1", Type: shopmind.EventRating, Value: 2, Time: time.Date(1998, 4, 22, 23, 59, 59, 0, time.UTC)},
	})
	must(t, err)
	span, err = s.EventSpan(ctx())
	must(t, err)
	equal(t, "span", span, shopmind.Span{First: time.Date(1997, 9, 20, 3, 4, 5, 0, time.UTC), Last: stored(base)})
}

func testContext(t *testing.T, open Opener) {
	s := open(t)
	seed(t, s)
	before := takeSnapshot(t, s)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	calls := []struct {
		name string
		call func(context.Context) error
	}{
		{"Item", func(c context.Context) error { _, err := s.Item(c, "i1"); return err }},
		{"Items", func(c context.Context) error { _, _, err := s.Items(c, shopmind.ItemFilter{}); return err }},
		{"UpsertItems", func(c context.Context) error { return s.UpsertItems(c, []*shopmind.Item{fullItem("new")}) }},
		{"AddEvents", func(c context.Context) error {
			_, err := s.AddEvents(c, []*shopmind.Event{{UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: base.Add(time.Hour * 99)}})
			return err
		}},
		{"Events", func(c context.Context) error { _, _, err := s.Events(c, shopmind.EventFilter{}); return err }},
		{"Counts", func(c context.Context) error { _, err := s.Counts(c); return err }},
		{"DeleteUser", func(c context.Context) error { return s.DeleteUser(c, "u1") }},
		{"Tx", func(c context.Context) error {
			return s.Tx(c, func(tx shopmind.Store) error { return tx.UpsertUsers(c, []*shopmind.User{{ID: "new"}}) })
		}},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(cancelled); !errors.Is(err, context.Canceled) {
				t.Errorf("error %v with a cancelled context, want context.Canceled", err)
			}
		})
	}
	t.Run("CancelInsideTx", func(t *testing.T) {
		c, cancel := context.WithCancel(context.Background())
		err := s.Tx(c, func(tx shopmind.Store) error {
			must(t, tx.UpsertItems(c, []*shopmind.Item{fullItem("during")}))
			cancel()
			return tx.UpsertItems(c, []*shopmind.Item{fullItem("after-cancel")})
		})
		if err == nil {
			t.Error("Tx succeeded after its context was cancelled")
		}
	})
	equal(t, "store after cancelled calls", takeSnapshot(t, s), before)
}

package insights

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/store/sqlite"
)

// loadAll is the reference Load: every list read into memory, then
// NewHistory.
func loadAll(ctx context.Context, t *testing.T, s shopmind.Store, days int) *History {
	t.Helper()
	var orders []*shopmind.Order
	var events []*shopmind.Event
	var last time.Time
	check := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	items, err := shopmind.Collect(ctx, nil, shopmind.ListItems(s, shopmind.ItemFilter{Limit: 7}))
	check(err)
	orders, err = shopmind.Collect(ctx, nil, shopmind.ListOrders(s, shopmind.OrderFilter{Limit: 50}))
	check(err)
	for _, o := range orders {
		if o.CreatedAt.After(last) {
			last = o.CreatedAt
		}
	}
	for _, typ := range []shopmind.EventType{shopmind.EventView, shopmind.EventCart} {
		events, err = shopmind.Collect(ctx, events, shopmind.ListEvents(s, shopmind.EventFilter{Type: typ, Since: last.AddDate(0, 0, -days), Limit: 500}))
		check(err)
	}
	return NewHistory(items, orders, events, time.Time{})
}

func TestLoadMatchesNewHistory(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Seed: 11, Items: 150, Users: 400, Days: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{0, 30} {
		got, err := Load(ctx, db, LoadOptions{ActivityDays: days})
		if err != nil {
			t.Fatal(err)
		}
		want := loadAll(ctx, t, db, map[int]int{0: 240, 30: 30}[days])
		if len(got.Orders) == 0 || len(got.Activity) == 0 {
			t.Fatalf("days %d: %d orders, %d activities", days, len(got.Orders), len(got.Activity))
		}
		if !reflect.DeepEqual(got.Users, want.Users) || !reflect.DeepEqual(got.Orders, want.Orders) ||
			!reflect.DeepEqual(got.Activity, want.Activity) || !got.End.Equal(want.End) || got.Currency != want.Currency || got.Currency != "USD" {
			t.Fatalf("days %d: history differs: %d/%d users, %d/%d orders, %d/%d activities, end %v/%v, currency %q/%q (want USD)", days,
				len(got.Users), len(want.Users), len(got.Orders), len(want.Orders), len(got.Activity), len(want.Activity), got.End, want.End, got.Currency, want.Currency)
		}
		if len(got.Items) != len(want.Items) {
			t.Fatalf("%d items, want %d", len(got.Items), len(want.Items))
		}
		for i, it := range got.Items {
			w := want.Items[i]
			if it.ID != w.ID || it.Price != w.Price || !reflect.DeepEqual(it.Category, w.Category) || it.Description != "" {
				t.Fatalf("item %d: %+v, want the trimmed %+v", i, it, w)
			}
			if j, ok := got.ItemIndex(it.ID); !ok || int(j) != i {
				t.Fatalf("item index of %s: %d %v", it.ID, j, ok)
			}
		}
		if days == 0 && got.Items[0].Description == want.Items[0].Description {
			t.Fatal("items are not trimmed")
		}
	}
}

// Orders and events dated after LoadOptions.Latest (a wrong clock or year)
// do not move the end of the data, with orders or without (a store of
// rating events only, whose end comes from its events).
func TestLoadLeavesOutFutureDates(t *testing.T) {
	ctx := context.Background()
	latest := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	lastSane := time.Date(2026, 11, 30, 17, 45, 0, 0, time.UTC)
	ev := func(user string, typ shopmind.EventType, at time.Time) *shopmind.Event {
		e := &shopmind.Event{UserID: user, ItemID: "i1", Type: typ, Time: at}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		return e
	}
	for _, withOrders := range []bool{false, true} {
		t.Run(map[bool]string{false: "EventsOnly", true: "WithOrders"}[withOrders], func(t *testing.T) {
			db, err := sqlite.Open(ctx, ":memory:")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.UpsertItems(ctx, []*shopmind.Item{{ID: "i1", Title: "Lamp", Price: 10, Currency: "EUR"}}); err != nil {
				t.Fatal(err)
			}
			events := []*shopmind.Event{ev("u1", shopmind.EventRating, lastSane.AddDate(0, 0, -3)), ev("u1", shopmind.EventView, lastSane),
				ev("u2", shopmind.EventRating, lastSane.Add(-time.Hour)),
				ev("u2", shopmind.EventView, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)),
				ev("u3", shopmind.EventRating, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))}
			if _, err := db.AddEvents(ctx, events); err != nil {
				t.Fatal(err)
			}
			if withOrders {
				var orders []*shopmind.Order
				for k, at := range []time.Time{lastSane.AddDate(0, -1, 0), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)} {
					orders = append(orders, &shopmind.Order{ID: "o" + string(rune('1'+k)), UserID: "u1", Status: shopmind.OrderPaid, Currency: "EUR",
						Total: 10, CreatedAt: at, Lines: []shopmind.OrderLine{{ItemID: "i1", Quantity: 1, UnitPrice: 10}}})
				}
				if err := db.UpsertOrders(ctx, orders); err != nil {
					t.Fatal(err)
				}
			}
			h, err := Load(ctx, db, LoadOptions{Latest: latest})
			if err != nil {
				t.Fatal(err)
			}
			if want := lastSane.Add(time.Second); !h.End.Equal(want) {
				t.Errorf("end %s, want %s", h.End, want)
			}
			if withOrders && len(h.Orders) != 1 {
				t.Errorf("%d orders, want the one before Latest", len(h.Orders))
			}
			for _, a := range h.Activity {
				if a.Time.After(latest) {
					t.Errorf("activity at %s kept", a.Time)
				}
			}
		})
	}
}

// The currency of a history is that of most counted orders, the first code
// on a tie; cancelled orders do not count.
func TestHistoryCurrency(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	order := func(id, cur string, st shopmind.OrderStatus) *shopmind.Order {
		return &shopmind.Order{ID: id, UserID: "u" + id, Status: st, Currency: cur, Total: 10, CreatedAt: at}
	}
	tests := []struct {
		name   string
		orders []*shopmind.Order
		want   string
	}{
		{"OK", []*shopmind.Order{order("1", "EUR", shopmind.OrderPaid), order("2", "EUR", shopmind.OrderPaid), order("3", "USD", shopmind.OrderPaid)}, "EUR"},
		{"CancelledNotCounted", []*shopmind.Order{order("1", "EUR", shopmind.OrderPaid), order("2", "USD", shopmind.OrderCancelled), order("3", "USD", shopmind.OrderRefunded)}, "EUR"},
		{"TieFirstCode", []*shopmind.Order{order("1", "USD", shopmind.OrderPaid), order("2", "CHF", shopmind.OrderPaid)}, "CHF"},
		{"NoOrders", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewHistory(nil, tt.orders, nil, at).Currency; got != tt.want {
				t.Errorf("currency %q, want %q", got, tt.want)
			}
		})
	}
}

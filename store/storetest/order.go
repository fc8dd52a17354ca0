package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// testOrder returns a valid order with two lines and a history.
func testOrder(id, user string) *shopmind.Order {
	return &shopmind.Order{
		ID: id, UserID: user, Status: shopmind.OrderShipped, Currency: "EUR", Total: 59.97,
		Lines: []shopmind.OrderLine{{ItemID: "i1", Quantity: 2, UnitPrice: 19.99}, {ItemID: "i2", Quantity: 1, UnitPrice: 19.99}},
		History: []shopmind.StatusChange{
			{Status: shopmind.OrderPending, At: base},
			{Status: shopmind.OrderPaid, At: base.Add(time.Minute)},
			{Status: shopmind.OrderShipped, At: base.Add(26 * time.Hour)},
		},
		CreatedAt: base, UpdatedAt: base.Add(26 * time.Hour),
	}
}

// storedOrder returns o with its times as a store returns them.
func storedOrder(o *shopmind.Order) *shopmind.Order {
	c := *o
	c.CreatedAt, c.UpdatedAt = stored(o.CreatedAt), stored(o.UpdatedAt)
	c.History = nil
	for _, h := range o.History {
		c.History = append(c.History, shopmind.StatusChange{Status: h.Status, At: stored(h.At)})
	}
	return &c
}

func testOrders(t *testing.T, open Opener) {
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		o := testOrder("o1", "u1")
		must(t, s.UpsertOrders(ctx(), []*shopmind.Order{o}))
		got, err := s.Order(ctx(), "o1")
		must(t, err)
		equal(t, "order", got, storedOrder(testOrder("o1", "u1")))
	})

	t.Run("DefaultHistoryAndNoOp", func(t *testing.T) {
		s := open(t)
		mk := func() *shopmind.Order {
			return &shopmind.Order{ID: "o", UserID: "u", Status: shopmind.OrderPaid, Total: 5,
				Lines: []shopmind.OrderLine{{ItemID: "i", Quantity: 1, UnitPrice: 5}}}
		}
		c := startClock()
		must(t, s.UpsertOrders(ctx(), []*shopmind.Order{mk()}))
		first, err := s.Order(ctx(), "o")
		must(t, err)
		c.check(t, "CreatedAt", first.CreatedAt)
		equal(t, "history", first.History, []shopmind.StatusChange{{Status: shopmind.OrderPaid, At: first.CreatedAt}})
		pause()
		must(t, s.UpsertOrders(ctx(), []*shopmind.Order{mk()}))
		again, err := s.Order(ctx(), "o")
		must(t, err)
		equal(t, "order after equal upsert", again, first)

		pause()
		c = startClock()
		changed := mk()
		changed.Status = shopmind.OrderShipped
		changed.History = append(first.History, shopmind.StatusChange{Status: shopmind.OrderShipped, At: base})
		must(t, s.UpsertOrders(ctx(), []*shopmind.Order{changed}))
		got, err := s.Order(ctx(), "o")
		must(t, err)
		equal(t, "CreatedAt kept", got.CreatedAt, first.CreatedAt)
		c.check(t, "UpdatedAt", got.UpdatedAt)
		equal(t, "status", got.Status, shopmind.OrderShipped)
		equal(t, "history length", len(got.History), 2)
	})

	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		_, err := s.Order(ctx(), "missing")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteOrder(ctx(), "missing"), shopmind.ENOTFOUND, "")
		bad := testOrder("b", "u")
		bad.Lines[1].Quantity = 0
		wantCode(t, s.UpsertOrders(ctx(), []*shopmind.Order{testOrder("a", "u"), bad}), shopmind.EINVALID, "orders[1].lines[1].quantity")
		_, err = s.Order(ctx(), "a")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		must(t, s.UpsertOrders(ctx(), []*shopmind.Order{testOrder("a", "u")}))
		must(t, s.DeleteOrder(ctx(), "a"))
		_, err = s.Order(ctx(), "a")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		_, _, err = s.Orders(ctx(), shopmind.OrderFilter{After: "@@"})
		wantCode(t, err, shopmind.EINVALID, "after")
	})

	t.Run("Filters", func(t *testing.T) {
		s := open(t)
		var orders []*shopmind.Order
		statuses := []shopmind.OrderStatus{shopmind.OrderPaid, shopmind.OrderShipped, shopmind.OrderCancelled}
		for i := range 30 {
			o := testOrder(fmt.Sprintf("o%02d", (i*11)%30), fmt.Sprint("u", i%4))
			o.Status = statuses[i%3]
			o.History = nil
			o.CreatedAt = base.Add(time.Duration(i) * time.Hour)
			orders = append(orders, o)
		}
		must(t, s.UpsertOrders(ctx(), orders))
		tests := []struct {
			name string
			f    shopmind.OrderFilter
			keep func(*shopmind.Order) bool
		}{
			{"All", shopmind.OrderFilter{}, func(*shopmind.Order) bool { return true }},
			{"User", shopmind.OrderFilter{UserID: "u2"}, func(o *shopmind.Order) bool { return o.UserID == "u2" }},
			{"Status", shopmind.OrderFilter{Status: shopmind.OrderShipped}, func(o *shopmind.Order) bool { return o.Status == shopmind.OrderShipped }},
			{"Both", shopmind.OrderFilter{UserID: "u1", Status: shopmind.OrderPaid}, func(o *shopmind.Order) bool {
				return o.UserID == "u1" && o.Status == shopmind.OrderPaid
			}},
			{"None", shopmind.OrderFilter{UserID: "nobody"}, func(*shopmind.Order) bool { return false }},
			// Created in [from, to): the from hour is in, the to hour out.
			{"Period", shopmind.OrderFilter{CreatedFrom: base.Add(5 * time.Hour), CreatedTo: base.Add(17 * time.Hour)}, func(o *shopmind.Order) bool {
				return !o.CreatedAt.Before(base.Add(5*time.Hour)) && o.CreatedAt.Before(base.Add(17*time.Hour))
			}},
			{"From", shopmind.OrderFilter{CreatedFrom: base.Add(25 * time.Hour)}, func(o *shopmind.Order) bool { return !o.CreatedAt.Before(base.Add(25 * time.Hour)) }},
			{"PeriodAndStatus", shopmind.OrderFilter{CreatedTo: base.Add(12 * time.Hour), Status: shopmind.OrderPaid}, func(o *shopmind.Order) bool {
				return o.CreatedAt.Before(base.Add(12*time.Hour)) && o.Status == shopmind.OrderPaid
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := []string{}
				for i := range 30 {
					id := fmt.Sprintf("o%02d", i)
					for _, o := range orders {
						if o.ID == id && tt.keep(o) {
							want = append(want, id)
						}
					}
				}
				got := collect(t, 4, func(after string, limit int) ([]*shopmind.Order, string, error) {
					f := tt.f
					f.After, f.Limit = after, limit
					return s.Orders(ctx(), f)
				})
				equal(t, "order ids", ids(got), want)
			})
		}
	})
}

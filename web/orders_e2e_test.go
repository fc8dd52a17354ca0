package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
)

// TestOrdersPage: the owner opens Orders from the sidebar, picks a period
// with the date fields and sees that period's orders (both days included)
// and no other, can narrow them by status, and opens one.
func TestOrdersPage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	must(t, db.UpsertItems(ctx, []*shopmind.Item{{ID: "tent", Title: "Trail Tent 2P", Price: 199, Currency: "EUR", Active: true}}))
	var orders []*shopmind.Order
	for i := range 12 { // one order every 3 days from 2026-10-01
		at := time.Date(2026, 10, 1+3*i, 10, 0, 0, 0, time.UTC)
		st := shopmind.OrderDelivered
		if i%3 == 0 {
			st = shopmind.OrderCancelled
		}
		orders = append(orders, &shopmind.Order{ID: fmt.Sprintf("A-%d", 1000+i), UserID: "u1", Status: st, Currency: "EUR", Total: 199,
			Lines: []shopmind.OrderLine{{ItemID: "tent", Quantity: 1, UnitPrice: 199}}, CreatedAt: at})
	}
	must(t, db.UpsertOrders(ctx, orders))
	c := serveConsole(t, db, shopmind.RoleRead, "Owner", nil)
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "Owner")

	t.Log("Orders in the sidebar lists the newest orders first")
	b.do("open orders", chromedp.Click(chromedp.CSS(`nav a[data-route="orders"]`)))
	b.waitText("#order-results", "A-1011", "A-1000", "Trail Tent 2P")

	t.Log("a period: 2026-10-04 to 2026-10-10, both days included")
	b.do("pick the period", chromedp.SetValue(chromedp.CSS("#orders-from"), "2026-10-04"), chromedp.SetValue(chromedp.CSS("#orders-to"), "2026-10-10"),
		chromedp.Click(chromedp.CSS("#orders-show")))
	got := b.waitText("#order-results", "A-1001", "A-1002", "A-1003", "3 orders")
	for _, out := range []string{"A-1000", "A-1004"} {
		if b.count(`#order-results a[data-order="`+out+`"]`) != 0 {
			t.Errorf("order %s is outside the period but listed:\n%s", out, got)
		}
	}

	t.Log("narrowed to cancelled orders, then one is opened")
	b.do("status", chromedp.SetValue(chromedp.CSS("#orders-status"), "cancelled"), chromedp.Click(chromedp.CSS("#orders-show")))
	b.waitText("#order-results", "A-1003", "1 order")
	if b.count(`#order-results a[data-order]`) != 1 {
		t.Errorf("cancelled orders of the period: want only A-1003:\n%s", b.text("#order-results"))
	}
	b.do("open A-1003", chromedp.Click(chromedp.CSS(`#order-results a[data-order="A-1003"]`)))
	b.waitText("main", "Order A-1003", "cancelled", "Trail Tent 2P")

	t.Log("a period the other way round is explained")
	b.open("#/orders?from=2026-10-10&to=2026-10-01")
	b.waitText("#order-results", "2026-10-10 is not before to 2026-10-01", "from")
}

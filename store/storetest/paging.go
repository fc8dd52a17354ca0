package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// testPaging checks that shopmind.Pages, All and Collect walk every list
// of the store with its own cursors: small pages give the same elements in
// the same order as one large page, and the filter holds on every page.
func testPaging(t *testing.T, open Opener) {
	s := open(t)
	const n = 7
	var items []*shopmind.Item
	var users []*shopmind.User
	var events []*shopmind.Event
	var orders []*shopmind.Order
	var reviews []*shopmind.Review
	for i := range n {
		id := fmt.Sprintf("%02d", i)
		items = append(items, fullItem("i"+id))
		users = append(users, &shopmind.User{ID: "u" + id})
		for u := range 2 {
			events = append(events, &shopmind.Event{UserID: fmt.Sprintf("u%02d", u), ItemID: "i" + id,
				Type: shopmind.EventView, Time: base.Add(time.Duration(i%3) * time.Minute)})
		}
		orders = append(orders, testOrder("o"+id, fmt.Sprintf("u%02d", i%2)))
		reviews = append(reviews, &shopmind.Review{ID: "r" + id, ItemID: "i00", Rating: 4, Text: "fine"})
		must(t, s.SaveConversation(ctx(), &shopmind.Conversation{ID: "c" + id, UserID: "u00"}))
		must(t, s.AppendAudit(ctx(), &shopmind.AuditEntry{Actor: "k1", Action: shopmind.AuditKeyCreate, Target: "key/" + id, Outcome: "ok"}))
	}
	must(t, s.UpsertItems(ctx(), items))
	must(t, s.UpsertUsers(ctx(), users))
	_, err := s.AddEvents(ctx(), events)
	must(t, err)
	must(t, s.UpsertOrders(ctx(), orders))
	must(t, s.UpsertReviews(ctx(), reviews))

	t.Run("Items", func(t *testing.T) {
		checkPaging(t, n, func(limit int) shopmind.Lister[*shopmind.Item] {
			return shopmind.ListItems(s, shopmind.ItemFilter{Limit: limit})
		})
	})
	t.Run("Users", func(t *testing.T) {
		checkPaging(t, n, func(limit int) shopmind.Lister[*shopmind.User] {
			return shopmind.ListUsers(s, shopmind.UserFilter{Limit: limit})
		})
	})
	t.Run("EventsOfUser", func(t *testing.T) {
		got := checkPaging(t, n, func(limit int) shopmind.Lister[*shopmind.Event] {
			return shopmind.ListEvents(s, shopmind.EventFilter{UserID: "u01", Limit: limit})
		})
		for _, e := range got {
			if e.UserID != "u01" {
				t.Fatalf("event %+v of another user on a later page", e)
			}
		}
	})
	t.Run("OrdersOfUser", func(t *testing.T) {
		checkPaging(t, 4, func(limit int) shopmind.Lister[*shopmind.Order] {
			return shopmind.ListOrders(s, shopmind.OrderFilter{UserID: "u00", Limit: limit})
		})
	})
	t.Run("Reviews", func(t *testing.T) {
		checkPaging(t, n, func(limit int) shopmind.Lister[*shopmind.Review] {
			return shopmind.ListReviews(s, shopmind.ReviewFilter{ItemID: "i00", Limit: limit})
		})
	})
	t.Run("Conversations", func(t *testing.T) {
		checkPaging(t, n, func(limit int) shopmind.Lister[*shopmind.Conversation] {
			return shopmind.ListConversations(s, shopmind.ConversationFilter{UserID: "u00", Limit: limit})
		})
	})
	t.Run("Audit", func(t *testing.T) {
		got := checkPaging(t, n, func(limit int) shopmind.Lister[*shopmind.AuditEntry] {
			return shopmind.ListAudit(s, shopmind.AuditFilter{Oldest: true, Limit: limit})
		})
		for i, e := range got {
			equal(t, "audit seq", e.Seq, int64(i+1))
		}
	})
	t.Run("Break", func(t *testing.T) {
		// Leaving the loop early stops reading: one page of 2 gives 2 items.
		var got []string
		for it, err := range shopmind.All(ctx(), shopmind.ListItems(s, shopmind.ItemFilter{Limit: 2})) {
			must(t, err)
			got = append(got, it.ID)
			if len(got) == 2 {
				break
			}
		}
		equal(t, "items before break", got, []string{"i00", "i01"})
	})
	t.Run("ErrCursor", func(t *testing.T) {
		_, err := shopmind.Collect(ctx(), nil, shopmind.ListItems(s, shopmind.ItemFilter{After: badKindCursor(t, s)}))
		wantCode(t, err, shopmind.EINVALID, "after")
	})
}

// checkPaging lists with pages of 2 and 3 through Pages and compares them
// with one MaxLimit page of the same list (the zero limit a List function
// turns into MaxLimit), which must hold want elements. It returns them.
func checkPaging[T any](t *testing.T, want int, list func(limit int) shopmind.Lister[*T]) []*T {
	t.Helper()
	whole, err := shopmind.Collect(ctx(), nil, list(0))
	must(t, err)
	if len(whole) != want {
		t.Fatalf("one page holds %d, want %d", len(whole), want)
	}
	for _, size := range []int{2, 3} {
		var got []*T
		pages := 0
		for page, err := range shopmind.Pages(ctx(), list(size)) {
			must(t, err)
			if len(page) > size {
				t.Fatalf("page of %d, want at most %d", len(page), size)
			}
			if len(page) > 0 {
				pages++ // a store may end with an empty page after a full one
			}
			got = append(got, page...)
		}
		equal(t, fmt.Sprintf("pages of %d", size), got, whole)
		if wantPages := (want + size - 1) / size; pages != wantPages {
			t.Errorf("%d pages of %d, want %d", pages, size, wantPages)
		}
	}
	return whole
}

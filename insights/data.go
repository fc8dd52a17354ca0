package insights

import (
	"sort"
	"time"

	"github.com/shopmind/shopmind"
)

// Order is a counted order, reduced to what insights need.
type Order struct {
	User  int32 // index into History.Users
	Time  time.Time
	Total float64
	Lines []Line
}

// Line is one order line.
type Line struct {
	Item     int32 // index into History.Items
	Quantity int
	Price    float64
}

// Activity is a browsing event (view or cart) of a known user.
type Activity struct {
	User int32
	Item int32
	Type shopmind.EventType
	Time time.Time
}

// History is the shop's data as insights read it: users and items indexed
// by position, counted orders sorted by time, and recent browsing activity.
type History struct {
	Users    []string // index -> user id
	Items    []*shopmind.Item
	Orders   []Order    // sorted by Time
	Activity []Activity // views and carts, sorted by Time
	// End is the end of the data (exclusive): scores are as of End.
	End time.Time
	// Currency is the currency of most counted orders (ties: the first
	// code in alphabetical order); "" without orders. Amounts are summed as
	// they are, whatever their currency.
	Currency string

	userIdx map[string]int32
	itemIdx map[string]int32
}

// Counted reports whether an order in status s counts as a purchase.
func Counted(s shopmind.OrderStatus) bool {
	return s != shopmind.OrderCancelled && s != shopmind.OrderRefunded && s != shopmind.OrderReturned
}

// NewHistory builds a History from orders, events and items. Orders that
// do not count and lines of unknown items are dropped; events other than
// views and carts are ignored. end zero means just after the last order or
// event.
func NewHistory(items []*shopmind.Item, orders []*shopmind.Order, events []*shopmind.Event, end time.Time) *History {
	h := &History{Items: items, userIdx: map[string]int32{}, itemIdx: make(map[string]int32, len(items))}
	for i, it := range items {
		h.itemIdx[it.ID] = int32(i)
	}
	var last time.Time
	var cur currencies
	for _, o := range orders {
		if !Counted(o.Status) {
			continue
		}
		cur.add(o.Currency)
		ho := Order{User: h.user(o.UserID), Time: o.CreatedAt, Total: o.Total}
		for _, l := range o.Lines {
			if i, ok := h.itemIdx[l.ItemID]; ok {
				ho.Lines = append(ho.Lines, Line{Item: i, Quantity: l.Quantity, Price: l.UnitPrice})
			}
		}
		h.Orders = append(h.Orders, ho)
		if o.CreatedAt.After(last) {
			last = o.CreatedAt
		}
	}
	for _, e := range events {
		if e.Type != shopmind.EventView && e.Type != shopmind.EventCart {
			continue
		}
		i, ok := h.itemIdx[e.ItemID]
		if !ok {
			continue
		}
		h.Activity = append(h.Activity, Activity{User: h.user(e.UserID), Item: i, Type: e.Type, Time: e.Time})
		if e.Time.After(last) {
			last = e.Time
		}
	}
	sort.SliceStable(h.Orders, func(a, b int) bool { return h.Orders[a].Time.Before(h.Orders[b].Time) })
	sort.SliceStable(h.Activity, func(a, b int) bool { return h.Activity[a].Time.Before(h.Activity[b].Time) })
	h.End = end
	if h.End.IsZero() {
		h.End = last.Add(time.Second)
	}
	h.Currency = cur.most()
	return h
}

// currencies counts orders per currency code.
type currencies map[string]int

func (c *currencies) add(code string) {
	if *c == nil {
		*c = currencies{}
	}
	(*c)[code]++
}

// most returns the code of most orders, the first in alphabetical order
// on a tie, as the overview picks its currency.
func (c currencies) most() string {
	best, n := "", 0
	for code, k := range c {
		if k > n || (k == n && code < best) {
			best, n = code, k
		}
	}
	return best
}

func (h *History) user(id string) int32 {
	if i, ok := h.userIdx[id]; ok {
		return i
	}
	i := int32(len(h.Users))
	h.Users = append(h.Users, id)
	h.userIdx[id] = i
	return i
}

// UserIndex returns the index of a user id.
func (h *History) UserIndex(id string) (int32, bool) { i, ok := h.userIdx[id]; return i, ok }

// ItemIndex returns the index of an item id.
func (h *History) ItemIndex(id string) (int32, bool) { i, ok := h.itemIdx[id]; return i, ok }

// InCategory reports whether an item's category path starts with the typed
// path prefix: "Shoes/Sneakers" or "shoes › sneakers", level by level,
// case-insensitively (see shopmind.InCategory).
func InCategory(it *shopmind.Item, prefix string) bool {
	return shopmind.InCategory(it.Category, prefix)
}

package shopmind

import (
	"context"
	"fmt"
	"math"
	"time"
)

// OrderStatus is the state of an order.
type OrderStatus string

// Order statuses, in their usual sequence.
const (
	OrderPending   OrderStatus = "pending"
	OrderPaid      OrderStatus = "paid"
	OrderShipped   OrderStatus = "shipped"
	OrderDelivered OrderStatus = "delivered"
	OrderCancelled OrderStatus = "cancelled"
	OrderReturned  OrderStatus = "returned"
	OrderRefunded  OrderStatus = "refunded"
)

// OrderStatuses lists every valid OrderStatus.
var OrderStatuses = []OrderStatus{OrderPending, OrderPaid, OrderShipped, OrderDelivered, OrderCancelled, OrderReturned, OrderRefunded}

// Valid reports whether s is one of OrderStatuses.
func (s OrderStatus) Valid() bool {
	for _, v := range OrderStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// Order is a user's purchase of one or more items.
type Order struct {
	ID        string         `json:"id"`
	UserID    string         `json:"user_id"`
	Status    OrderStatus    `json:"status"`
	Currency  string         `json:"currency,omitempty"`
	Total     float64        `json:"total"` // amount charged, in Currency's major unit
	Lines     []OrderLine    `json:"lines"`
	History   []StatusChange `json:"history,omitempty"` // oldest first; the last entry's status equals Status
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// OrderLine is one item of an order.
type OrderLine struct {
	ItemID    string  `json:"item_id"`
	Quantity  int     `json:"quantity"`
	UnitPrice float64 `json:"unit_price"`
}

// StatusChange records when an order entered a status.
type StatusChange struct {
	Status OrderStatus `json:"status"`
	At     time.Time   `json:"at"`
}

// Validate checks the order and returns an EINVALID error naming the field.
// An order without history gets one entry: its status at CreatedAt. An
// order without a total (0) whose lines are worth more gets their sum, as
// the importer always did for a row without one: total 0 means "not given".
func (o *Order) Validate() error {
	if err := ValidateID("id", o.ID); err != nil {
		return err
	}
	if err := ValidateID("user_id", o.UserID); err != nil {
		return err
	}
	if !o.Status.Valid() {
		return FieldErrorf("status", "status %q is not one of pending, paid, shipped, delivered, cancelled, returned, refunded", o.Status)
	}
	if o.Currency != "" && !isCurrency(o.Currency) {
		return FieldErrorf("currency", "currency %q is not a 3-letter ISO 4217 code", o.Currency)
	}
	if math.IsNaN(o.Total) || math.IsInf(o.Total, 0) || o.Total < 0 {
		return FieldErrorf("total", "total must be a finite number >= 0")
	}
	if len(o.Lines) == 0 {
		return FieldErrorf("lines", "an order needs at least one line")
	}
	for i, l := range o.Lines {
		f := fmt.Sprintf("lines[%d]", i)
		if err := ValidateID(f+".item_id", l.ItemID); err != nil {
			return err
		}
		if l.Quantity < 1 {
			return FieldErrorf(f+".quantity", "quantity must be at least 1")
		}
		if math.IsNaN(l.UnitPrice) || math.IsInf(l.UnitPrice, 0) || l.UnitPrice < 0 {
			return FieldErrorf(f+".unit_price", "unit_price must be a finite number >= 0")
		}
	}
	if o.Total == 0 {
		for _, l := range o.Lines {
			o.Total += float64(l.Quantity) * l.UnitPrice
		}
	}
	for i, h := range o.History {
		if !h.Status.Valid() {
			return FieldErrorf(fmt.Sprintf("history[%d].status", i), "status %q is not valid", h.Status)
		}
	}
	if len(o.History) == 0 {
		o.History = []StatusChange{{Status: o.Status, At: o.CreatedAt}}
	}
	return nil
}

// OrderFilter selects orders, listed in ascending id order.
type OrderFilter struct {
	UserID string
	Status OrderStatus
	// CreatedFrom and CreatedTo keep the orders created in
	// [CreatedFrom, CreatedTo); a zero time leaves that end open.
	CreatedFrom time.Time
	CreatedTo   time.Time

	After string
	Limit int
}

// OrderService keeps orders.
type OrderService interface {
	// Order returns an order with its lines and history, or ENOTFOUND.
	Order(ctx context.Context, id string) (*Order, error)
	// Orders returns orders matching f and the next cursor.
	Orders(ctx context.Context, f OrderFilter) ([]*Order, string, error)
	// UpsertOrders inserts or replaces orders by id, lines and history
	// included, with the same timestamp and no-op rules as UpsertItems.
	UpsertOrders(ctx context.Context, orders []*Order) error
	// DeleteOrder removes an order, or returns ENOTFOUND.
	DeleteOrder(ctx context.Context, id string) error
}

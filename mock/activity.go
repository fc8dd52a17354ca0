package mock

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
)

// AddEvents calls AddEventsFn.
func (s *Store) AddEvents(ctx context.Context, events []*shopmind.Event) (int, error) {
	if s.AddEventsFn == nil {
		missing("AddEvents")
	}
	return s.AddEventsFn(ctx, events)
}

// Events calls EventsFn.
func (s *Store) Events(ctx context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error) {
	if s.EventsFn == nil {
		missing("Events")
	}
	return s.EventsFn(ctx, f)
}

// EventsPerDay calls EventsPerDayFn.
func (s *Store) EventsPerDay(ctx context.Context, since, until time.Time) ([]shopmind.DayCount, error) {
	if s.EventsPerDayFn == nil {
		missing("EventsPerDay")
	}
	return s.EventsPerDayFn(ctx, since, until)
}

// DeleteEvent calls DeleteEventFn.
func (s *Store) DeleteEvent(ctx context.Context, id string) error {
	if s.DeleteEventFn == nil {
		missing("DeleteEvent")
	}
	return s.DeleteEventFn(ctx, id)
}

// EventSeq calls EventSeqFn.
func (s *Store) EventSeq(ctx context.Context) (int64, error) {
	if s.EventSeqFn == nil {
		missing("EventSeq")
	}
	return s.EventSeqFn(ctx)
}

// UserEventsAfter calls UserEventsAfterFn.
func (s *Store) UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*shopmind.Event, error) {
	if s.UserEventsAfterFn == nil {
		missing("UserEventsAfter")
	}
	return s.UserEventsAfterFn(ctx, userID, seq, limit)
}

// EventsArrived calls EventsArrivedFn.
func (s *Store) EventsArrived(ctx context.Context, after, through int64, limit int) ([]shopmind.Arrival, error) {
	if s.EventsArrivedFn == nil {
		missing("EventsArrived")
	}
	return s.EventsArrivedFn(ctx, after, through, limit)
}

// ArrivedCount calls ArrivedCountFn.
func (s *Store) ArrivedCount(ctx context.Context, after, through int64) (int64, error) {
	if s.ArrivedCountFn == nil {
		missing("ArrivedCount")
	}
	return s.ArrivedCountFn(ctx, after, through)
}

// UserEvents calls UserEventsFn.
func (s *Store) UserEvents(ctx context.Context, userID string, limit int) ([]*shopmind.Event, error) {
	if s.UserEventsFn == nil {
		missing("UserEvents")
	}
	return s.UserEventsFn(ctx, userID, limit)
}

// Order calls OrderFn.
func (s *Store) Order(ctx context.Context, id string) (*shopmind.Order, error) {
	if s.OrderFn == nil {
		missing("Order")
	}
	return s.OrderFn(ctx, id)
}

// Orders calls OrdersFn.
func (s *Store) Orders(ctx context.Context, f shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
	if s.OrdersFn == nil {
		missing("Orders")
	}
	return s.OrdersFn(ctx, f)
}

// UpsertOrders calls UpsertOrdersFn.
func (s *Store) UpsertOrders(ctx context.Context, orders []*shopmind.Order) error {
	if s.UpsertOrdersFn == nil {
		missing("UpsertOrders")
	}
	return s.UpsertOrdersFn(ctx, orders)
}

// DeleteOrder calls DeleteOrderFn.
func (s *Store) DeleteOrder(ctx context.Context, id string) error {
	if s.DeleteOrderFn == nil {
		missing("DeleteOrder")
	}
	return s.DeleteOrderFn(ctx, id)
}

// DeleteEventsBefore calls DeleteEventsBeforeFn.
func (s *Store) DeleteEventsBefore(ctx context.Context, t time.Time) (int64, error) {
	if s.DeleteEventsBeforeFn == nil {
		missing("DeleteEventsBefore")
	}
	return s.DeleteEventsBeforeFn(ctx, t)
}

package shopmind

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"time"
)

// EventType is what a user did with an item.
type EventType string

// The event types shopmind understands.
const (
	EventView     EventType = "view"
	EventClick    EventType = "click"
	EventCart     EventType = "cart"
	EventPurchase EventType = "purchase"
	EventRating   EventType = "rating"
	EventLike     EventType = "like"
	EventDislike  EventType = "dislike"
	EventReturn   EventType = "return"
)

// EventTypes lists every valid EventType.
var EventTypes = []EventType{EventView, EventClick, EventCart, EventPurchase, EventRating, EventLike, EventDislike, EventReturn}

// Valid reports whether t is one of EventTypes.
func (t EventType) Valid() bool {
	for _, v := range EventTypes {
		if t == v {
			return true
		}
	}
	return false
}

// Event is one interaction of a user with an item.
type Event struct {
	ID               string    `json:"id"` // optional on input: derived from the content when empty (see EventID)
	UserID           string    `json:"user_id"`
	ItemID           string    `json:"item_id"`
	Type             EventType `json:"type"`
	Value            float64   `json:"value,omitempty"` // rating stars, quantity or amount, by type
	Time             time.Time `json:"time"`
	SessionID        string    `json:"session_id,omitempty"`
	RecommendationID string    `json:"recommendation_id,omitempty"` // the recommendation this event followed, for attribution
}

// EventID derives a stable id from an event's content, so that loading the
// same events twice stores them once.
func EventID(e *Event) string {
	h := sha256.New()
	for _, s := range []string{e.UserID, e.ItemID, string(e.Type), strconv.FormatFloat(e.Value, 'g', -1, 64),
		strconv.FormatInt(e.Time.UnixNano(), 10), e.SessionID, e.RecommendationID} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Validate checks the event and fills in a missing ID. It returns an
// EINVALID error naming the field at fault.
func (e *Event) Validate() error {
	if err := ValidateID("user_id", e.UserID); err != nil {
		return err
	}
	if err := ValidateID("item_id", e.ItemID); err != nil {
		return err
	}
	if !e.Type.Valid() {
		return FieldErrorf("type", "type %q is not one of view, click, cart, purchase, rating, like, dislike, return", e.Type)
	}
	if math.IsNaN(e.Value) || math.IsInf(e.Value, 0) {
		return FieldErrorf("value", "value must be a finite number")
	}
	if e.Time.IsZero() {
		return FieldErrorf("time", "time is required")
	}
	if err := validateOptionalID("session_id", e.SessionID); err != nil {
		return err
	}
	if err := validateOptionalID("recommendation_id", e.RecommendationID); err != nil {
		return err
	}
	if e.ID == "" {
		e.ID = EventID(e)
	} else if err := ValidateID("id", e.ID); err != nil {
		return err
	}
	return nil
}

// DefaultEventSkew is how far after now an event may be dated unless
// configured otherwise: shop and device clocks differ by minutes, not days,
// so a later time is a mistake (a wrong year, milliseconds read as seconds).
const DefaultEventSkew = 24 * time.Hour

// ValidateAt validates e as Validate does and also refuses a time more than
// skew after now, with an EINVALID error naming the field "time". Every
// door that takes new events (the API, the importer) checks them with it;
// stores do not, so data stored before the check still reads back.
func (e *Event) ValidateAt(now time.Time, skew time.Duration) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if limit := now.Add(skew); e.Time.After(limit) {
		return FieldErrorf("time", "time %s is more than %s in the future (now is %s)",
			e.Time.UTC().Format(time.RFC3339), skew, now.UTC().Format(time.RFC3339))
	}
	return nil
}

// ValidateEvents checks a batch of new events with ValidateAt, as
// ValidateEach does: the first bad one gives an EINVALID error whose field
// names its place, e.g. "events[3].time".
func ValidateEvents(events []*Event, now time.Time, skew time.Duration) error {
	return ValidateEachWith("events", events, func(e *Event) error { return e.ValidateAt(now, skew) })
}

// EventFilter selects events. Events are listed in ascending (time, id) order.
type EventFilter struct {
	UserID string
	ItemID string
	Type   EventType
	Since  time.Time // inclusive; zero means no bound
	Until  time.Time // exclusive; zero means no bound
	// MaxSeq keeps only events that arrived at or before this store
	// sequence (see EventService.EventSeq); 0 means no bound.
	MaxSeq int64

	After string // cursor from a previous page
	Limit int    // 0 means DefaultLimit
}

// DayCount is a number of events on one UTC day.
type DayCount struct {
	Day   string `json:"day"` // YYYY-MM-DD
	Count int64  `json:"count"`
}

// EventPruner deletes events past a retention period
// (EventService.DeleteEventsBefore).
type EventPruner interface {
	DeleteEventsBefore(ctx context.Context, t time.Time) (int64, error)
}

// EventService keeps the event log.
type EventService interface {
	// AddEvents stores events that are not stored yet (by ID) and returns how
	// many were new. Events must be valid (Validate fills their ID).
	AddEvents(ctx context.Context, events []*Event) (int, error)
	// Events returns events matching f and the next cursor.
	Events(ctx context.Context, f EventFilter) ([]*Event, string, error)
	// EventsPerDay counts events per UTC day in [since, until).
	EventsPerDay(ctx context.Context, since, until time.Time) ([]DayCount, error)
	// DeleteEvent removes an event, or returns ENOTFOUND.
	DeleteEvent(ctx context.Context, id string) error
	// DeleteEventsBefore removes every event whose Time is before t (the
	// retention period) and returns how many it removed. It works in
	// batches, each its own transaction, so writers are not held up for
	// long; inside Tx it is one. A zero t removes nothing.
	DeleteEventsBefore(ctx context.Context, t time.Time) (int64, error)

	// EventSeq returns the store's arrival watermark. Every stored event
	// gets an arrival sequence, higher for events stored later whatever
	// their Time; EventSeq is a sequence such that every event at or below
	// it is committed and visible to reads, and every event stored after
	// the call gets a higher one. 0 means no event was ever stored.
	EventSeq(ctx context.Context) (int64, error)
	// UserEventsAfter returns the user's events that arrived after
	// sequence seq: the latest limit arrivals (DefaultLimit when limit is 0
	// or less; not clamped to MaxLimit, as this is one bounded read, not a
	// page), oldest arrival first.
	UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*Event, error)
	// UserEvents returns the user's latest limit events by Time, newest
	// first (ties by descending ID): the last limit of the user's events as
	// Events lists them, in reverse. A limit of 0 or less means
	// DefaultLimit; it is not clamped to MaxLimit (one bounded read). It
	// reads only those events, not the user's whole history.
	UserEvents(ctx context.Context, userID string, limit int) ([]*Event, error)
	// EventsArrived returns up to limit events (DefaultLimit when limit is
	// 0 or less; not clamped to MaxLimit) whose arrival sequence is in
	// (after, through], in arrival order, each with its sequence: how a
	// reader follows the log as it grows. Pass through from EventSeq, so
	// that no event below it is still to commit.
	EventsArrived(ctx context.Context, after, through int64, limit int) ([]Arrival, error)
	// ArrivedCount counts the stored events whose arrival sequence is in
	// (after, through]: a reader that holds what EventsArrived gave for
	// that span learns from a lower count that some were deleted since.
	ArrivedCount(ctx context.Context, after, through int64) (int64, error)
}

// Arrival is a stored event with its arrival sequence (see
// EventService.EventSeq).
type Arrival struct {
	Seq   int64
	Event *Event
}

// ArrivalReader follows the event log by arrival: what a process that keeps
// recent events in memory reads (recommend/serve's Tail).
type ArrivalReader interface {
	EventSeq(ctx context.Context) (int64, error)
	EventsArrived(ctx context.Context, after, through int64, limit int) ([]Arrival, error)
	ArrivedCount(ctx context.Context, after, through int64) (int64, error)
}

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
	if e.ID == "" {
		e.ID = EventID(e)
	} else if err := ValidateID("id", e.ID); err != nil {
		return err
	}
	return nil
}

// EventFilter selects events. Events are listed in ascending (time, id) order.
type EventFilter struct {
	UserID string
	ItemID string
	Type   EventType
	Since  time.Time // inclusive; zero means no bound
	Until  time.Time // exclusive; zero means no bound

	After string // cursor from a previous page
	Limit int    // 0 means DefaultLimit
}

// DayCount is a number of events on one UTC day.
type DayCount struct {
	Day   string `json:"day"` // YYYY-MM-DD
	Count int64  `json:"count"`
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
}

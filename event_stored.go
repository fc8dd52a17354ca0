package shopmind

import (
	"fmt"
	"time"
)

// StoredEventConflict returns the ECONFLICT error a store gives when
// events[i] (of the slice passed to AddEvents) repeats the id of a stored
// event whose content differs (see SameEvent): re-sending an event is
// idempotent, but an id names one interaction and cannot be reused. Field is
// "events[i].id", which the doors map to their own numbering.
func StoredEventConflict(i int, id string) *Error {
	f := fmt.Sprintf("events[%d].id", i)
	return &Error{Code: ECONFLICT, Field: f,
		Message: fmt.Sprintf("%s: event id %q is already stored with different content", f, id)}
}

// ConflictingEvent returns the index i of events for which stored (the
// stored events with those ids, by id) holds an event with the same id and
// other content, and the StoredEventConflict error for it; -1 and nil when
// there is none. Stores compare at their precision, so stored times are
// microseconds and an event's time is truncated the same way first.
func ConflictingEvent(events []*Event, stored map[string]*Event) (int, error) {
	for i, e := range events {
		s, ok := stored[e.ID]
		if !ok {
			continue
		}
		c := *e
		c.Time = e.Time.UTC().Truncate(time.Microsecond)
		if !SameEvent(s, &c) {
			return i, StoredEventConflict(i, e.ID)
		}
	}
	return -1, nil
}

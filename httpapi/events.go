package httpapi

import (
	"fmt"
	"net/http"

	"github.com/shopmind/shopmind"
)

// maxEventBatch is the most events one POST /v1/events accepts.
const maxEventBatch = 10_000

// EventList is a page of events.
type EventList struct {
	Events []*shopmind.Event `json:"events"`
	Next   string            `json:"next"`
}

// EventBatch is the body of POST /v1/events.
type EventBatch struct {
	Events []*shopmind.Event `json:"events"`
}

// Ingested is the response of POST /v1/events: Stored counts the events that
// were new, the rest were already stored (same id).
type Ingested struct {
	Received int `json:"received"`
	Stored   int `json:"stored"`
}

func (s *Server) eventRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/events", Summary: "List events in (time, id) order, filtered", Tag: "events",
			Role: shopmind.RoleRead, Response: EventList{}, Handler: s.handleEvents, Params: []Param{
				{Name: "user_id", In: "query"},
				{Name: "item_id", In: "query"},
				{Name: "type", In: "query", Description: "view, click, cart, purchase, rating, like, dislike or return"},
				{Name: "since", In: "query", Format: "date-time", Description: "inclusive, RFC 3339"},
				{Name: "until", In: "query", Format: "date-time", Description: "exclusive, RFC 3339"},
				paramAfter, paramLimit,
			}},
		{Method: "POST", Pattern: "/v1/events", Summary: "Ingest events (at most 10,000); an event without id gets one from its content, so resending is harmless; a time more than the allowed skew (default 24h) in the future is refused. A publishable key posts at most 100 view, click, cart or purchase events of the last 7 days, for visitor ids (v_...) only", Tag: "events",
			Role: shopmind.RoleWrite, Publishable: true, Request: EventBatch{}, Response: Ingested{}, Handler: s.handleIngest},
		{Method: "DELETE", Pattern: "/v1/events/{id}", Summary: "Delete an event", Tag: "events",
			Role: shopmind.RoleWrite, Status: http.StatusNoContent, Handler: s.handleDeleteEvent},
	}
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.EventFilter{
		UserID: q.String("user_id"), ItemID: q.String("item_id"), Type: shopmind.EventType(q.String("type")),
		Since: q.Time("since"), Until: q.Time("until"), After: q.String("after"), Limit: q.Limit(),
	}
	if f.Type != "" && !f.Type.Valid() {
		q.fail("type", "type %q is not one of view, click, cart, purchase, rating, like, dislike, return", f.Type)
	}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	events, next, err := s.events.Events(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, EventList{Events: nonNil(events), Next: next})
}

func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request) {
	max := maxEventBatch
	if publishable(r) {
		max = shopmind.MaxStorefrontBatch
	}
	events, err := decodeBatch[shopmind.Event](s, w, r, "events", max)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if publishable(r) {
		for i, e := range events {
			if err := shopmind.ValidateStorefrontEvent(e, s.opts.Now()); err != nil {
				s.Error(w, r, &shopmind.Error{Code: shopmind.ErrorCode(err), Field: fmt.Sprintf("events[%d].%s", i, shopmind.ErrorField(err)),
					Message: fmt.Sprintf("events[%d]: %s", i, shopmind.ErrorMessage(err))})
				return
			}
		}
	}
	if err := shopmind.ValidateEvents(events, s.opts.Now(), s.opts.EventSkew); err != nil {
		s.Error(w, r, err)
		return
	}
	received := len(events)
	// A repeated id is the same event sent twice (kept once) or, with other
	// content, a 409 naming it, as the importer answers; so is an id stored
	// with other content.
	unique, err := shopmind.UniqueEvents("events", events)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	stored := 0
	if len(unique) > 0 {
		if stored, err = s.events.AddEvents(r.Context(), unique); err != nil {
			s.Error(w, r, requestEventConflict(err, events, unique))
			return
		}
		if s.EventsStored != nil {
			s.EventsStored(unique)
		}
	}
	s.metrics.ingested(stored, received-stored)
	WriteJSON(w, http.StatusOK, Ingested{Received: received, Stored: stored})
}

func (s *Server) handleDeleteEvent(w http.ResponseWriter, r *http.Request) {
	if err := s.events.DeleteEvent(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	if s.EventsDeleted != nil {
		s.EventsDeleted()
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleUserEvents returns a user's newest events first: one read of at
// most limit events, whatever the length of the user's history.
func (s *Server) handleUserEvents(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	limit := q.Limit()
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	events, err := s.events.UserEvents(r.Context(), r.PathValue("id"), limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if events == nil {
		events = []*shopmind.Event{}
	}
	WriteJSON(w, http.StatusOK, EventList{Events: events})
}

// requestEventConflict renumbers the store's ECONFLICT "events[k].id" (k
// indexes unique, the request's events without repeats) to the event's
// place in the request; other errors pass through.
func requestEventConflict(err error, events, unique []*shopmind.Event) error {
	var k int
	if shopmind.ErrorCode(err) != shopmind.ECONFLICT {
		return err
	}
	if _, serr := fmt.Sscanf(shopmind.ErrorField(err), "events[%d].id", &k); serr != nil || k < 0 || k >= len(unique) {
		return err
	}
	for i, e := range events {
		if e.ID == unique[k].ID {
			return shopmind.StoredEventConflict(i, e.ID)
		}
	}
	return err
}

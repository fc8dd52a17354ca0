package httpapi

import (
	"net/http"
	"time"

	"github.com/shopmind/shopmind"
)

// Stats is the body of GET /v1/stats.
type Stats struct {
	Counts       shopmind.Counts     `json:"counts"`
	EventsPerDay []shopmind.DayCount `json:"events_per_day"` // one entry per UTC day, oldest first, zeros included
	// EventSpan is when the stored events begin and end (by their own
	// time), whatever the days asked; absent without events.
	EventSpan *shopmind.Span `json:"event_span,omitempty"`
}

// maxStatsDays bounds the days parameter of /v1/stats.
const maxStatsDays = 3660

func (s *Server) statsRoutes() []Route {
	return []Route{{
		Method: "GET", Pattern: "/v1/stats", Summary: "Entity counts, events per UTC day over the last days (today included) and the span of all events",
		Tag: "stats", Role: shopmind.RoleRead, Response: Stats{}, Handler: s.handleStats,
		Params: []Param{{Name: "days", In: "query", Type: "integer", Description: "days to count, 1 to 3660 (default 30)"}},
	}}
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	days := q.Int("days", 30, 1, maxStatsDays)
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	counts, err := s.stats.Counts(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	now := s.opts.Now().UTC()
	until := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	since := until.AddDate(0, 0, -days)
	perDay, err := s.stats.EventsPerDay(r.Context(), since, until)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := Stats{Counts: counts, EventsPerDay: fillDays(perDay, since, days)}
	span, err := s.stats.EventSpan(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !span.Last.IsZero() {
		out.EventSpan = &span
	}
	WriteJSON(w, http.StatusOK, out)
}

// fillDays returns one DayCount per day from since, taking counts from got
// and zero for days it lacks.
func fillDays(got []shopmind.DayCount, since time.Time, days int) []shopmind.DayCount {
	byDay := make(map[string]int64, len(got))
	for _, d := range got {
		byDay[d.Day] += d.Count
	}
	out := make([]shopmind.DayCount, days)
	for i := range out {
		day := since.AddDate(0, 0, i).Format(time.DateOnly)
		out[i] = shopmind.DayCount{Day: day, Count: byDay[day]}
	}
	return out
}

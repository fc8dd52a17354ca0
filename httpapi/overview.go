package httpapi

import (
	"net/http"
	"time"

	"github.com/shopmind/shopmind"
)

// HandleOverview registers the shop owner's overview route on svc.
func (s *Server) HandleOverview(svc shopmind.OverviewService) {
	s.Handle(Route{Method: "GET", Pattern: "/v1/reports/overview", Tag: "reports",
		Summary: "The shop owner's overview of a period: revenue, orders, conversion and revenue that followed recommendations (with the period before), sales per day, and what needs attention (stock-outs soon, falling review sentiment, conversations waiting for a person, valuable customers at risk, images that disagree with their category). Answered from the overview computed for the period (computed_at; recomputed in the background when older); a period not computed yet answers 503 (unavailable, Retry-After) with how far its computation has come",
		Role:    shopmind.RoleRead, Response: shopmind.Overview{},
		Params: []Param{
			{Name: "from", In: "query", Description: "first day (YYYY-MM-DD, UTC) or RFC 3339 time of the period, inclusive (default: 30 days before to)"},
			{Name: "to", In: "query", Description: "last day (YYYY-MM-DD, UTC, inclusive) or RFC 3339 time (exclusive) of the period (default: today, UTC); at most 366 days after from"},
			{Name: "attention", In: "query", Type: "integer", Description: "findings listed per kind, 1 to 100 (default 5)"},
		},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			q := newQuery(r.URL)
			oq := shopmind.OverviewQuery{From: dayOrTime(q, "from", false), To: dayOrTime(q, "to", true), Attention: q.Int("attention", 5, 1, 100)}
			if q.err != nil {
				s.Error(w, r, q.err)
				return
			}
			ov, err := svc.Overview(r.Context(), oq)
			if err != nil {
				if shopmind.ErrorCode(err) == shopmind.EUNAVAILABLE {
					// Being computed: the console asks again after this.
					w.Header().Set("Retry-After", "2")
				}
				s.Error(w, r, err)
				return
			}
			WriteJSON(w, http.StatusOK, ov)
		}})
}

// dayOrTime parses a UTC day "2026-11-01" or an RFC 3339 time; a day that
// ends a period (end) means the end of that day.
func dayOrTime(q *query, name string, end bool) time.Time {
	v := q.get(name)
	if v == "" {
		return time.Time{}
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		q.fail(name, "%s must be a day such as 2026-11-01 or an RFC 3339 time, not %q", name, v)
	}
	return t
}

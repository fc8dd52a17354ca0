package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/shopmind/shopmind"
)

// pendingAudit is an audit entry waiting for its request's outcome.
type pendingAudit struct {
	action shopmind.AuditAction
	target string
	detail string
}

// auditing wraps h (authorization included) so that the request is
// recorded in the audit log once answered; see Route.Audit.
func auditing(action shopmind.AuditAction, kind string, wildcards []string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := ""
		if kind != "" && len(wildcards) > 0 {
			target = kind + "/" + r.PathValue(wildcards[0])
		}
		infoFrom(r.Context()).audit = &pendingAudit{action: action, target: target}
		h.ServeHTTP(w, r)
	})
}

// SetAudit makes the request be recorded in the audit log as action on
// target, with a short non-personal detail (a count, a role), replacing
// what its Route declared. Handlers call it when the target is known only
// once the work is done (a new key's id) or when only some calls are
// audited (transcripts read unredacted by an admin).
func SetAudit(r *http.Request, action shopmind.AuditAction, target, detail string) {
	infoFrom(r.Context()).audit = &pendingAudit{action: action, target: target, detail: detail}
}

// NoAudit drops the audit entry of the request, for handlers whose call
// turned out not to touch what the route audits.
func NoAudit(r *http.Request) { infoFrom(r.Context()).audit = nil }

// recordAudit appends the request's pending audit entry, if any, with its
// outcome: "ok" below status 400, the error code otherwise. Requests
// without an authenticated key (no key, unknown key, address rate
// limited) are not recorded: their actor is unknown, and recording them
// would let anyone fill the log. A failure to record is logged as an
// error; the answer has been sent by then.
func (s *Server) recordAudit(r *http.Request, status int) {
	ri := infoFrom(r.Context())
	if ri.audit == nil || ri.keyID == "" {
		return
	}
	outcome := shopmind.OutcomeOK
	if status >= 400 {
		outcome = ri.errCode
		if outcome == "" {
			outcome = "http_" + strconv.Itoa(status)
		}
	}
	e := &shopmind.AuditEntry{Time: s.opts.Now(), Actor: ri.keyID, Action: ri.audit.action,
		Target: ri.audit.target, Outcome: outcome, Detail: ri.audit.detail}
	if err := s.audit.AppendAudit(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.Error("audit log append failed", "id", ri.id, "action", string(e.Action), "target", e.Target,
			"actor", e.Actor, "error", err.Error())
	}
}

// AuditList is a page of the audit log.
type AuditList struct {
	Entries []*shopmind.AuditEntry `json:"entries"`
	Next    string                 `json:"next"`
}

func (s *Server) auditRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/audit", Tag: "audit",
			Summary: "The audit log, newest first (oldest=true: oldest first): who read personal data, erased, exported, managed keys and experiments, and when. Append-only: no route changes it",
			Role:    shopmind.RoleAdmin, Response: AuditList{}, Handler: s.handleAudit, Params: []Param{
				{Name: "actor", In: "query", Description: "API key id, cli or system"},
				{Name: "action", In: "query", Description: "e.g. personal.read, key.create, user.erase"},
				{Name: "target", In: "query", Description: "e.g. user/u1, key/0a1b2c3d4e5f"},
				{Name: "since", In: "query", Format: "date-time", Description: "entries at or after this time"},
				{Name: "until", In: "query", Format: "date-time", Description: "entries before this time"},
				{Name: "oldest", In: "query", Type: "boolean", Description: "list oldest first"},
				paramAfter, paramLimit,
			}},
	}
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.AuditFilter{Actor: q.String("actor"), Action: shopmind.AuditAction(q.String("action")),
		Target: q.String("target"), Since: q.Time("since"), Until: q.Time("until"),
		After: q.String("after"), Limit: q.Limit()}
	if o := q.OptBool("oldest"); o != nil {
		f.Oldest = *o
	}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	entries, next, err := s.audit.AuditEntries(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, AuditList{Entries: nonNil(entries), Next: next})
}

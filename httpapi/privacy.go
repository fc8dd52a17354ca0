package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// HandlePrivacy registers the routes of shoppers' rights over their data:
// erasure and export of everything stored about one user, for admin keys.
func (s *Server) HandlePrivacy(p shopmind.PrivacyService) {
	h := &privacyHandlers{s: s, p: p}
	for _, r := range []Route{
		{Method: "POST", Pattern: "/v1/users/{id}/erase", Tag: "users",
			Summary: "Erase a user (right to erasure): user, personal data and conversations deleted; events deleted or pseudonymised as [privacy] erase_events says; orders kept under a random pseudonym; reviews kept without author; the user removed from served models at once; the store compacted",
			Role:    shopmind.RoleAdmin, Response: shopmind.Erasure{}, Handler: h.erase,
			Audit: shopmind.AuditUserErase, AuditTarget: "user"},
		{Method: "GET", Pattern: "/v1/users/{id}/export", Tag: "users",
			Summary: "Everything stored about a user as JSON (right of access): user, personal data, events, orders, reviews, conversations with messages, experiment exposures",
			Role:    shopmind.RoleAdmin, Response: shopmind.UserExport{}, Handler: h.export,
			Audit: shopmind.AuditUserExport, AuditTarget: "user"},
	} {
		s.Handle(r)
	}
}

type privacyHandlers struct {
	s *Server
	p shopmind.PrivacyService
}

func (h *privacyHandlers) erase(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	er, err := h.p.EraseUser(r.Context(), id)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	h.s.log.Info("user erased", "user", id, "by", KeyFromContext(r.Context()).ID, "events", er.Events,
		"events_mode", er.EventsMode, "orders", er.Orders, "reviews", er.Reviews, "conversations", er.Conversations,
		"models", len(er.Models), "compacted", er.Compacted)
	WriteJSON(w, http.StatusOK, er)
}

func (h *privacyHandlers) export(w http.ResponseWriter, r *http.Request) {
	x, err := h.p.ExportUser(r.Context(), r.PathValue("id"))
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	h.s.log.Info("user exported", "user", r.PathValue("id"), "by", KeyFromContext(r.Context()).ID)
	WriteJSON(w, http.StatusOK, x)
}

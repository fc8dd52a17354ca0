package httpapi

import (
	"fmt"
	"net/http"

	"github.com/shopmind/shopmind"
)

// ConsentUpdate is the body of PUT /v1/users/{id}/consent. A flag left out
// keeps its stored value.
type ConsentUpdate struct {
	UserID            string `json:"user_id,omitempty"` // empty or equal to the path's
	NoPersonalisation *bool  `json:"no_personalisation,omitempty"`
	NoMarketing       *bool  `json:"no_marketing,omitempty"`
}

func (s *Server) consentRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/users/{id}/consent", Tag: "users",
			Summary: "A user's consent: no_personalisation and no_marketing (both false when never set)",
			Role:    shopmind.RoleRead, Response: shopmind.Consent{}, Handler: s.handleConsent},
		{Method: "PUT", Pattern: "/v1/users/{id}/consent", Tag: "users",
			Summary: "Set a user's consent flags (a flag left out keeps its value; the user need not exist yet)",
			Role:    shopmind.RoleWrite, Request: ConsentUpdate{}, Response: shopmind.Consent{}, Handler: s.handlePutConsent,
			Audit: shopmind.AuditConsentSet, AuditTarget: "user"},
	}
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	c, err := s.consents.Consent(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, c)
}

func (s *Server) handlePutConsent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var in ConsentUpdate
	if err := s.DecodeJSON(w, r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	if in.UserID != "" && in.UserID != id {
		s.Error(w, r, shopmind.FieldErrorf("user_id", "user_id %q in the body does not match %q in the path", in.UserID, id))
		return
	}
	var c *shopmind.Consent
	err := s.consents.Tx(r.Context(), func(tx shopmind.Store) error {
		cur, err := tx.Consent(r.Context(), id)
		if err != nil {
			return err
		}
		if in.NoPersonalisation != nil {
			cur.NoPersonalisation = *in.NoPersonalisation
		}
		if in.NoMarketing != nil {
			cur.NoMarketing = *in.NoMarketing
		}
		c = cur
		return tx.SetConsents(r.Context(), []*shopmind.Consent{cur})
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	SetAudit(r, shopmind.AuditConsentSet, "user/"+id, fmt.Sprintf("no_personalisation=%t no_marketing=%t", c.NoPersonalisation, c.NoMarketing))
	WriteJSON(w, http.StatusOK, c)
}

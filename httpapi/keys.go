package httpapi

import (
	"net/http"
	"time"

	"github.com/shopmind/shopmind"
)

// Me is the body of GET /v1/me: the calling key.
type Me struct {
	ID   string        `json:"id"`
	Name string        `json:"name"`
	Role shopmind.Role `json:"role"`
}

// KeyRequest is the body of POST /v1/keys. Origins are required for, and
// only taken by, the publishable role: the web origins of the shop's pages,
// e.g. "https://shop.example".
type KeyRequest struct {
	Name    string        `json:"name"`
	Role    shopmind.Role `json:"role"`
	Origins []string      `json:"origins,omitempty"`
}

// NewKey is the body of a POST /v1/keys response; Key, the secret, is shown
// only this once.
type NewKey struct {
	Key       string        `json:"key"`
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Role      shopmind.Role `json:"role"`
	Origins   []string      `json:"origins,omitempty"`
	CreatedAt time.Time     `json:"created_at"`
}

// KeyList is the body of GET /v1/keys.
type KeyList struct {
	Keys []*shopmind.APIKey `json:"keys"`
}

func (s *Server) keyRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/me", Summary: "The calling API key", Tag: "keys",
			Role: shopmind.RoleRead, Response: Me{}, Handler: s.handleMe},
		{Method: "GET", Pattern: "/v1/keys", Summary: "List API keys (without secrets)", Tag: "keys",
			Role: shopmind.RoleAdmin, Response: KeyList{}, Handler: s.handleKeys},
		{Method: "POST", Pattern: "/v1/keys", Summary: "Create an API key; its secret is shown only in this response. A publishable key (role publishable, for storefront pages) needs its origins", Tag: "keys",
			Role: shopmind.RoleAdmin, Request: KeyRequest{}, Response: NewKey{}, Status: http.StatusCreated, Handler: s.handleCreateKey,
			Audit: shopmind.AuditKeyCreate},
		{Method: "DELETE", Pattern: "/v1/keys/{id}", Summary: "Revoke an API key", Tag: "keys",
			Role: shopmind.RoleAdmin, Status: http.StatusNoContent, Handler: s.handleDeleteKey,
			Audit: shopmind.AuditKeyRevoke, AuditTarget: "key"},
	}
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	k := KeyFromContext(r.Context())
	WriteJSON(w, http.StatusOK, Me{ID: k.ID, Name: k.Name, Role: k.Role})
}

func (s *Server) handleKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := s.keys.Keys(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, KeyList{Keys: nonNil(keys)})
}

func (s *Server) handleCreateKey(w http.ResponseWriter, r *http.Request) {
	var req KeyRequest
	if err := s.DecodeJSON(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Name == "" {
		s.Error(w, r, shopmind.FieldErrorf("name", "name is required"))
		return
	}
	var (
		secret string
		k      *shopmind.APIKey
		err    error
	)
	if req.Role == shopmind.RolePublishable {
		secret, k, err = shopmind.NewPublishableKey(s.opts.Random, req.Name, req.Origins, s.opts.Now())
	} else {
		secret, k, err = shopmind.NewAPIKey(s.opts.Random, req.Name, req.Role, s.opts.Now())
		if err == nil && len(req.Origins) > 0 {
			err = shopmind.ValidateKeyRole(req.Role, req.Origins)
		}
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.keys.CreateKey(r.Context(), k); err != nil {
		s.Error(w, r, err)
		return
	}
	s.origins.invalidate()
	SetAudit(r, shopmind.AuditKeyCreate, "key/"+k.ID, "role "+string(k.Role))
	s.log.Info("api key created", "key", k.ID, "role", string(k.Role), "by", KeyFromContext(r.Context()).ID)
	WriteJSON(w, http.StatusCreated, NewKey{Key: secret, ID: k.ID, Name: k.Name, Role: k.Role, Origins: k.Origins, CreatedAt: k.CreatedAt})
}

func (s *Server) handleDeleteKey(w http.ResponseWriter, r *http.Request) {
	if err := s.keys.DeleteKey(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.origins.invalidate()
	s.log.Info("api key revoked", "key", r.PathValue("id"), "by", KeyFromContext(r.Context()).ID)
	w.WriteHeader(http.StatusNoContent)
}

// nonNil returns s, or an empty slice for nil, so that lists encode as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

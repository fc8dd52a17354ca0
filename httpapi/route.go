package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/shopmind/shopmind"
)

// Route is one API operation: the single source of truth for the mux and
// the OpenAPI document.
type Route struct {
	Method  string        // "GET", "PUT", "POST", "DELETE", ...
	Pattern string        // ServeMux path pattern, e.g. "/v1/items/{id}"
	Summary string        // one line for the OpenAPI document
	Tag     string        // OpenAPI tag grouping related routes, e.g. "items"
	Role    shopmind.Role // role a key needs; "" makes the route public
	// Publishable also accepts publishable keys (shopmind.RolePublishable),
	// from their origins only: set it on the few routes a storefront page
	// calls, whose handlers then narrow what such a key may do. It needs
	// Role to be set.
	Publishable bool
	Params      []Param // query and path parameters; undeclared path wildcards are added as strings
	// Request is a Go value whose type describes the JSON request body
	// (nil: no body), or a Binary for a raw body.
	Request any
	// Response is a Go value whose type describes the JSON response body
	// (nil: no body), or a Binary for a raw body.
	Response any
	// Status is the success status (http.StatusOK when zero).
	Status  int
	Handler http.HandlerFunc
	// Audit, when set, records every call by an authenticated key in the
	// audit log (denied ones too), with the key as actor and the outcome.
	Audit shopmind.AuditAction
	// AuditTarget is the kind of the audited target, such as "user": the
	// target is "<kind>/<first path wildcard>". Handlers may name it
	// themselves with SetAudit.
	AuditTarget string
}

// Param is a query or path parameter of a Route.
type Param struct {
	Name        string
	In          string // "query" or "path"
	Type        string // JSON Schema type: "string" (when empty), "integer", "number" or "boolean"
	Format      string // e.g. "date-time"
	Description string
	Required    bool // path parameters are always required
}

// Binary marks a raw (non-JSON) request or response body in a Route.
type Binary struct {
	ContentTypes []string // e.g. "image/png"
}

// Handle registers r on the mux, behind authentication when r.Role is set,
// and adds it to the OpenAPI document. It panics on a malformed route or a
// pattern that is already registered, as ServeMux does.
func (s *Server) Handle(r Route) {
	if r.Method == "" || !strings.HasPrefix(r.Pattern, "/") || r.Handler == nil {
		panic(fmt.Sprintf("httpapi: route %q %q needs a method, a pattern starting with / and a handler", r.Method, r.Pattern))
	}
	if r.Role != "" && !r.Role.Valid() {
		panic(fmt.Sprintf("httpapi: route %s %s has unknown role %q", r.Method, r.Pattern, r.Role))
	}
	if r.Publishable && r.Role == "" {
		panic(fmt.Sprintf("httpapi: route %s %s is publishable but has no role", r.Method, r.Pattern))
	}
	r.Params = withPathParams(r.Pattern, r.Params)
	var h http.Handler = r.Handler
	if r.Role != "" {
		h = s.authorize(r.Role, r.Publishable, h)
	}
	if r.Audit != "" {
		h = auditing(r.Audit, r.AuditTarget, pathWildcards(r.Pattern), h)
	}
	s.mux.Handle(r.Method+" "+r.Pattern, h)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes = append(s.routes, r)
	seg := strings.TrimPrefix(r.Pattern, "/")
	if i := strings.IndexByte(seg, '/'); i >= 0 {
		seg = seg[:i]
	}
	s.prefixes[seg] = true
}

// Routes returns a copy of the registered routes, in registration order.
func (s *Server) Routes() []Route {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Route(nil), s.routes...)
}

// pathWildcards returns the names of the {wildcards} in a pattern.
func pathWildcards(pattern string) []string {
	var names []string
	for _, seg := range strings.Split(pattern, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			name := strings.TrimSuffix(strings.TrimSuffix(seg[1:len(seg)-1], "..."), "$")
			if name != "" {
				names = append(names, name)
			}
		}
	}
	return names
}

// withPathParams adds a string Param for each wildcard of pattern that
// params does not declare, and marks declared path params required.
func withPathParams(pattern string, params []Param) []Param {
	out := append([]Param(nil), params...)
	for i := range out {
		if out[i].In == "path" {
			out[i].Required = true
		}
	}
	for _, name := range pathWildcards(pattern) {
		found := false
		for _, p := range out {
			if p.In == "path" && p.Name == name {
				found = true
			}
		}
		if !found {
			out = append(out, Param{Name: name, In: "path", Type: "string", Required: true})
		}
	}
	return out
}

// Common query parameters of list routes.
var (
	paramAfter = Param{Name: "after", In: "query", Description: "cursor from the previous page's next"}
	paramLimit = Param{Name: "limit", In: "query", Type: "integer", Description: "page size, 1 to 1000 (default 100)"}
)

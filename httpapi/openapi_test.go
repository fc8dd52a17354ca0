package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// contract lists the operations of the REST API contract (notes/api.md).
var contract = []string{
	"GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.json", "GET /v1/me", "GET /v1/stats",
	"GET /v1/items", "POST /v1/items", "GET /v1/items/{id}", "PUT /v1/items/{id}", "DELETE /v1/items/{id}",
	"GET /v1/users", "POST /v1/users", "GET /v1/users/{id}", "PUT /v1/users/{id}", "DELETE /v1/users/{id}",
	"GET /v1/users/{id}/personal", "PUT /v1/users/{id}/personal", "DELETE /v1/users/{id}/personal", "GET /v1/users/{id}/events",
	"GET /v1/events", "POST /v1/events", "DELETE /v1/events/{id}",
	"GET /v1/orders", "POST /v1/orders", "GET /v1/orders/{id}", "PUT /v1/orders/{id}", "DELETE /v1/orders/{id}",
	"GET /v1/reviews", "POST /v1/reviews", "GET /v1/reviews/{id}", "PUT /v1/reviews/{id}", "DELETE /v1/reviews/{id}",
	"POST /v1/images", "GET /v1/images/{hash}", "DELETE /v1/images/{hash}",
	"GET /v1/models", "GET /v1/keys", "POST /v1/keys", "DELETE /v1/keys/{id}",
}

// openAPIDoc is the part of an OpenAPI document the test reads.
type openAPIDoc struct {
	OpenAPI    string                                 `json:"openapi"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string `json:"operationId"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	Responses map[string]any `json:"responses"`
}

func fetchOpenAPI(t *testing.T, s *Server) (openAPIDoc, []byte) {
	t.Helper()
	rec := request{method: "GET", path: "/openapi.json", key: readKey}.do(t, s.Handler())
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("GET /openapi.json: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var doc openAPIDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("document is not valid JSON: %v", err)
	}
	return doc, rec.Body.Bytes()
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := newTestServer(t, newMockStore())
	doc, raw := fetchOpenAPI(t, s)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}

	documented := map[string]bool{}
	opIDs := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			if op.OperationID == "" || opIDs[op.OperationID] {
				t.Errorf("%s: operationId %q is empty or repeated", key, op.OperationID)
			}
			opIDs[op.OperationID] = true
			if len(op.Responses) == 0 {
				t.Errorf("%s: no responses", key)
			}
			// Every path wildcard is declared as a required path parameter.
			for _, name := range pathWildcards(path) {
				if !slices.ContainsFunc(op.Parameters, func(p struct {
					Name     string `json:"name"`
					In       string `json:"in"`
					Required bool   `json:"required"`
				}) bool {
					return p.Name == name && p.In == "path" && p.Required
				}) {
					t.Errorf("%s: path parameter %q is not declared", key, name)
				}
			}
			// A request reaches the registered handler, not the mux's 404/405.
			req := httptest.NewRequest(strings.ToUpper(method), strings.NewReplacer("{id}", "x1", "{hash}", "abc").Replace(path), nil)
			if _, pattern := s.mux.Handler(req); pattern != key {
				t.Errorf("%s: request is routed to %q", key, pattern)
			}
		}
	}
	for _, r := range s.Routes() {
		if !documented[r.Method+" "+r.Pattern] {
			t.Errorf("route %s %s is served but not documented", r.Method, r.Pattern)
		}
	}
	for _, op := range contract {
		if !documented[op] {
			t.Errorf("contract operation %s is not documented", op)
		}
	}
	if len(documented) != len(s.Routes()) {
		t.Errorf("%d documented operations, %d routes", len(documented), len(s.Routes()))
	}

	// Every $ref resolves to a component.
	for _, part := range strings.Split(string(raw), `"$ref": "#/components/schemas/`)[1:] {
		name := part[:strings.IndexByte(part, '"')]
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("$ref to missing component %q", name)
		}
	}
}

func TestOpenAPISchemas(t *testing.T) {
	doc, _ := fetchOpenAPI(t, newTestServer(t, newMockStore()))
	item := doc.Components.Schemas["Item"]
	props, _ := item["properties"].(map[string]any)
	prop := func(name string) map[string]any { p, _ := props[name].(map[string]any); return p }
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"id type", prop("id")["type"], "string"},
		{"price type", prop("price")["type"], "number"},
		{"stock type", prop("stock")["type"], "integer"},
		{"active type", prop("active")["type"], "boolean"},
		{"created_at format", prop("created_at")["format"], "date-time"},
		{"category type", prop("category")["type"], "array"},
		{"attributes type", prop("attributes")["type"], "object"},
		{"required", item["required"], []any{"id", "title", "price", "stock", "active", "created_at", "updated_at"}},
		{"input rejects unknown", doc.Components.Schemas["ItemInput"]["additionalProperties"], false},
		{"event type enum", doc.Components.Schemas["Event"]["properties"].(map[string]any)["type"].(map[string]any)["enum"],
			[]any{"view", "click", "cart", "purchase", "rating", "like", "dislike", "return"}},
		{"error schema", doc.Components.Schemas["ErrorResponse"]["required"], []any{"code", "message"}},
	}
	for _, tt := range tests {
		got, _ := json.Marshal(tt.got)
		want, _ := json.Marshal(tt.want)
		if string(got) != string(want) {
			t.Errorf("%s = %s, want %s", tt.name, got, want)
		}
	}
	if _, ok := doc.Components.Schemas["APIKey"]["properties"].(map[string]any)["hash"]; ok {
		t.Error("APIKey schema exposes the json:\"-\" hash field")
	}
}

func TestHandleAddsRoute(t *testing.T) {
	s := newTestServer(t, newMockStore())
	type hello struct {
		Greeting string `json:"greeting"`
	}
	s.Handle(Route{Method: "GET", Pattern: "/v1/items/{id}/similar", Summary: "Similar items", Tag: "recommend",
		Role: "read", Response: hello{}, Handler: func(w http.ResponseWriter, r *http.Request) {
			WriteJSON(w, 200, hello{Greeting: "similar to " + r.PathValue("id")})
		}})
	rec := request{method: "GET", path: "/v1/items/a/similar", key: readKey}.do(t, s.Handler())
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "similar to a") {
		t.Fatalf("status %d body %s", rec.Code, rec.Body)
	}
	if rec := (request{method: "GET", path: "/v1/items/a/similar"}).do(t, s.Handler()); rec.Code != 401 {
		t.Fatalf("added route without key: status %d, want 401", rec.Code)
	}
	doc, _ := fetchOpenAPI(t, s)
	if _, ok := doc.Paths["/v1/items/{id}/similar"]["get"]; !ok {
		t.Fatal("added route is not documented")
	}
	if _, ok := doc.Components.Schemas["Hello"]; !ok {
		t.Fatal("added route's response schema is missing")
	}
}

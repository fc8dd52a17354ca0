package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/mock"
	"github.com/shopmind/shopmind/store/sqlite"
)

const shopOrigin = "https://shop.example"

// storefront is an API server over SQLite with an admin key and a
// publishable key for shopOrigin.
type storefront struct {
	h     http.Handler
	db    *sqlite.DB
	admin string
	pk    string
}

func newStorefront(t *testing.T) *storefront {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	s := httpapi.NewServer(db, httpapi.Options{Registry: prometheus.NewRegistry(), Now: func() time.Time { return now }})
	item := &shopmind.Item{ID: "i1", Title: "Trail Runner", Description: "secret margin notes", Price: 80, Currency: "EUR", Stock: 7,
		Attributes: map[string]string{"cost": "31", "url": "https://shop.example/p/i1"}, Images: []string{"https://cdn.example/i1.jpg"}, Active: true}
	list := func() *shopmind.RecommendationList {
		return &shopmind.RecommendationList{ID: "rec-1", Model: "recommend/popular", Items: []shopmind.Recommendation{{ItemID: "i1", Score: 1, Item: item}}}
	}
	s.HandleRecommendations(&mock.Recommender{
		RecommendForUserFn: func(context.Context, string, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return list(), nil
		},
		SimilarItemsFn: func(context.Context, string, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return list(), nil
		},
		AlsoBoughtFn: func(context.Context, string, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return list(), nil
		},
		PopularFn: func(context.Context, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return list(), nil
		},
	})
	s.HandleAssistant(&mock.Assistant{
		StartFn: func(ctx context.Context, c *shopmind.Conversation) (*shopmind.Conversation, error) {
			if c.ID == "" {
				c.ID = fmt.Sprintf("c-%d", time.Now().UnixNano())
			}
			return c, db.SaveConversation(ctx, c)
		},
		SendFn: func(_ context.Context, id, text string) (*shopmind.Turn, error) {
			return &shopmind.Turn{ConversationID: id, Reply: "Hello", Status: shopmind.ConversationOpen}, nil
		},
		TranscriptFn: func(ctx context.Context, id string) (*shopmind.Handoff, error) {
			c, err := db.Conversation(ctx, id)
			return &shopmind.Handoff{Conversation: c}, err
		},
		ReplyFn: func(_ context.Context, id, author, text string, resolve bool) (*shopmind.Message, error) {
			return &shopmind.Message{ConversationID: id, Role: shopmind.RoleAgent, Text: text}, nil
		},
		HandoffsFn: func(context.Context, int) ([]*shopmind.Handoff, error) { return nil, nil },
	})
	admin, k, err := shopmind.NewAPIKey(strings.NewReader(strings.Repeat("a", 64)), "ops", shopmind.RoleAdmin, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	sf := &storefront{h: s.Handler(), db: db, admin: admin}
	// The publishable key comes through the API, as the console makes it.
	var nk httpapi.NewKey
	sf.want(t, sf.call(t, "POST", "/v1/keys", admin, "", httpapi.KeyRequest{Name: "shop", Role: shopmind.RolePublishable,
		Origins: []string{"https://Shop.Example/"}}), http.StatusCreated, &nk)
	if !strings.HasPrefix(nk.Key, "pk_") || len(nk.Origins) != 1 || nk.Origins[0] != shopOrigin {
		t.Fatalf("new publishable key %+v: want pk_ and the normalised origin", nk)
	}
	sf.pk = nk.Key
	// Admin items for the picture route.
	sf.want(t, sf.call(t, "POST", "/v1/items", admin, "", map[string]any{"items": []*shopmind.Item{item,
		{ID: "gone", Title: "Old", Images: []string{"https://cdn.example/old.jpg"}}}}), http.StatusOK, nil)
	return sf
}

func (sf *storefront) call(t *testing.T, method, path, key, origin string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	rec := httptest.NewRecorder()
	sf.h.ServeHTTP(rec, req)
	return rec
}

func (sf *storefront) want(t *testing.T, rec *httptest.ResponseRecorder, status int, out any) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatal(err)
		}
	}
}

// wantError checks an error answer: its status, field and a word of its message.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, field, word string) {
	t.Helper()
	var e httpapi.ErrorResponse
	_ = json.Unmarshal(rec.Body.Bytes(), &e)
	if rec.Code != status || e.Field != field || !strings.Contains(e.Message, word) {
		t.Errorf("got %d %s; want %d, field %q, message with %q", rec.Code, rec.Body, status, field, word)
	}
}

func visitorEvent(user string, typ shopmind.EventType) *shopmind.Event {
	return &shopmind.Event{UserID: user, ItemID: "i1", Type: typ, Time: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC), SessionID: "s1"}
}

func TestPublishableKeyCreate(t *testing.T) {
	sf := newStorefront(t)
	wantError(t, sf.call(t, "POST", "/v1/keys", sf.admin, "", httpapi.KeyRequest{Name: "shop", Role: shopmind.RolePublishable}),
		http.StatusBadRequest, "origins", "origins")
	wantError(t, sf.call(t, "POST", "/v1/keys", sf.admin, "", httpapi.KeyRequest{Name: "shop", Role: shopmind.RolePublishable,
		Origins: []string{"https://shop.example/cart"}}), http.StatusBadRequest, "origins", "path")
	wantError(t, sf.call(t, "POST", "/v1/keys", sf.admin, "", httpapi.KeyRequest{Name: "ops", Role: shopmind.RoleRead,
		Origins: []string{shopOrigin}}), http.StatusBadRequest, "origins", "only publishable")
	var list httpapi.KeyList
	sf.want(t, sf.call(t, "GET", "/v1/keys", sf.admin, "", nil), http.StatusOK, &list)
	found := false
	for _, k := range list.Keys {
		if k.Role == shopmind.RolePublishable {
			found = len(k.Origins) == 1 && k.Origins[0] == shopOrigin
		} else if len(k.Origins) != 0 {
			t.Errorf("listed %s key has origins %q", k.Role, k.Origins)
		}
	}
	if !found {
		t.Errorf("keys %+v: want the publishable key with its origin", list.Keys)
	}
}

func TestPublishableKeyLimits(t *testing.T) {
	sf := newStorefront(t)
	// Everything else than storefront routes is refused, even from the shop's origin.
	for _, rt := range []struct{ method, path string }{
		{"GET", "/v1/users"}, {"GET", "/v1/users/v_x"}, {"GET", "/v1/orders"}, {"GET", "/v1/keys"}, {"POST", "/v1/keys"},
		{"GET", "/v1/me"}, {"GET", "/v1/items"}, {"GET", "/v1/items/i1"}, {"POST", "/v1/items"}, {"PUT", "/v1/items/i1"},
		{"GET", "/v1/events"}, {"DELETE", "/v1/events/e1"}, {"GET", "/v1/stats"}, {"GET", "/v1/images/abc"},
		{"GET", "/v1/handoffs"}, {"POST", "/v1/conversations/c1/replies"}, {"DELETE", "/v1/conversations/c1"},
		{"GET", "/v1/users/v_x/events"},
	} {
		rec := sf.call(t, rt.method, rt.path, sf.pk, shopOrigin, map[string]any{})
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "publishable key may only") {
			t.Errorf("%s %s with a publishable key: %d %s, want 403", rt.method, rt.path, rec.Code, rec.Body)
		}
	}

	// Events: storefront types, visitor ids, small batches.
	post := func(events ...*shopmind.Event) *httptest.ResponseRecorder {
		return sf.call(t, "POST", "/v1/events", sf.pk, shopOrigin, httpapi.EventBatch{Events: events})
	}
	var got httpapi.Ingested
	rec := post(visitorEvent("v_abc", shopmind.EventView), visitorEvent("v_abc", shopmind.EventPurchase))
	sf.want(t, rec, http.StatusOK, &got)
	if got.Stored != 2 || rec.Header().Get("Access-Control-Allow-Origin") != shopOrigin {
		t.Errorf("stored %d, allow-origin %q; want 2 and %s", got.Stored, rec.Header().Get("Access-Control-Allow-Origin"), shopOrigin)
	}
	evs, _, err := sf.db.Events(context.Background(), shopmind.EventFilter{UserID: "v_abc", Limit: 10})
	if err != nil || len(evs) != 2 {
		t.Errorf("stored events of v_abc: %d, %v; want 2", len(evs), err)
	}
	wantError(t, post(visitorEvent("v_abc", shopmind.EventRating)), http.StatusForbidden, "events[0].type", "view, click, cart and purchase")
	wantError(t, post(visitorEvent("v_abc", shopmind.EventView), visitorEvent("u1", shopmind.EventView)), http.StatusForbidden, "events[1].user_id", "visitor ids")
	old := visitorEvent("v_abc", shopmind.EventView)
	old.Time = old.Time.AddDate(0, 0, -8)
	wantError(t, post(visitorEvent("v_abc", shopmind.EventView), old), http.StatusBadRequest, "events[1].time", "7 days")
	many := make([]*shopmind.Event, shopmind.MaxStorefrontBatch+1)
	for i := range many {
		many[i] = visitorEvent("v_abc", shopmind.EventView)
	}
	wantError(t, post(many...), http.StatusRequestEntityTooLarge, "events", "at most 100")

	// Recommendations: visitors only, items reduced to what a page shows.
	var list shopmind.RecommendationList
	sf.want(t, sf.call(t, "GET", "/v1/users/v_abc/recommendations", sf.pk, shopOrigin, nil), http.StatusOK, &list)
	it := list.Items[0].Item
	if list.ID != "rec-1" || it.Title != "Trail Runner" || it.Description != "" || it.Stock != 1 || it.Attributes["cost"] != "" ||
		it.Attributes["url"] != "https://shop.example/p/i1" || len(it.Images) != 1 {
		t.Errorf("storefront item %+v: want title, url, images and in-stock 1 only", it)
	}
	sf.want(t, sf.call(t, "GET", "/v1/items/i1/similar?user_id=v_abc", sf.pk, shopOrigin, nil), http.StatusOK, nil)
	wantError(t, sf.call(t, "GET", "/v1/users/u1/recommendations", sf.pk, shopOrigin, nil), http.StatusForbidden, "id", "visitor ids")
	wantError(t, sf.call(t, "GET", "/v1/popular?user_id=u1", sf.pk, shopOrigin, nil), http.StatusForbidden, "user_id", "visitor ids")
	// A secret key still reads everything.
	sf.want(t, sf.call(t, "GET", "/v1/users/u1/recommendations", sf.admin, "", nil), http.StatusOK, &list)
	if list.Items[0].Item.Description == "" {
		t.Error("the admin key lost the item's description")
	}

	// Pictures of active items only.
	rec = sf.call(t, "GET", "/v1/items/i1/images/0", sf.pk, shopOrigin, nil)
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "https://cdn.example/i1.jpg" {
		t.Errorf("picture: %d to %q, want a redirect to the image URL", rec.Code, rec.Header().Get("Location"))
	}
	wantError(t, sf.call(t, "GET", "/v1/items/gone/images/0", sf.pk, shopOrigin, nil), http.StatusNotFound, "", "not found")
	wantError(t, sf.call(t, "GET", "/v1/items/i1/images/x", sf.pk, shopOrigin, nil), http.StatusBadRequest, "n", "index")
	if rec := sf.call(t, "GET", "/v1/items/gone/images/0", sf.admin, "", nil); rec.Code != http.StatusFound {
		t.Errorf("admin picture of an inactive item: %d, want 302", rec.Code)
	}
}

func TestPublishableChat(t *testing.T) {
	sf := newStorefront(t)
	var c shopmind.Conversation
	sf.want(t, sf.call(t, "POST", "/v1/conversations", sf.pk, shopOrigin, httpapi.NewConversation{Language: "en"}), http.StatusCreated, &c)
	if c.UserID != "" {
		t.Errorf("storefront conversation has user %q", c.UserID)
	}
	wantError(t, sf.call(t, "POST", "/v1/conversations", sf.pk, shopOrigin, httpapi.NewConversation{UserID: "u1"}), http.StatusForbidden, "user_id", "anonymous")
	wantError(t, sf.call(t, "POST", "/v1/conversations", sf.pk, shopOrigin, httpapi.NewConversation{ID: "c-mine"}), http.StatusForbidden, "id", "server choose")
	sf.want(t, sf.call(t, "POST", "/v1/conversations/"+c.ID+"/messages", sf.pk, shopOrigin, httpapi.MessageIn{Text: "hi"}), http.StatusOK, nil)
	sf.want(t, sf.call(t, "GET", "/v1/conversations/"+c.ID, sf.pk, shopOrigin, nil), http.StatusOK, nil)

	// A signed-in customer's conversation (started by the shop's server) is out of reach.
	var known shopmind.Conversation
	sf.want(t, sf.call(t, "POST", "/v1/conversations", sf.admin, "", httpapi.NewConversation{UserID: "u1"}), http.StatusCreated, &known)
	wantError(t, sf.call(t, "GET", "/v1/conversations/"+known.ID, sf.pk, shopOrigin, nil), http.StatusNotFound, "", "not found")
	wantError(t, sf.call(t, "POST", "/v1/conversations/"+known.ID+"/messages", sf.pk, shopOrigin, httpapi.MessageIn{Text: "my orders?"}), http.StatusNotFound, "", "not found")
}

func TestCORS(t *testing.T) {
	sf := newStorefront(t)
	preflight := func(origin string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("OPTIONS", "/v1/events", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		rec := httptest.NewRecorder()
		sf.h.ServeHTTP(rec, req)
		return rec
	}
	rec := preflight(shopOrigin)
	h := rec.Header()
	if rec.Code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != shopOrigin ||
		!strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") || !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight from the shop: %d %v", rec.Code, h)
	}
	rec = preflight("https://evil.example")
	wantError(t, rec, http.StatusForbidden, "", "origin https://evil.example is not allowed")
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("a refused origin got Access-Control-Allow-Origin")
	}

	ev := httpapi.EventBatch{Events: []*shopmind.Event{visitorEvent("v_abc", shopmind.EventView)}}
	rec = sf.call(t, "POST", "/v1/events", sf.pk, "https://evil.example", ev)
	wantError(t, rec, http.StatusForbidden, "", "origin https://evil.example is not allowed")
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("a refused origin got Access-Control-Allow-Origin")
	}
	wantError(t, sf.call(t, "POST", "/v1/events", sf.pk, "", ev), http.StatusForbidden, "", "no Origin header")

	// A second publishable key for another shop: each key keeps to its own origins.
	var other httpapi.NewKey
	sf.want(t, sf.call(t, "POST", "/v1/keys", sf.admin, "", httpapi.KeyRequest{Name: "b", Role: shopmind.RolePublishable,
		Origins: []string{"https://b.example"}}), http.StatusCreated, &other)
	if rec := preflight("https://b.example"); rec.Code != http.StatusNoContent {
		t.Errorf("preflight from a new key's origin right after creating it: %d", rec.Code)
	}
	wantError(t, sf.call(t, "POST", "/v1/events", other.Key, shopOrigin, ev), http.StatusForbidden, "", "not allowed for publishable key")
	sf.want(t, sf.call(t, "DELETE", "/v1/keys/"+other.ID, sf.admin, "", nil), http.StatusNoContent, nil)
	if rec := preflight("https://b.example"); rec.Code != http.StatusForbidden {
		t.Errorf("preflight from a revoked key's origin: %d, want 403", rec.Code)
	}

	// Secret keys: refused from a page on another origin, fine from the
	// console (same origin) and from servers (no Origin).
	wantError(t, sf.call(t, "GET", "/v1/stats", sf.admin, shopOrigin, nil), http.StatusForbidden, "", "secret keys must never be in web pages")
	sf.want(t, sf.call(t, "GET", "/v1/stats", sf.admin, "http://example.com", nil), http.StatusOK, nil) // httptest's Host
	sf.want(t, sf.call(t, "GET", "/v1/stats", sf.admin, "", nil), http.StatusOK, nil)
}

// The tracker posts events as simple requests: the publishable key in the
// query, a text/plain body. Secret keys are never taken from a URL.
func TestPublishableKeyInQuery(t *testing.T) {
	sf := newStorefront(t)
	ev := httpapi.EventBatch{Events: []*shopmind.Event{visitorEvent("v_q", shopmind.EventView)}}
	rec := sf.call(t, "POST", "/v1/events?key="+sf.pk, "", shopOrigin, ev)
	sf.want(t, rec, http.StatusOK, nil)
	if rec.Header().Get("Access-Control-Allow-Origin") != shopOrigin {
		t.Errorf("no Access-Control-Allow-Origin for the shop's simple request")
	}
	wantError(t, sf.call(t, "POST", "/v1/events?key="+sf.pk, "", "https://evil.example", ev), http.StatusForbidden, "", "not allowed")
	wantError(t, sf.call(t, "GET", "/v1/stats?key="+sf.admin, "", "", nil), http.StatusUnauthorized, "", "API key required")
}

// One browser cannot use up a shop's publishable key: each client address
// has its own budget with it.
func TestPublishableKeyPerAddressLimit(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pk, k, err := shopmind.NewPublishableKey(strings.NewReader(strings.Repeat("p", 64)), "shop", []string{shopOrigin}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	s := httpapi.NewServer(db, httpapi.Options{Registry: prometheus.NewRegistry(), VisitorRequestsPerSecond: 0.001, VisitorRequestBurst: 2})
	post := func(addr string) int {
		b, _ := json.Marshal(httpapi.EventBatch{Events: []*shopmind.Event{visitorEvent("v_a", shopmind.EventView)}})
		req := httptest.NewRequest("POST", "/v1/events?key="+pk, bytes.NewReader(b))
		req.Header.Set("Origin", shopOrigin)
		req.RemoteAddr = addr + ":1234"
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code == http.StatusTooManyRequests && rec.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		return rec.Code
	}
	got := []int{post("10.0.0.1"), post("10.0.0.1"), post("10.0.0.1"), post("10.0.0.2")}
	if got[0] != 200 || got[1] != 200 || got[2] != http.StatusTooManyRequests || got[3] != 200 {
		t.Errorf("statuses %v, want 200 200 429 from one address, then 200 from another", got)
	}
}

// The OpenAPI document names the publishable role and marks the routes
// that accept it.
func TestOpenAPIPublishable(t *testing.T) {
	sf := newStorefront(t)
	rec := sf.call(t, "GET", "/openapi.json", sf.admin, "", nil)
	var doc struct {
		Paths map[string]map[string]struct {
			Publishable bool   `json:"x-publishable"`
			Description string `json:"description"`
		} `json:"paths"`
	}
	sf.want(t, rec, http.StatusOK, &doc)
	if !strings.Contains(rec.Body.String(), `"publishable"`) {
		t.Error("the role enum lacks publishable")
	}
	for path, methods := range map[string][]string{"/v1/events": {"post"}, "/v1/users/{id}/recommendations": {"get"},
		"/v1/items/{id}/images/{n}": {"get"}, "/v1/conversations": {"post"}} {
		for _, m := range methods {
			if op := doc.Paths[path][m]; !op.Publishable || !strings.Contains(op.Description, "publishable key") {
				t.Errorf("%s %s: %+v, want x-publishable", m, path, op)
			}
		}
	}
	if doc.Paths["/v1/events"]["get"].Publishable || doc.Paths["/v1/items"]["post"].Publishable {
		t.Error("a secret-key route is marked publishable")
	}
}

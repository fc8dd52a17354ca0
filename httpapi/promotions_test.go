package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
)

// TestPromotionsFlow: the calendar through the API on SQLite: a batch, a
// PUT, filters, dates in and out as days, validation naming the field, and
// delete.
func TestPromotionsFlow(t *testing.T) {
	ls := startLive(t, ":memory:")
	key := ls.adminKey
	items := []*shopmind.Item{
		{ID: "shoe-1", Title: "Runner", Category: []string{"Clothing", "Shoes"}, Active: true},
		{ID: "mug-1", Title: "Mug", Category: []string{"Home"}, Active: true},
	}
	ls.call(t, "POST", "/v1/items", key, map[string]any{"items": items}, 200, nil)

	var up httpapi.Upserted
	ls.call(t, "POST", "/v1/promotions", key, json.RawMessage(`{"promotions": [
		{"id": "bf-2026", "name": "Black Friday", "kind": "holiday", "start": "2026-11-27", "end": "2026-11-30"},
		{"id": "shoe-week", "start": "2026-03-02T09:00:00Z", "end": "2026-03-08", "categories": ["Clothing/Shoes"], "item_ids": ["mug-1"]}
	]}`), 200, &up)
	if up.Upserted != 2 {
		t.Fatalf("upserted %d", up.Upserted)
	}
	var raw map[string]any
	ls.call(t, "GET", "/v1/promotions/shoe-week", key, nil, 200, &raw)
	if raw["start"] != "2026-03-02" || raw["end"] != "2026-03-08" || raw["kind"] != "promotion" || raw["name"] != "shoe-week" {
		t.Errorf("stored promotion %v", raw)
	}
	var p shopmind.Promotion
	ls.call(t, "PUT", "/v1/promotions/xmas", key, map[string]any{"kind": "holiday", "name": "Christmas", "start": "2026-12-24", "end": "2026-12-26"}, 200, &p)
	if p.ID != "xmas" || p.Days() != 3 || p.CreatedAt.IsZero() {
		t.Errorf("put: %+v", p)
	}

	tests := []struct {
		path string
		want []string
	}{
		{"/v1/promotions", []string{"bf-2026", "shoe-week", "xmas"}},
		{"/v1/promotions?kind=holiday", []string{"bf-2026", "xmas"}},
		{"/v1/promotions?from=2026-11-30&to=2026-12-24", []string{"bf-2026", "xmas"}},
		{"/v1/promotions?to=2026-03-02", []string{"shoe-week"}},
		{"/v1/promotions?limit=1", []string{"bf-2026"}},
	}
	for _, tt := range tests {
		var list httpapi.PromotionList
		ls.call(t, "GET", tt.path, key, nil, 200, &list)
		var got []string
		for _, p := range list.Promotions {
			got = append(got, p.ID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: %v, want %v", tt.path, got, tt.want)
		}
	}

	bad := []struct {
		name, method, path string
		body               string
		field              string
	}{
		{"ErrEndBeforeStart", "POST", "/v1/promotions", `{"promotions": [{"id": "a", "start": "2026-05-02", "end": "2026-05-01"}]}`, "promotions[0].end"},
		{"ErrUnknownItem", "POST", "/v1/promotions", `{"promotions": [{"id": "a", "start": "2026-05-01", "end": "2026-05-01"}, {"id": "b", "start": "2026-05-01", "end": "2026-05-02", "item_ids": ["shoe-1", "nope"]}]}`, "promotions[1].item_ids[1]"},
		{"ErrUnknownCategory", "PUT", "/v1/promotions/c", `{"start": "2026-05-01", "end": "2026-05-02", "categories": ["Clothing/Hats"]}`, "categories[0]"},
		{"ErrBadDate", "PUT", "/v1/promotions/c", `{"start": "05/01/2026", "end": "2026-05-02"}`, "start"},
		{"ErrStartRequired", "PUT", "/v1/promotions/c", `{"end": "2026-05-02"}`, "start"},
		{"ErrKind", "PUT", "/v1/promotions/c", `{"kind": "sale", "start": "2026-05-01", "end": "2026-05-02"}`, "kind"},
		{"ErrUnknownField", "PUT", "/v1/promotions/c", `{"start": "2026-05-01", "end": "2026-05-02", "discount": 0.2}`, "discount"},
		{"ErrTooLong", "PUT", "/v1/promotions/c", `{"start": "2026-01-01", "end": "2026-12-31"}`, "end"},
		{"ErrIDMismatch", "PUT", "/v1/promotions/c", `{"id": "d", "start": "2026-05-01", "end": "2026-05-02"}`, "id"},
		{"ErrListKind", "GET", "/v1/promotions?kind=sale", "", "kind"},
		{"ErrListFrom", "GET", "/v1/promotions?from=yesterday", "", "from"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var body any
			if tt.body != "" {
				body = json.RawMessage(tt.body)
			}
			var e httpapi.ErrorResponse
			ls.call(t, tt.method, tt.path, key, body, 400, &e)
			if e.Field != tt.field {
				t.Errorf("field %q (%s), want %q", e.Field, e.Message, tt.field)
			}
		})
	}
	var list httpapi.PromotionList
	ls.call(t, "GET", "/v1/promotions", key, nil, 200, &list)
	if len(list.Promotions) != 3 {
		t.Errorf("%d promotions after the refused writes, want 3", len(list.Promotions))
	}

	ls.call(t, "DELETE", "/v1/promotions/xmas", key, nil, 204, nil)
	ls.call(t, "DELETE", "/v1/promotions/xmas", key, nil, 404, nil)
	ls.call(t, "GET", "/v1/promotions/xmas", key, nil, 404, nil)
}

func TestPromotionsInOpenAPI(t *testing.T) {
	ls := startLive(t, ":memory:")
	var doc struct {
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	ls.call(t, "GET", "/openapi.json", ls.adminKey, nil, 200, &doc)
	for _, p := range []string{"/v1/promotions", "/v1/promotions/{id}"} {
		if _, ok := doc.Paths[p]; !ok {
			t.Errorf("%s not in the OpenAPI document", p)
		}
	}
	props, _ := doc.Components.Schemas["Promotion"]["properties"].(map[string]any)
	start, _ := props["start"].(map[string]any)
	if start["format"] != "date" {
		t.Errorf("Promotion.start schema %v, want a date", start)
	}
}

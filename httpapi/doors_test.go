package httpapi_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
	"github.com/shopmind/shopmind/store/sqlite"
)

// seededStore is a SQLite store holding user u1, item i1 and event s1 (u1
// viewed i1 at 2026-01-01T00:00:00Z).
func seededStore(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertUsers(ctx, []*shopmind.User{{ID: "u1"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertItems(ctx, []*shopmind.Item{{ID: "i1", Title: "Shoe", Price: 5}}); err != nil {
		t.Fatal(err)
	}
	stored := &shopmind.Event{ID: "s1", UserID: "u1", ItemID: "i1", Type: shopmind.EventView, Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := db.AddEvents(ctx, []*shopmind.Event{stored}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestSameVerdictBothDoors sends the same records through the API (POST
// /v1/<entity>) and the importer (a JSON Lines file) into stores holding
// user u1 and item i1, and checks that both take them or both refuse them,
// naming the same field, and store the same. Before, the API took empty
// titles, orders without total (stored 0) and orders and reviews for
// unknown users and items, and dropped an event repeating an id with other
// content; the importer refused the repeat.
func TestSameVerdictBothDoors(t *testing.T) {
	const t0, t1, t2 = "2026-01-01T00:00:00Z", "2026-01-02T03:04:05Z", "2026-01-02T03:04:06Z"
	ev := func(id, item, at string) map[string]any {
		return map[string]any{"id": id, "user_id": "u1", "item_id": item, "type": "view", "time": at}
	}
	line := func(item string) []map[string]any {
		return []map[string]any{{"item_id": item, "quantity": 2, "unit_price": 5}}
	}
	tests := []struct {
		name    string
		entity  string
		records []map[string]any
		status  int    // the API's answer
		field   string // the field the refusal names (API); the importer names its column
		column  string
		check   func(t *testing.T, db *sqlite.DB)
	}{
		{"item without title", "items", []map[string]any{{"id": "i2", "title": ""}}, 400, "items[0].title", "title", nil},
		{"item blank title", "items", []map[string]any{{"id": "i2", "title": "  "}}, 400, "items[0].title", "title", nil},
		{"item negative stock is a back-order", "items", []map[string]any{{"id": "i2", "title": "T", "stock": -3}}, 200, "", "", func(t *testing.T, db *sqlite.DB) {
			if it, err := db.Item(context.Background(), "i2"); err != nil || it.Stock != -3 {
				t.Errorf("item i2 = %+v, %v; want stock -3", it, err)
			}
		}},
		{"order without total gets the lines' sum", "orders", []map[string]any{{"id": "o1", "user_id": "u1", "status": "paid", "lines": line("i1")}}, 200, "", "", func(t *testing.T, db *sqlite.DB) {
			if o, err := db.Order(context.Background(), "o1"); err != nil || o.Total != 10 {
				t.Errorf("order o1 = %+v, %v; want total 10", o, err)
			}
		}},
		{"order of unknown user", "orders", []map[string]any{{"id": "o1", "user_id": "nobody", "status": "paid", "total": 10, "lines": line("i1")}}, 400, "orders[0].user_id", "user_id", nil},
		{"order of unknown item", "orders", []map[string]any{{"id": "o1", "user_id": "u1", "status": "paid", "total": 10, "lines": line("nothing")}}, 400, "orders[0].lines[0].item_id", "lines", nil},
		{"review of unknown item", "reviews", []map[string]any{{"id": "r1", "item_id": "nothing", "text": "ok"}}, 400, "reviews[0].item_id", "item_id", nil},
		{"review by unknown user", "reviews", []map[string]any{{"id": "r1", "item_id": "i1", "user_id": "nobody", "text": "ok"}}, 400, "reviews[0].user_id", "user_id", nil},
		{"anonymous review", "reviews", []map[string]any{{"id": "r1", "item_id": "i1", "text": "ok"}}, 200, "", "", nil},
		{"event id repeated, same content", "events", []map[string]any{ev("e1", "i1", t1), ev("e1", "i1", t1)}, 200, "", "", func(t *testing.T, db *sqlite.DB) {
			if c, _ := db.Counts(context.Background()); c.Events != 2 {
				t.Errorf("%d events stored, want 2 (s1 and e1)", c.Events)
			}
		}},
		{"event id repeated, other content", "events", []map[string]any{ev("e1", "i1", t1), ev("e1", "i1", t2)}, 409, "events[1].id", "id", nil},
		// Before, an event whose id was stored with other content was
		// dropped silently by both doors.
		{"stored event id, same content", "events", []map[string]any{ev("s1", "i1", t0), ev("e1", "i1", t1)}, 200, "", "", func(t *testing.T, db *sqlite.DB) {
			if c, _ := db.Counts(context.Background()); c.Events != 2 {
				t.Errorf("%d events stored, want 2 (s1 and e1)", c.Events)
			}
		}},
		{"stored event id, other content", "events", []map[string]any{ev("e1", "i1", t1), ev("s1", "i1", t1)}, 409, "events[1].id", "id", nil},
		{"stored event id, other content, after a repeat", "events", []map[string]any{ev("e1", "i1", t1), ev("e1", "i1", t1), ev("s1", "i1", t2)}, 409, "events[2].id", "id", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			// The API.
			api := seededStore(t)
			ls := serveLive(t, api, func() { api.Close() })
			body, _ := json.Marshal(map[string]any{tt.entity: tt.records})
			status, e := ls.send(t, "POST", "/v1/"+tt.entity, string(body))
			if status != tt.status || e.Field != tt.field {
				t.Errorf("API: status %d, field %q (%s); want %d naming %q", status, e.Field, e.Message, tt.status, tt.field)
			}
			// The importer.
			imp := seededStore(t)
			defer imp.Close()
			var sb strings.Builder
			for _, r := range tt.records {
				b, _ := json.Marshal(r)
				sb.Write(b)
				sb.WriteByte('\n')
			}
			path := filepath.Join(t.TempDir(), tt.entity+".jsonl")
			if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ingest.Import(ctx, imp, []string{path}, ingest.Options{})
			switch {
			case tt.status == 200 && err != nil:
				t.Errorf("import refused what the API took: %v", err)
			case tt.status != 200 && err == nil:
				t.Errorf("import took what the API refused (%d)", tt.status)
			case err != nil && shopmind.ErrorField(err) != tt.column:
				t.Errorf("import: %v; want it to name column %q", err, tt.column)
			}
			// Both stores hold the same.
			ca, _ := api.Counts(ctx)
			ci, _ := imp.Counts(ctx)
			if ca != ci {
				t.Errorf("stored through the API %+v, through the importer %+v", ca, ci)
			}
			if tt.check != nil {
				tt.check(t, api)
				tt.check(t, imp)
			}
		})
	}
}

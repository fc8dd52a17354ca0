package httpapi_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/postgres"
)

// openPostgres opens a PostgreSQL store in a fresh schema of the database
// SHOPMIND_TEST_POSTGRES names (dropped afterwards), or skips.
func openPostgres(tb testing.TB) (*postgres.DB, func()) {
	tb.Helper()
	dsn := os.Getenv("SHOPMIND_TEST_POSTGRES")
	if dsn == "" {
		tb.Skip("SHOPMIND_TEST_POSTGRES is not set; skipping the PostgreSQL API test")
	}
	ctx := context.Background()
	var b [6]byte
	rand.Read(b[:])
	schema := pgx.Identifier{"shopmind_httpapi_" + hex.EncodeToString(b[:])}
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema.Sanitize()); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema[0]
	cfg.MaxConns = 4
	db, err := postgres.OpenConfig(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return db, func() {
		db.Close()
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Errorf("drop schema: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	}
}

// bothStores runs f on a live server over SQLite and, when
// SHOPMIND_TEST_POSTGRES is set, over PostgreSQL.
func bothStores(t *testing.T, f func(t *testing.T, ls *liveServer)) {
	t.Run("sqlite", func(t *testing.T) { f(t, startLive(t, ":memory:")) })
	t.Run("postgres", func(t *testing.T) {
		db, closeDB := openPostgres(t)
		f(t, serveLive(t, db, closeDB))
	})
}

// send sends a raw body (bytes exactly as given, so invalid UTF-8 reaches
// the server) and returns the status and the decoded error, if any.
func (ls *liveServer) send(tb testing.TB, method, path, body string) (int, httpapi.ErrorResponse) {
	tb.Helper()
	req, err := http.NewRequest(method, ls.url+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ls.adminKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := ls.client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	var e httpapi.ErrorResponse
	if resp.StatusCode >= 400 {
		if err := json.Unmarshal(data, &e); err != nil {
			tb.Fatalf("%s %s: status %d, body %q is not an error response", method, path, resp.StatusCode, data)
		}
	}
	return resp.StatusCode, e
}

// badText lists text the stores cannot keep alike (NUL, invalid UTF-8) or
// should not keep (oversize values), placed in every kind of string field
// of a batch whose first element is good, and the field the 400 must name.
var badText = []struct {
	name, path, body, field string
}{
	{"event session_id NUL", "/v1/events", events(`"session_id":"s\u0000"`), "events[1].session_id"},
	{"event user_id NUL", "/v1/events", events(`"user_id":"u\u00001"`), "events[1].user_id"},
	{"event user_id invalid UTF-8", "/v1/events", events(`"user_id":"u` + "\xff" + `1"`), "events[1].user_id"},
	{"event session_id invalid UTF-8", "/v1/events", events(`"session_id":"s` + "\xc3\x28" + `"`), "events[1].session_id"},
	{"event session_id 1 MiB", "/v1/events", events(`"session_id":"` + strings.Repeat("s", 1<<20) + `"`), "events[1].session_id"},
	{"event recommendation_id oversize", "/v1/events", events(`"recommendation_id":"` + strings.Repeat("r", 129) + `"`), "events[1].recommendation_id"},
	{"item title NUL", "/v1/items", items(`"title":"Sho\u0000e"`), "items[1].title"},
	{"item description invalid UTF-8", "/v1/items", items(`"title":"T","description":"caf` + "\xe9" + `"`), "items[1].description"},
	{"item brand NUL", "/v1/items", items(`"title":"T","brand":"\u0000"`), "items[1].brand"},
	{"item attribute value NUL", "/v1/items", items(`"title":"T","attributes":{"color":"red\u0000"}`), "items[1].attributes.color"},
	{"item attribute value invalid UTF-8", "/v1/items", items(`"title":"T","attributes":{"color":"r` + "\xff" + `"}`), "items[1].attributes.color"},
	{"item attribute key NUL", "/v1/items", items(`"title":"T","attributes":{"co\u0000lor":"red"}`), "items[1].attributes"},
	{"item attribute value oversize", "/v1/items", items(`"title":"T","attributes":{"color":"` + strings.Repeat("x", 1001) + `"}`), "items[1].attributes.color"},
	{"item tag NUL", "/v1/items", items(`"title":"T","tags":["ok","b\u0000d"]`), "items[1].tags[1]"},
	{"item tag invalid UTF-8", "/v1/items", items(`"title":"T","tags":["ok","b` + "\xff" + `d"]`), "items[1].tags[1]"},
	{"item tag oversize", "/v1/items", items(`"title":"T","tags":["` + strings.Repeat("t", 129) + `"]`), "items[1].tags[0]"},
	{"item category too deep", "/v1/items", items(`"title":"T","category":["a","b","c","d","e","f","g","h","i","j","k"]`), "items[1].category"},
	{"item category level oversize", "/v1/items", items(`"title":"T","category":["` + strings.Repeat("c", 201) + `"]`), "items[1].category[0]"},
	{"item category level NUL", "/v1/items", items(`"title":"T","category":["Shoes","\u0000"]`), "items[1].category[1]"},
	{"review text NUL", "/v1/reviews", `{"reviews":[{"id":"r0","item_id":"i0","text":"fine"},{"id":"r1","item_id":"i0","text":"bad\u0000"}]}`, "reviews[1].text"},
	{"review title invalid UTF-8", "/v1/reviews", `{"reviews":[{"id":"r0","item_id":"i0","text":"fine"},{"id":"r1","item_id":"i0","text":"t","title":"` + "\xff" + `"}]}`, "reviews[1].title"},
	{"user attribute NUL", "/v1/users", `{"users":[{"id":"u0"},{"id":"u1","attributes":{"country":"\u0000"}}]}`, "users[1].attributes.country"},
}

func events(bad string) string {
	return `{"events":[{"user_id":"u0","item_id":"i0","type":"view","time":"2026-01-02T03:04:05Z"},` +
		`{"user_id":"u1","item_id":"i1","type":"view","time":"2026-01-02T03:04:06Z",` + bad + `}]}`
}

func items(bad string) string {
	return `{"items":[{"id":"i0","title":"Good"},{"id":"i1",` + bad + `}]}`
}

// TestTextRefusedAlike posts NUL, invalid UTF-8 and oversize values in
// every kind of string field to a server over each store: each is a 400
// naming the field, and nothing of the batch is stored. Before, PostgreSQL
// answered 500 to NUL, SQLite stored it, invalid UTF-8 was stored as
// U+FFFD and a 1 MiB session id was accepted.
func TestTextRefusedAlike(t *testing.T) {
	bothStores(t, func(t *testing.T, ls *liveServer) {
		for _, c := range badText {
			status, e := ls.send(t, "POST", c.path, c.body)
			if status != http.StatusBadRequest || e.Code != shopmind.EINVALID || e.Field != c.field {
				t.Errorf("%s: status %d, code %q, field %q (%s); want 400 EINVALID naming %q", c.name, status, e.Code, e.Field, e.Message, c.field)
			}
		}
		// Single-entity doors, query parameters and path ids too.
		for _, c := range []struct{ method, path, body, field string }{
			{"PUT", "/v1/items/i9", `{"title":"T","attributes":{"k":"v\u0000"}}`, "attributes.k"},
			{"PUT", "/v1/items/i9", `{"title":"` + "\xff" + `"}`, "title"},
			{"PUT", "/v1/reviews/r9", `{"item_id":"i0","text":"x\u0000"}`, "text"},
			{"GET", "/v1/items?q=%00", "", "q"},
			{"GET", "/v1/items?q=%FF", "", "q"},
			{"GET", "/v1/items/%00", "", "path"},
			{"GET", "/v1/events?user_id=u%00", "", "user_id"},
		} {
			status, e := ls.send(t, c.method, c.path, c.body)
			if status != http.StatusBadRequest || e.Field != c.field {
				t.Errorf("%s %s: status %d, field %q (%s); want 400 naming %q", c.method, c.path, status, e.Field, e.Message, c.field)
			}
		}
		var st httpapi.Stats
		ls.call(t, "GET", "/v1/stats", ls.adminKey, nil, 200, &st)
		if st.Counts != (shopmind.Counts{}) {
			t.Errorf("after refused batches the store holds %+v, want nothing", st.Counts)
		}
		// Text that is fine is still taken: newlines, non-ASCII, the limits exactly.
		ok := fmt.Sprintf(`{"items":[{"id":"i0","title":"Café 鞋\nline","tags":[%q],"category":[%q]}]}`,
			strings.Repeat("t", shopmind.MaxTagLength), strings.Repeat("c", shopmind.MaxCategoryLevel))
		if status, e := ls.send(t, "POST", "/v1/items", ok); status != 200 {
			t.Errorf("good item: status %d, %+v", status, e)
		}
		ev := fmt.Sprintf(`{"events":[{"user_id":"u0","item_id":"i0","type":"view","time":%q,"session_id":%q}]}`,
			time.Now().UTC().Format(time.RFC3339), strings.Repeat("s", shopmind.MaxIDLength))
		if status, e := ls.send(t, "POST", "/v1/events", ev); status != 200 {
			t.Errorf("good event: status %d, %+v", status, e)
		}
	})
}

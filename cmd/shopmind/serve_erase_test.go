package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
)

// apiClient calls serve's API with JSON bodies.
type apiClient struct {
	t    *testing.T
	base string
}

func (c apiClient) do(method, path, key string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, raw
}

// ok calls do and fails unless the status is a 2xx; it decodes the body
// into v.
func (c apiClient) ok(method, path, key string, body, v any) {
	c.t.Helper()
	code, raw := c.do(method, path, key, body)
	if code < 200 || code >= 300 {
		c.t.Fatalf("%s %s: %d %s", method, path, code, raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		c.t.Fatalf("%s %s: %s: %v", method, path, raw, err)
	}
}

// must calls do and fails unless the status is want; it decodes the body
// into v when v is not nil.
func (c apiClient) must(method, path, key string, body any, want int, v any) {
	c.t.Helper()
	code, raw := c.do(method, path, key, body)
	if code != want {
		c.t.Fatalf("%s %s: %d %s, want %d", method, path, code, raw, want)
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			c.t.Fatalf("%s %s: %s: %v", method, path, raw, err)
		}
	}
}

// TestServeErasure is issue 12 item 3 through the API of serve on a demo
// shop: a shopper with personal data, events, an order, a review and a
// conversation in which they typed their e-mail is in the served model.
// A write key can neither erase, export nor delete them; an admin exports
// everything, then erases: afterwards nothing is exported, the user is
// gone, their recommendations are the popular list, the counts dropped by
// exactly their user and events, their order and review are kept without
// them, and neither their e-mail nor their id is left in the SQLite file
// or its WAL.
func TestServeErasure(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 150, Users: 100, Days: 40})
	const user, email = "zoe-erase-7f3a", "zoe.hartley.7f3a@example.org"
	// Zoe viewed and bought a few items of one category.
	now := time.Now().UTC().Add(-time.Hour)
	var events []map[string]any
	var cat []string
	for _, it := range shop.Items {
		if len(cat) == 0 || slices.Equal(it.Category[:1], cat) {
			cat = it.Category[:1]
			typ := []string{"view", "purchase", "view", "cart"}[len(events)%4]
			events = append(events, map[string]any{"user_id": user, "item_id": it.ID, "type": typ,
				"time": now.Add(-time.Duration(len(events)) * time.Hour).Format(time.RFC3339), "session_id": "sess-" + user})
			if len(events) == 8 {
				break
			}
		}
	}
	store := openEnvStore(t, env)
	evs := make([]*shopmind.Event, len(events))
	for i, e := range events {
		tm, _ := time.Parse(time.RFC3339, e["time"].(string))
		evs[i] = &shopmind.Event{UserID: user, ItemID: e["item_id"].(string), Type: shopmind.EventType(e["type"].(string)), Time: tm, SessionID: e["session_id"].(string)}
	}
	if _, err := store.AddEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	store.Close()
	if err := Run(ctx, env, []string{"train", "recommend", "--models", "hybrid,als"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	write := createKey(t, env, stdout, "shop", "write")
	admin := createKey(t, env, stdout, "owner", "admin")
	api := apiClient{t, strings.TrimSuffix(startServe(t, env, stdout), "/")}

	api.must("PUT", "/v1/users/"+user, write, map[string]any{"attributes": map[string]string{"segment": "vip"}}, 200, nil)
	api.must("PUT", "/v1/users/"+user+"/personal", admin, map[string]any{"email": email, "name": "Zoe Hartley", "phone": "+44 20 7946 0123", "address": "4 Elm Row, Leeds LS1 4AB"}, 200, nil)
	item := shop.Items[0].ID
	api.must("POST", "/v1/orders", write, map[string]any{"orders": []map[string]any{{"id": "O-ZOE-1", "user_id": user, "status": "paid",
		"lines": []map[string]any{{"item_id": item, "quantity": 1, "unit_price": 20}}, "created_at": now.Format(time.RFC3339)}}}, 200, nil)
	api.must("POST", "/v1/reviews", write, map[string]any{"reviews": []map[string]any{{"id": "R-ZOE-1", "item_id": item, "user_id": user,
		"rating": 5, "text": "Great value, arrived quickly", "created_at": now.Format(time.RFC3339)}}}, 200, nil)
	var conv shopmind.Conversation
	api.must("POST", "/v1/conversations", write, map[string]string{"user_id": user}, 201, &conv)
	api.must("POST", "/v1/conversations/"+conv.ID+"/messages", write, map[string]string{"text": "please write to " + email + " about my order"}, 200, nil)

	var recs shopmind.RecommendationList
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if code, raw := api.do("GET", "/v1/users/"+user+"/recommendations?n=10", write, nil); code == 200 {
			if err := json.Unmarshal(raw, &recs); err != nil {
				t.Fatal(err)
			}
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("no recommendations: %d %s", code, raw)
		}
	}
	if recs.ColdStart {
		t.Fatalf("before erasure the user gets cold-start recommendations: %+v", recs)
	}
	var before httpapi.Stats
	api.must("GET", "/v1/stats", admin, nil, 200, &before)

	// The OpenAPI document describes both routes.
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	api.must("GET", "/openapi.json", write, nil, 200, &doc)
	if doc.Paths["/v1/users/{id}/erase"]["post"] == nil || doc.Paths["/v1/users/{id}/export"]["get"] == nil {
		t.Errorf("OpenAPI document lacks the erase or export route")
	}
	// A write key can do none of it.
	for _, r := range []struct{ method, path string }{
		{"POST", "/v1/users/" + user + "/erase"}, {"GET", "/v1/users/" + user + "/export"}, {"DELETE", "/v1/users/" + user},
	} {
		if code, raw := api.do(r.method, r.path, write, nil); code != http.StatusForbidden {
			t.Errorf("write key %s %s: %d %s, want 403", r.method, r.path, code, raw)
		}
	}
	// Right of access.
	var x shopmind.UserExport
	api.must("GET", "/v1/users/"+user+"/export", admin, nil, 200, &x)
	if x.User == nil || x.Personal == nil || x.Personal.Email != email || len(x.Events) != len(events) || len(x.Orders) != 1 ||
		len(x.Reviews) != 1 || len(x.Conversations) != 1 || len(x.Conversations[0].Messages) != 2 {
		t.Fatalf("export: user %v, personal %v, %d events (want %d), %d orders, %d reviews, %d conversations",
			x.User != nil, x.Personal, len(x.Events), len(events), len(x.Orders), len(x.Reviews), len(x.Conversations))
	}

	// Erasure.
	var er shopmind.Erasure
	api.must("POST", "/v1/users/"+user+"/erase", admin, nil, 200, &er)
	if !er.User || !er.Personal || er.EventsMode != shopmind.EraseEventsDelete || er.Events != int64(len(events)) || er.Orders != 1 ||
		er.Reviews != 1 || er.Conversations != 1 || er.Messages != 2 || !er.Compacted {
		t.Errorf("erasure report: %+v", er)
	}
	if !slices.Contains(er.Models, "recommend/hybrid v1 (served)") || !slices.Contains(er.Models, "recommend/als v1 (stored, deleted)") &&
		!slices.ContainsFunc(er.Models, func(s string) bool { return strings.HasPrefix(s, "recommend/als v1") }) {
		t.Errorf("models erased from: %q", er.Models)
	}

	if code, raw := api.do("GET", "/v1/users/"+user+"/export", admin, nil); code != http.StatusNotFound {
		t.Errorf("export after erasure: %d %s, want 404", code, raw)
	}
	if code, _ := api.do("GET", "/v1/users/"+user, admin, nil); code != http.StatusNotFound {
		t.Errorf("user after erasure: %d, want 404", code)
	}
	if code, _ := api.do("GET", "/v1/conversations/"+conv.ID, admin, nil); code != http.StatusNotFound {
		t.Errorf("conversation after erasure: %d, want 404", code)
	}
	var after, popular shopmind.RecommendationList
	api.must("GET", "/v1/users/"+user+"/recommendations?n=10", write, nil, 200, &after)
	api.must("GET", "/v1/popular?n=10", write, nil, 200, &popular)
	if !after.ColdStart || !slices.Equal(recIDs(after), recIDs(popular)) {
		t.Errorf("recommendations after erasure: cold %v %v, popular %v", after.ColdStart, recIDs(after), recIDs(popular))
	}
	var stats httpapi.Stats
	api.must("GET", "/v1/stats", admin, nil, 200, &stats)
	want := before.Counts // users: the user out, the order's anonymous user in
	want.Events -= int64(len(events))
	if stats.Counts.Items != want.Items || stats.Counts.Users != want.Users || stats.Counts.Events != want.Events ||
		stats.Counts.Orders != want.Orders || stats.Counts.Reviews != want.Reviews {
		t.Errorf("counts after erasure %+v, want %+v", stats.Counts, want)
	}
	var order shopmind.Order
	api.must("GET", "/v1/orders/O-ZOE-1", admin, nil, 200, &order)
	if order.UserID == user || !strings.HasPrefix(order.UserID, "anon-") {
		t.Errorf("order kept under %q, want a pseudonym", order.UserID)
	}
	var anon shopmind.User
	api.must("GET", "/v1/users/"+order.UserID, admin, nil, 200, &anon)
	if len(anon.Attributes) != 0 {
		t.Errorf("the pseudonym user has attributes: %+v", anon)
	}
	var review shopmind.Review
	api.must("GET", "/v1/reviews/R-ZOE-1", admin, nil, 200, &review)
	if review.UserID != "" || review.Text != "Great value, arrived quickly" {
		t.Errorf("review after erasure: %+v", review)
	}
	// The audit log records who exported and erased, and the refusals.
	var audit httpapi.AuditList
	api.must("GET", "/v1/audit?limit=1000", admin, nil, 200, &audit)
	seen := map[string]int{}
	for _, e := range audit.Entries {
		if e.Target == "user/"+user {
			seen[string(e.Action)+" "+e.Outcome]++
		}
	}
	for _, want := range []string{"user.export ok", "user.erase ok", "user.erase forbidden"} {
		if seen[want] != 1 {
			t.Errorf("audit log: %q recorded %d times, want once (%v)", want, seen[want], seen)
		}
	}
	// A second erasure finds nothing.
	if code, raw := api.do("POST", "/v1/users/"+user+"/erase", admin, nil); code != http.StatusNotFound {
		t.Errorf("second erasure: %d %s, want 404", code, raw)
	}

	// The bytes are gone from the database file and its WAL.
	cfg, err := loadConfig(env, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{cfg.Store.Path, cfg.Store.Path + "-wal"} {
		raw, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, secret := range []string{email, "Zoe Hartley", "Elm Row", "7946 0123", "sess-" + user} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("%s still holds %q", path, secret)
			}
		}
	}
	// No stored model names the user any more (the audit log may: it
	// records the erasure itself).
	store = openEnvStore(t, env)
	defer store.Close()
	models, err := store.Models(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, meta := range models {
		list, err := store.Models(ctx, meta.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range list {
			m, err := store.Model(ctx, v.Name, v.Version)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(m.Data, []byte(user)) {
				t.Errorf("stored model %s v%d still holds the user's id", m.Name, m.Version)
			}
		}
	}
}

func recIDs(l shopmind.RecommendationList) []string {
	out := []string{}
	for _, r := range l.Items {
		out = append(out, r.ItemID)
	}
	return out
}

// TestUsersCommand erases and exports through the CLI.
func TestUsersCommand(t *testing.T) {
	env, stdout, _ := testEnv(t)
	ctx := context.Background()
	store := openEnvStore(t, env)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.UpsertUsers(ctx, []*shopmind.User{{ID: "u1"}}))
	must(store.SetUserPersonal(ctx, &shopmind.UserPersonal{UserID: "u1", Email: "u1@example.org"}))
	_, err := store.AddEvents(ctx, []*shopmind.Event{{UserID: "u1", ItemID: "i1", Type: shopmind.EventView, Time: time.Now().Add(-time.Hour)}})
	must(err)
	store.Close()

	run := func(args ...string) string {
		t.Helper()
		n := len(stdout.String())
		must(Run(ctx, env, args))
		return stdout.String()[n:]
	}
	out := run("users", "export", "u1")
	var x shopmind.UserExport
	if err := json.Unmarshal([]byte(out), &x); err != nil || x.Personal == nil || x.Personal.Email != "u1@example.org" || len(x.Events) != 1 {
		t.Fatalf("export: %v %s", err, out)
	}
	out = run("users", "erase", "u1", "-config", "")
	var er shopmind.Erasure
	if err := json.Unmarshal([]byte(out), &er); err != nil || !er.User || er.Events != 1 || !er.Compacted {
		t.Fatalf("erase: %v %s", err, out)
	}
	if err := Run(ctx, env, []string{"users", "export", "u1"}); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Errorf("export after erase: %v, want ENOTFOUND", err)
	}
	store = openEnvStore(t, env)
	entries, _, err := store.AuditEntries(ctx, shopmind.AuditFilter{Target: "user/u1"})
	store.Close()
	must(err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Actor+" "+string(e.Action)+" "+e.Outcome)
	}
	slices.Sort(got)
	if want := []string{"cli user.erase ok", "cli user.export not_found", "cli user.export ok"}; !slices.Equal(got, want) {
		t.Errorf("audit log %q, want %q", got, want)
	}
	if err := Run(ctx, env, []string{"users", "erase"}); err == nil {
		t.Error("erase without an id accepted")
	}
	if err := Run(ctx, env, []string{"users", "shred", "u1"}); err == nil {
		t.Error("unknown subcommand accepted")
	}
}

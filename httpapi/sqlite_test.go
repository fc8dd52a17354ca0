package httpapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/sqlite"
	"github.com/shopmind/shopmind/vision"
)

// liveServer is an httpapi server over a SQLite store on a loopback
// listener, with an admin key.
type liveServer struct {
	url      string
	adminKey string
	client   *http.Client
}

func startLive(tb testing.TB, path string) *liveServer {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	return serveLive(tb, db, func() { db.Close() })
}

// serveLive serves db as startLive does and calls closeDB after the server
// has stopped.
func serveLive(tb testing.TB, db shopmind.Store, closeDB func()) *liveServer {
	tb.Helper()
	return serveLiveWith(tb, db, closeDB, nil)
}

// serveLiveWith serves db as serveLive does, with mount adding routes
// (capabilities' Handle* methods) first when it is not nil.
func serveLiveWith(tb testing.TB, db shopmind.Store, closeDB func(), mount func(*httpapi.Server)) *liveServer {
	tb.Helper()
	ctx := context.Background()
	secret, key, err := shopmind.NewAPIKey(rand.Reader, "bootstrap", shopmind.RoleAdmin, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.CreateKey(ctx, key); err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := httpapi.NewServer(db, httpapi.Options{Registry: prometheus.NewRegistry(), Version: "test", ImageDecoder: vision.NewDecoder(vision.DecoderOptions{})})
	if mount != nil {
		mount(s)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Serve(sctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("serve: %v", err)
		}
		closeDB()
	})
	return &liveServer{url: "http://" + ln.Addr().String(), adminKey: secret, client: &http.Client{Timeout: time.Minute}}
}

// call sends a request and decodes a JSON response into out (when not
// nil), failing the test unless the status is want.
func (ls *liveServer) call(tb testing.TB, method, path, key string, body any, want int, out any) {
	tb.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, ls.url+path, r)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if _, ok := body.([]byte); ok {
		req.Header.Set("Content-Type", "image/png")
	}
	resp, err := ls.client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if resp.StatusCode != want {
		tb.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			tb.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}

func TestSQLiteFlow(t *testing.T) {
	ls := startLive(t, ":memory:")
	admin := ls.adminKey

	// Keys: the admin makes a write and a read key.
	var wk, rk httpapi.NewKey
	ls.call(t, "POST", "/v1/keys", admin, map[string]string{"name": "loader", "role": "write"}, 201, &wk)
	ls.call(t, "POST", "/v1/keys", admin, map[string]string{"name": "console", "role": "read"}, 201, &rk)
	var me httpapi.Me
	ls.call(t, "GET", "/v1/me", rk.Key, nil, 200, &me)
	if me.ID != rk.ID || me.Role != shopmind.RoleRead {
		t.Fatalf("me = %+v", me)
	}

	// Items: a batch of 250, one PUT, then list through the cursor.
	var items []*shopmind.Item
	for i := range 250 {
		items = append(items, &shopmind.Item{ID: fmt.Sprintf("sku-%03d", i), Title: fmt.Sprintf("Item %d", i),
			Price: float64(i), Stock: i % 3, Active: true, Category: []string{"Shoes"}})
	}
	var up httpapi.Upserted
	ls.call(t, "POST", "/v1/items", wk.Key, map[string]any{"items": items}, 200, &up)
	if up.Upserted != 250 {
		t.Fatalf("upserted %d", up.Upserted)
	}
	var put shopmind.Item
	ls.call(t, "PUT", "/v1/items/"+url.PathEscape("special/1"), wk.Key, map[string]any{"title": "Special", "price": 5}, 200, &put)
	if put.ID != "special/1" || put.CreatedAt.IsZero() {
		t.Fatalf("put item = %+v", put)
	}
	var ids []string
	for after, pages := "", 0; ; pages++ {
		var list httpapi.ItemList
		ls.call(t, "GET", "/v1/items?limit=100&after="+url.QueryEscape(after), rk.Key, nil, 200, &list)
		for _, it := range list.Items {
			ids = append(ids, it.ID)
		}
		if list.Next == "" {
			if pages != 2 {
				t.Errorf("%d pages, want 3", pages+1)
			}
			break
		}
		after = list.Next
	}
	if len(ids) != 251 || ids[0] != "sku-000" || ids[250] != "special/1" {
		t.Fatalf("listed %d items: first %v last %v", len(ids), ids[:1], ids[len(ids)-1:])
	}
	var inStock httpapi.ItemList
	ls.call(t, "GET", "/v1/items?in_stock=true&max_price=10&limit=1000", rk.Key, nil, 200, &inStock)
	if len(inStock.Items) != 7 { // sku-001,002,004,005,007,008,010
		t.Errorf("in stock and price <= 10: %d items, want 7", len(inStock.Items))
	}

	// Events: ingest twice, the second time nothing is new.
	now := time.Now().UTC().Truncate(time.Second)
	var events []map[string]any
	for i := range 30 {
		events = append(events, map[string]any{"user_id": fmt.Sprintf("u%d", i%3), "item_id": fmt.Sprintf("sku-%03d", i),
			"type": "view", "time": now.Add(-time.Duration(i) * time.Hour)})
	}
	for _, want := range []httpapi.Ingested{{Received: 30, Stored: 30}, {Received: 30, Stored: 0}} {
		var got httpapi.Ingested
		ls.call(t, "POST", "/v1/events", wk.Key, map[string]any{"events": events}, 200, &got)
		if got != want {
			t.Fatalf("ingest = %+v, want %+v", got, want)
		}
	}
	ls.call(t, "POST", "/v1/events", rk.Key, map[string]any{"events": events}, 403, nil)
	var evPage httpapi.EventList
	ls.call(t, "GET", "/v1/events?user_id=u1&limit=4", rk.Key, nil, 200, &evPage)
	if len(evPage.Events) != 4 || evPage.Next == "" {
		t.Fatalf("events page: %d events, next %q", len(evPage.Events), evPage.Next)
	}
	var evRest httpapi.EventList
	ls.call(t, "GET", "/v1/events?user_id=u1&limit=100&after="+url.QueryEscape(evPage.Next), rk.Key, nil, 200, &evRest)
	if len(evRest.Events) != 6 || evRest.Next != "" {
		t.Fatalf("events rest: %d events, next %q; want 6 and none", len(evRest.Events), evRest.Next)
	}
	var recent httpapi.EventList
	ls.call(t, "GET", "/v1/users/u0/events?limit=2", rk.Key, nil, 200, &recent)
	if len(recent.Events) != 2 || !recent.Events[0].Time.After(recent.Events[1].Time) || !recent.Events[0].Time.Equal(now) {
		t.Fatalf("recent events of u0: %+v", recent.Events)
	}

	// Users and personal data.
	ls.call(t, "PUT", "/v1/users/u0", wk.Key, map[string]any{"attributes": map[string]string{"country": "NZ"}}, 200, nil)
	ls.call(t, "PUT", "/v1/users/u0/personal", wk.Key, map[string]any{"email": "a@example.com"}, 403, nil)
	ls.call(t, "PUT", "/v1/users/u0/personal", admin, map[string]any{"email": "a@example.com"}, 200, nil)
	var p shopmind.UserPersonal
	ls.call(t, "GET", "/v1/users/u0/personal", admin, nil, 200, &p)
	if p.Email != "a@example.com" || p.UserID != "u0" {
		t.Fatalf("personal = %+v", p)
	}
	ls.call(t, "DELETE", "/v1/users/u0/personal", admin, nil, 204, nil)
	ls.call(t, "GET", "/v1/users/u0/personal", admin, nil, 404, nil)

	// Orders, reviews, images.
	order := map[string]any{"id": "o1", "user_id": "u0", "status": "paid", "total": 20,
		"lines": []map[string]any{{"item_id": "sku-001", "quantity": 2, "unit_price": 10}}}
	ls.call(t, "POST", "/v1/orders", wk.Key, map[string]any{"orders": []any{order}}, 200, nil)
	var o shopmind.Order
	ls.call(t, "GET", "/v1/orders/o1", rk.Key, nil, 200, &o)
	if len(o.Lines) != 1 || o.Status != shopmind.OrderPaid || len(o.History) != 1 {
		t.Fatalf("order = %+v", o)
	}
	ls.call(t, "PUT", "/v1/reviews/r1", wk.Key, map[string]any{"item_id": "sku-001", "rating": 4, "text": "Comfy."}, 200, nil)
	var reviews httpapi.ReviewList
	ls.call(t, "GET", "/v1/reviews?item_id=sku-001", rk.Key, nil, 200, &reviews)
	if len(reviews.Reviews) != 1 || reviews.Reviews[0].Rating != 4 {
		t.Fatalf("reviews = %+v", reviews)
	}
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2)))
	var img shopmind.Image
	ls.call(t, "POST", "/v1/images", wk.Key, buf.Bytes(), 200, &img)
	if img.Width != 3 || img.Height != 2 || img.Hash != shopmind.ImageHash(buf.Bytes()) {
		t.Fatalf("image = %+v", img)
	}

	// Stats see everything.
	var st httpapi.Stats
	ls.call(t, "GET", "/v1/stats?days=3", rk.Key, nil, 200, &st)
	want := shopmind.Counts{Items: 251, Users: 1, Events: 30, Orders: 1, Reviews: 1, Images: 1}
	if st.Counts != want || len(st.EventsPerDay) != 3 {
		t.Fatalf("stats = %+v, want counts %+v over 3 days", st, want)
	}
	var total int64
	for _, d := range st.EventsPerDay {
		total += d.Count
	}
	if total == 0 || total > 30 || st.EventsPerDay[2].Day != now.Format(time.DateOnly) {
		t.Fatalf("events_per_day = %+v", st.EventsPerDay)
	}

	// Revoking a key locks it out; models and keys list.
	ls.call(t, "DELETE", "/v1/keys/"+wk.ID, admin, nil, 204, nil)
	ls.call(t, "POST", "/v1/events", wk.Key, map[string]any{"events": events}, 401, nil)
	var keys httpapi.KeyList
	ls.call(t, "GET", "/v1/keys", admin, nil, 200, &keys)
	if len(keys.Keys) != 2 {
		t.Fatalf("keys = %+v, want bootstrap and console", keys.Keys)
	}
	var models httpapi.ModelList
	ls.call(t, "GET", "/v1/models", rk.Key, nil, 200, &models)
	if models.Models == nil || len(models.Models) != 0 {
		t.Fatalf("models = %+v, want []", models.Models)
	}
}

// BenchmarkIngestEvents posts batches of 1,000 distinct events through a
// loopback listener to a server over a SQLite file (WAL) and reports
// events/s. Run: go test -run '^$' -bench IngestEvents ./httpapi
func BenchmarkIngestEvents(b *testing.B) {
	const batch = 1000
	ls := startLive(b, filepath.Join(b.TempDir(), "bench.db"))
	var wk httpapi.NewKey
	ls.call(b, "POST", "/v1/keys", ls.adminKey, map[string]string{"name": "bench", "role": "write"}, 201, &wk)

	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	bodies := make([][]byte, b.N)
	for n := range bodies {
		var sb strings.Builder
		sb.WriteString(`{"events":[`)
		for j := range batch {
			if j > 0 {
				sb.WriteByte(',')
			}
			k := n*batch + j
			fmt.Fprintf(&sb, `{"user_id":"u%d","item_id":"i%d","type":"%s","time":"%s"}`,
				k%5000, (k*7919)%20000, shopmind.EventTypes[k%4], t0.Add(time.Duration(k)*time.Second).Format(time.RFC3339))
		}
		sb.WriteString(`]}`)
		bodies[n] = []byte(sb.String())
	}
	b.SetBytes(int64(len(bodies[0])))
	b.ResetTimer()
	for n := range b.N {
		req, _ := http.NewRequest("POST", ls.url+"/v1/events", bytes.NewReader(bodies[n]))
		req.Header.Set("Authorization", "Bearer "+wk.Key)
		resp, err := ls.client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var got httpapi.Ingested
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || got.Stored != batch {
			b.Fatalf("batch %d: status %d, %+v, %v", n, resp.StatusCode, got, err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
}

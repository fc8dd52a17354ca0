package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
)

func TestIngestEvents(t *testing.T) {
	store := newMockStore()
	seen := map[string]bool{}
	store.AddEventsFn = func(_ context.Context, events []*shopmind.Event) (int, error) {
		n := 0
		for _, e := range events {
			if e.ID == "" {
				return 0, fmt.Errorf("event without id reached the store")
			}
			if !seen[e.ID] {
				seen[e.ID], n = true, n+1
			}
		}
		return n, nil
	}
	reg := prometheus.NewRegistry()
	h := NewServer(store, Options{Registry: reg}).Handler()
	body := `{"events":[
		{"user_id":"u1","item_id":"i1","type":"view","time":"2026-11-01T10:00:00Z"},
		{"user_id":"u1","item_id":"i1","type":"purchase","value":2,"time":"2026-11-01T10:05:00Z"},
		{"id":"explicit-1","user_id":"u2","item_id":"i2","type":"rating","value":5,"time":"2026-11-02T09:00:00+02:00"}]}`

	for i, want := range []Ingested{{Received: 3, Stored: 3}, {Received: 3, Stored: 0}} {
		rec := request{method: "POST", path: "/v1/events", key: writeKey, body: body}.do(t, h)
		var got Ingested
		decodeBody(t, rec, &got)
		if rec.Code != 200 || got != want {
			t.Fatalf("post %d: status %d, got %+v, want %+v", i, rec.Code, got, want)
		}
	}
	if !seen["explicit-1"] {
		t.Error("explicit event id was not kept")
	}
	rec := request{method: "GET", path: "/metrics", key: readKey}.do(t, h)
	for _, want := range []string{
		`shopmind_events_ingested_total{result="stored"} 3`,
		`shopmind_events_ingested_total{result="duplicate"} 3`,
		`shopmind_http_requests_total{route="POST /v1/events",status="200"} 2`,
		`shopmind_http_request_duration_seconds_count{route="POST /v1/events",status="200"} 2`,
		"go_goroutines", "process_cpu_seconds_total",
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestEventsQuery(t *testing.T) {
	store := newMockStore()
	var got shopmind.EventFilter
	store.EventsFn = func(_ context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error) {
		got = f
		return nil, "", nil
	}
	h := newTestServer(t, store).Handler()
	rec := request{method: "GET", path: "/v1/events?user_id=u1&type=cart&since=2026-11-01T00:00:00Z&until=2026-11-02T00:00:00%2B01:00&limit=5&after=c1", key: readKey}.do(t, h)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	want := shopmind.EventFilter{UserID: "u1", Type: shopmind.EventCart, Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Until: time.Date(2026, 11, 1, 23, 0, 0, 0, time.UTC), After: "c1", Limit: 5}
	if got.UserID != want.UserID || got.Type != want.Type || !got.Since.Equal(want.Since) || !got.Until.Equal(want.Until) ||
		got.After != want.After || got.Limit != want.Limit {
		t.Fatalf("filter = %+v, want %+v", got, want)
	}
	for _, q := range []string{"type=teleport", "since=yesterday", "until=2026-11-01"} {
		rec := request{method: "GET", path: "/v1/events?" + q, key: readKey}.do(t, h)
		field, _, _ := strings.Cut(q, "=")
		if e := decodeError(t, rec); rec.Code != 400 || e.Field != field {
			t.Errorf("%s: got %d %+v, want 400 on %s", q, rec.Code, e, field)
		}
	}
}

func TestUserEventsNewestFirst(t *testing.T) {
	store := newMockStore()
	var all []*shopmind.Event
	for i := range 2500 {
		all = append(all, &shopmind.Event{ID: fmt.Sprintf("e%04d", i), UserID: "u1", ItemID: "i", Type: "view",
			Time: testNow.Add(time.Duration(i) * time.Minute)})
	}
	var calls, asked int
	store.UserEventsFn = func(_ context.Context, userID string, limit int) ([]*shopmind.Event, error) {
		calls++
		asked = limit
		if userID != "u1" {
			return nil, nil
		}
		var out []*shopmind.Event
		for i := len(all) - 1; i >= 0 && len(out) < limit; i-- {
			out = append(out, all[i])
		}
		return out, nil
	}
	h := newTestServer(t, store).Handler()
	tests := []struct {
		limit string
		ask   int
		want  []string
	}{
		{"3", 3, []string{"e2499", "e2498", "e2497"}},
		{"1", 1, []string{"e2499"}},
		{"", shopmind.DefaultLimit, nil},
	}
	for _, tt := range tests {
		calls = 0
		rec := request{method: "GET", path: "/v1/users/u1/events?limit=" + tt.limit, key: readKey}.do(t, h)
		var list EventList
		decodeBody(t, rec, &list)
		var ids []string
		for _, e := range list.Events {
			ids = append(ids, e.ID)
		}
		if tt.want != nil && fmt.Sprint(ids) != fmt.Sprint(tt.want) {
			t.Fatalf("limit %q: ids %v, want %v", tt.limit, ids, tt.want)
		}
		if calls != 1 || asked != tt.ask || len(ids) != tt.ask {
			t.Fatalf("limit %q: %d store calls asking for %d, %d events; want 1 call for %d", tt.limit, calls, asked, len(ids), tt.ask)
		}
	}
	rec := request{method: "GET", path: "/v1/users/nobody/events", key: readKey}.do(t, h)
	if rec.Code != 200 || rec.Body.String() != "{\"events\":[],\"next\":\"\"}\n" {
		t.Fatalf("unknown user: %d %q", rec.Code, rec.Body)
	}
	rec = request{method: "GET", path: "/v1/users/u1/events?limit=0", key: readKey}.do(t, h)
	if e := decodeError(t, rec); rec.Code != 400 || e.Field != "limit" {
		t.Fatalf("limit=0: %d %+v, want 400 on limit", rec.Code, e)
	}
}

// BenchmarkIngestHandler measures the API layer alone on batches of 1,000
// events: authentication, strict decoding and validation, with a store that
// keeps nothing. Compare with BenchmarkIngestEvents (SQLite, loopback).
func BenchmarkIngestHandler(b *testing.B) {
	store := newMockStore()
	store.AddEventsFn = func(_ context.Context, ev []*shopmind.Event) (int, error) { return len(ev), nil }
	h := NewServer(store, Options{Registry: prometheus.NewRegistry()}).Handler()
	var sb strings.Builder
	sb.WriteString(`{"events":[`)
	for j := range 1000 {
		if j > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"user_id":"u%d","item_id":"i%d","type":"view","time":"2026-11-01T10:%02d:%02dZ"}`, j%50, j, j/60%60, j%60)
	}
	sb.WriteString(`]}`)
	body := sb.String()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if rec := (request{method: "POST", path: "/v1/events", key: writeKey, body: body}).do(b, h); rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "events/s")
}

// An event dated beyond the skew after the server's clock is refused with
// 400 naming its time, and nothing of the batch is stored.
func TestIngestEventsFutureTime(t *testing.T) {
	store := newMockStore()
	store.AddEventsFn = func(_ context.Context, events []*shopmind.Event) (int, error) { return len(events), nil }
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		skew  time.Duration
		at    string
		field string
	}{
		{"OKWithinDefault", 0, "2026-11-28T09:00:00Z", ""},
		{"ErrBeyondDefault", 0, "2026-11-28T10:00:01Z", "events[1].time"},
		{"ErrYear3000", 0, "3000-01-01T00:00:00Z", "events[1].time"},
		{"ErrBeyondOneHour", time.Hour, "2026-11-27T11:30:00Z", "events[1].time"},
		{"OKBackDated", time.Hour, "2020-01-01T00:00:00Z", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			store.AddEventsFn = func(_ context.Context, events []*shopmind.Event) (int, error) { calls++; return len(events), nil }
			h := NewServer(store, Options{Now: func() time.Time { return now }, EventSkew: tt.skew, Registry: prometheus.NewRegistry()}).Handler()
			body := `{"events":[{"user_id":"u1","item_id":"i1","type":"view","time":"2026-11-27T09:00:00Z"},
				{"user_id":"u1","item_id":"i2","type":"view","time":"` + tt.at + `"}]}`
			rec := request{method: "POST", path: "/v1/events", key: writeKey, body: body}.do(t, h)
			if tt.field == "" {
				if rec.Code != 200 || calls != 1 {
					t.Fatalf("status %d, %d store calls: %s", rec.Code, calls, rec.Body)
				}
				return
			}
			if e := decodeError(t, rec); rec.Code != 400 || e.Field != tt.field || calls != 0 {
				t.Fatalf("status %d, %+v, %d store calls; want 400 naming %s", rec.Code, e, calls, tt.field)
			}
		})
	}
}

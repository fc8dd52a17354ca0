package httpapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
)

func TestRouting(t *testing.T) {
	s := newTestServer(t, newMockStore())
	s.Console = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "console "+r.URL.Path)
	})
	h := s.Handler()
	tests := []struct {
		name, method, path string
		status             int
		body               string // substring
		allow              string
	}{
		{"ConsoleRoot", "GET", "/", 200, "console /", ""},
		{"ConsolePage", "GET", "/items/abc", 200, "console /items/abc", ""},
		{"UnknownAPIPath", "GET", "/v1/nothing", 404, `"code":"not_found"`, ""},
		{"WrongMethod", "PATCH", "/v1/items", 405, `"code":"invalid"`, "GET, HEAD, POST"},
		{"Healthz", "GET", "/healthz", 200, `"status":"ok"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: tt.method, path: tt.path, key: readKey}.do(t, h)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) || rec.Header().Get("Allow") != tt.allow {
				t.Fatalf("got %d %q Allow %q; want %d containing %q, Allow %q", rec.Code, rec.Body, rec.Header().Get("Allow"), tt.status, tt.body, tt.allow)
			}
		})
	}
	s.Console = nil
	if rec := (request{method: "GET", path: "/"}).do(t, h); rec.Code != 404 || !strings.Contains(rec.Body.String(), "not_found") {
		t.Fatalf("without console: GET / = %d %q, want JSON 404", rec.Code, rec.Body)
	}
}

func TestInternalErrors(t *testing.T) {
	var logs bytes.Buffer
	store := newMockStore()
	store.ItemFn = func(context.Context, string) (*shopmind.Item, error) {
		return nil, errors.New("disk on fire at /var/lib/secret.db")
	}
	store.UserFn = func(context.Context, string) (*shopmind.User, error) { panic("boom") }
	s := NewServer(store, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Registry: prometheus.NewRegistry()})
	h := s.Handler()

	for _, path := range []string{"/v1/items/a", "/v1/users/a"} {
		rec := request{method: "GET", path: path, key: readKey}.do(t, h)
		e := decodeError(t, rec)
		if rec.Code != 500 || e.Code != shopmind.EINTERNAL || e.Message != "Internal error." {
			t.Fatalf("%s: got %d %+v, want 500 Internal error.", path, rec.Code, e)
		}
	}
	for _, want := range []string{"disk on fire", "panic", "boom", "status=500"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

func TestReady(t *testing.T) {
	store := newMockStore()
	var pingErr error
	store.PingFn = func(context.Context) error { return pingErr }
	h := newTestServer(t, store).Handler()
	if rec := (request{method: "GET", path: "/readyz"}).do(t, h); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"ready"`) {
		t.Fatalf("ready: %d %s", rec.Code, rec.Body)
	}
	pingErr = errors.New("connection refused")
	rec := request{method: "GET", path: "/readyz"}.do(t, h)
	if e := decodeError(t, rec); rec.Code != 503 || e.Code != shopmind.EUNAVAILABLE {
		t.Fatalf("not ready: %d %+v", rec.Code, e)
	}
}

func TestStats(t *testing.T) {
	store := newMockStore()
	var since, until time.Time
	store.CountsFn = func(context.Context) (shopmind.Counts, error) { return shopmind.Counts{Items: 4, Events: 9}, nil }
	span := shopmind.Span{First: time.Date(1997, 9, 22, 1, 2, 3, 0, time.UTC), Last: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	store.EventSpanFn = func(context.Context) (shopmind.Span, error) { return span, nil }
	store.EventsPerDayFn = func(_ context.Context, s, u time.Time) ([]shopmind.DayCount, error) {
		since, until = s, u
		return []shopmind.DayCount{{Day: "2026-11-25", Count: 2}, {Day: "2026-11-27", Count: 7}}, nil
	}
	h := newTestServer(t, store).Handler() // now is 2026-11-27 15:30 UTC
	rec := request{method: "GET", path: "/v1/stats?days=4", key: readKey}.do(t, h)
	var st Stats
	decodeBody(t, rec, &st)
	want := []shopmind.DayCount{{Day: "2026-11-24"}, {Day: "2026-11-25", Count: 2}, {Day: "2026-11-26"}, {Day: "2026-11-27", Count: 7}}
	if st.Counts.Items != 4 || st.Counts.Events != 9 || len(st.EventsPerDay) != 4 {
		t.Fatalf("stats = %+v", st)
	}
	for i := range want {
		if st.EventsPerDay[i] != want[i] {
			t.Fatalf("events_per_day = %v, want %v", st.EventsPerDay, want)
		}
	}
	if !since.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) || !until.Equal(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("window [%v, %v)", since, until)
	}
	if st.EventSpan == nil || *st.EventSpan != span {
		t.Fatalf("event_span = %v, want %v", st.EventSpan, span)
	}
	store.EventSpanFn = func(context.Context) (shopmind.Span, error) { return shopmind.Span{}, nil }
	st = Stats{}
	decodeBody(t, request{method: "GET", path: "/v1/stats?days=4", key: readKey}.do(t, h), &st)
	if st.EventSpan != nil {
		t.Fatalf("no events: event_span = %v, want none", st.EventSpan)
	}
	if rec := (request{method: "GET", path: "/v1/stats?days=0", key: readKey}).do(t, h); rec.Code != 400 {
		t.Fatalf("days=0: status %d", rec.Code)
	}
}

func TestServeGracefulShutdown(t *testing.T) {
	store := newMockStore()
	started := make(chan struct{})
	release := make(chan struct{})
	store.ItemFn = func(_ context.Context, id string) (*shopmind.Item, error) {
		close(started)
		<-release
		return &shopmind.Item{ID: id, Title: "slow"}, nil
	}
	s := newTestServer(t, store)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/v1/items/a", nil)
		req.Header.Set("Authorization", "Bearer "+readKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-started
	cancel() // shut down while the request is in flight
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v before the in-flight request finished", err)
	default:
	}
	close(release)
	if r := <-got; r.err != nil || r.status != 200 || !strings.Contains(r.body, "slow") {
		t.Fatalf("in-flight request: %+v", r)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve = %v, want nil", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Fatal("listener still accepts connections")
	}
}

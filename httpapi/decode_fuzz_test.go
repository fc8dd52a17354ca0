package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
)

// fuzzStore is a mock store that keeps what the write routes hand it, so a
// fuzz target can check it, and answers reads with what it kept.
type fuzzStore struct {
	items    []*shopmind.Item
	users    []*shopmind.User
	personal []*shopmind.UserPersonal
	reviews  []*shopmind.Review
	events   []*shopmind.Event
}

func (fs *fuzzStore) reset() { *fs = fuzzStore{} }

func newFuzzServer(fs *fuzzStore) http.Handler {
	st := newMockStore()
	st.UpsertItemsFn = func(_ context.Context, v []*shopmind.Item) error { fs.items = append(fs.items, v...); return nil }
	st.ItemFn = func(_ context.Context, id string) (*shopmind.Item, error) {
		return &shopmind.Item{ID: id, Title: "stored"}, nil
	}
	st.ItemsFn = func(context.Context, shopmind.ItemFilter) ([]*shopmind.Item, string, error) { return nil, "", nil }
	st.UpsertUsersFn = func(_ context.Context, v []*shopmind.User) error { fs.users = append(fs.users, v...); return nil }
	st.UserFn = func(_ context.Context, id string) (*shopmind.User, error) { return &shopmind.User{ID: id}, nil }
	st.SetUserPersonalFn = func(_ context.Context, p *shopmind.UserPersonal) error {
		fs.personal = append(fs.personal, p)
		return nil
	}
	st.UpsertReviewsFn = func(_ context.Context, v []*shopmind.Review) error { fs.reviews = append(fs.reviews, v...); return nil }
	st.ReviewFn = func(_ context.Context, id string) (*shopmind.Review, error) {
		return &shopmind.Review{ID: id, ItemID: "a", Rating: 5}, nil
	}
	st.AddEventsFn = func(_ context.Context, v []*shopmind.Event) (int, error) {
		fs.events = append(fs.events, v...)
		return len(v), nil
	}
	// The clock stands still, so rate limits would never refill: they are
	// off here (ratelimit_test.go tests them); the fuzzer checks decoding.
	s := NewServer(st, Options{MaxBodyBytes: 64 << 10, Now: func() time.Time { return testNow }, Registry: prometheus.NewRegistry(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), KeyRequestsPerSecond: -1, AuthFailuresPerMinute: -1})
	return s.Handler()
}

// fuzzRoutes are the JSON write routes FuzzDecodeJSON sends bodies to.
var fuzzRoutes = []struct{ method, path string }{
	{"PUT", "/v1/items/a"}, {"POST", "/v1/items"}, {"POST", "/v1/events"}, {"PUT", "/v1/users/u1"},
	{"POST", "/v1/users"}, {"PUT", "/v1/users/u1/personal"}, {"PUT", "/v1/reviews/r1"}, {"POST", "/v1/reviews"},
}

// roundTrips checks that v, decoded from a request, encodes to JSON that
// the strict decoder reads back to the same encoding.
func roundTrips[T any](t *testing.T, what string, v *T) {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s accepted but cannot be encoded: %v", what, err)
	}
	back := new(T)
	if err := unmarshalStrict(b, back, ""); err != nil {
		t.Fatalf("%s %s accepted but its encoding is refused: %v", what, b, err)
	}
	if b2, _ := json.Marshal(back); !bytes.Equal(b, b2) {
		t.Fatalf("%s does not round-trip:\n%s\n%s", what, b, b2)
	}
}

// FuzzDecodeJSON sends arbitrary bodies to the JSON write routes through
// the whole handler. No body gives a 5xx; a refusal is a JSON error with a
// 4xx code ("invalid" for 400, "too_large" for 413) and, for an invalid
// element of a batch, a field naming it; what reaches the store passes
// Validate and round-trips through JSON.
func FuzzDecodeJSON(f *testing.F) {
	ev := `{"user_id":"u1","item_id":"a","type":"view","time":"2026-11-01T10:00:00Z","session_id":"s1"}`
	f.Add(byte(0), []byte(`{"title":"Trail Runner 2","price":89.9,"currency":"USD","category":["Shoes","Running"],"attributes":{"color":"red"},"tags":["trail"],"stock":12,"active":true}`))
	f.Add(byte(1), []byte(`{"items":[{"id":"b","title":"Rain Jacket","price":120},{"id":"c","title":"","price":-1}]}`))
	f.Add(byte(2), []byte(`{"events":[`+ev+`,{"user_id":"u1","item_id":"a","type":"rating","value":4.5,"time":"2026-11-01T10:00:00+01:00"}]}`))
	f.Add(byte(2), []byte(`{"events":[{"user_id":7}]}`))
	f.Add(byte(3), []byte(`{"attributes":{"country":"DE"},"created_at":"2026-01-05T08:00:00Z"}`))
	f.Add(byte(4), []byte(`{"users":[{"id":"u2"},{"id":"u2","attributes":null}]}`))
	f.Add(byte(5), []byte(`{"email":"ada@example.com","name":"Ada L.","phone":"+49 30 1234","address":"Hauptstr. 1"}`))
	f.Add(byte(6), []byte(`{"item_id":"a","user_id":"u1","rating":5,"title":"Great","text":"Great grip on wet rock.","language":"en"}`))
	f.Add(byte(7), []byte(`{"reviews":[{"id":"r2","item_id":"a","rating":6}]}`))
	f.Add(byte(0), []byte("{\"title\":\n \"x\" }  {}"))
	fs := &fuzzStore{}
	h := newFuzzServer(fs)
	f.Fuzz(func(t *testing.T, route byte, body []byte) {
		fs.reset()
		rt := fuzzRoutes[int(route)%len(fuzzRoutes)]
		rec := request{method: rt.method, path: rt.path, key: adminKey, body: body}.do(t, h)
		switch {
		case rec.Code >= 500:
			t.Fatalf("%s %s %q: %d %s", rt.method, rt.path, body, rec.Code, rec.Body)
		case rec.Code >= 400:
			e := decodeError(t, rec)
			if want := map[int]string{400: shopmind.EINVALID, 413: shopmind.ETOOLARGE}[rec.Code]; want == "" || e.Code != want || e.Message == "" {
				t.Fatalf("%d with error %+v", rec.Code, e)
			}
			if n := len(fs.items) + len(fs.users) + len(fs.personal) + len(fs.reviews) + len(fs.events); n != 0 {
				t.Fatalf("refused with %d, but %d records reached the store", rec.Code, n)
			}
			return
		case rec.Code != 200:
			t.Fatalf("status %d", rec.Code)
		}
		for _, v := range fs.items {
			if err := v.Validate(); err != nil {
				t.Fatalf("stored invalid item: %v", err)
			}
			roundTrips(t, "item", v)
		}
		for _, v := range fs.users {
			if err := v.Validate(); err != nil {
				t.Fatalf("stored invalid user: %v", err)
			}
			roundTrips(t, "user", v)
		}
		for _, v := range fs.personal {
			if err := v.Validate(); err != nil {
				t.Fatalf("stored invalid personal data: %v", err)
			}
			roundTrips(t, "personal data", v)
		}
		for _, v := range fs.reviews {
			if err := v.Validate(); err != nil {
				t.Fatalf("stored invalid review: %v", err)
			}
			roundTrips(t, "review", v)
		}
		for _, v := range fs.events {
			if err := v.ValidateAt(testNow, shopmind.DefaultEventSkew); err != nil {
				t.Fatalf("stored invalid event: %v", err)
			}
			roundTrips(t, "event", v)
		}
	})
}

// FuzzQuery parses arbitrary query strings with every accessor of query:
// either all values are within their bounds (limit 1 to MaxLimit, finite
// numbers, RFC 3339 times, category paths of at least one level), or the
// error is EINVALID naming one of the parameters read. The same query sent
// to GET /v1/items never gives a 5xx, and a 400 names a parameter.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"limit=20&after=sku-9", "category=Shoes%2FSneakers&min_price=10&max_price=99.5&in_stock=true",
		"category=Shoes+%E2%80%BA+Sneakers&active=0", "since=2026-11-01T00:00:00Z&until=2026-11-02T00:00:00.5%2B01:00",
		"limit=0", "limit=99999999999999999999", "min_price=NaN", "max_price=1e309", "category=%2F", "active=maybe",
		"q=%E8%B7%91%E9%9E%8B&brand=Acme&days=7", "since=yesterday", "limit=%", "a=1;b=2",
	} {
		f.Add(s)
	}
	names := map[string]bool{"q": true, "category": true, "brand": true, "active": true, "min_price": true,
		"days": true, "limit": true, "since": true}
	fs := &fuzzStore{}
	h := newFuzzServer(fs)
	f.Fuzz(func(t *testing.T, raw string) {
		q := newQuery(&url.URL{RawQuery: raw})
		_ = q.String("q")
		cat := q.OptCategory("category")
		_ = q.OptString("brand")
		_ = q.OptBool("active")
		price := q.OptFloat("min_price")
		days := q.Int("days", 30, 1, 365)
		limit := q.Limit()
		since := q.Time("since")
		if q.err != nil {
			var e *shopmind.Error
			if !errors.As(q.err, &e) || e.Code != shopmind.EINVALID || !names[e.Field] || e.Message == "" {
				t.Fatalf("query %q: error %#v, want EINVALID naming a parameter", raw, q.err)
			}
		} else {
			if cat != nil && len(shopmind.ParseCategory(*cat)) == 0 {
				t.Fatalf("category %q has no level", *cat)
			}
			if price != nil && (math.IsNaN(*price) || math.IsInf(*price, 0)) {
				t.Fatalf("min_price %v is not finite", *price)
			}
			if days < 1 || days > 365 || limit < 1 || limit > shopmind.MaxLimit {
				t.Fatalf("days %d, limit %d out of bounds", days, limit)
			}
			if s := q.String("since"); s != "" && since.IsZero() && s != "0001-01-01T00:00:00Z" {
				t.Fatalf("since %q parsed to the zero time without an error", s)
			}
		}
		req := httptest.NewRequest("GET", "/v1/items", nil)
		req.URL.RawQuery = raw
		req.Header.Set("Authorization", "Bearer "+readKey)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch {
		case rec.Code >= 500:
			t.Fatalf("GET /v1/items?%s: %d %s", raw, rec.Code, rec.Body)
		case rec.Code == 400:
			if e := decodeError(t, rec); e.Code != shopmind.EINVALID || e.Field == "" {
				t.Fatalf("GET /v1/items?%s: 400 %+v, want invalid naming a parameter", raw, e)
			}
		case rec.Code != 200:
			t.Fatalf("GET /v1/items?%s: %d %s", raw, rec.Code, rec.Body)
		}
	})
}

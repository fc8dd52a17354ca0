package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
	"github.com/shopmind/shopmind/vision"
)

// Test keys, one per role, as a client would send them.
const (
	adminKey = "sm_aaaaaaaaaaaa_adminsecret"
	writeKey = "sm_bbbbbbbbbbbb_writesecret"
	readKey  = "sm_cccccccccccc_readsecret"
)

var testNow = time.Date(2026, 11, 27, 15, 30, 0, 0, time.UTC)

// newMockStore returns a mock store that knows the three test keys and
// accepts TouchKey.
func newMockStore() *mock.Store {
	keys := map[string]*shopmind.APIKey{
		shopmind.HashKey(adminKey): {ID: "aaaaaaaaaaaa", Name: "admin", Role: shopmind.RoleAdmin},
		shopmind.HashKey(writeKey): {ID: "bbbbbbbbbbbb", Name: "writer", Role: shopmind.RoleWrite},
		shopmind.HashKey(readKey):  {ID: "cccccccccccc", Name: "reader", Role: shopmind.RoleRead},
	}
	return &mock.Store{
		KeyByHashFn: func(_ context.Context, hash string) (*shopmind.APIKey, error) {
			if k, ok := keys[hash]; ok {
				c := *k
				return &c, nil
			}
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "key not found")
		},
		TouchKeyFn: func(context.Context, string, time.Time) error { return nil },
	}
}

// newTestServer returns a server over store with a fixed clock and its own
// registry.
func newTestServer(t testing.TB, store shopmind.Store) *Server {
	t.Helper()
	return NewServer(store, Options{Now: func() time.Time { return testNow }, Registry: prometheus.NewRegistry(), Version: "test",
		ImageDecoder: vision.NewDecoder(vision.DecoderOptions{})})
}

// request is one call to the API in a test.
type request struct {
	method, path, key string
	body              any // string, []byte or a value encoded as JSON
	header            map[string]string
}

func (rq request) do(t testing.TB, h http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = bytes.NewBufferString(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(data)
	}
	req := httptest.NewRequest(rq.method, rq.path, body)
	if rq.key != "" {
		req.Header.Set("Authorization", "Bearer "+rq.key)
	}
	for k, v := range rq.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decodeError parses an error response body.
func decodeError(t testing.TB, rec *httptest.ResponseRecorder) ErrorResponse {
	t.Helper()
	var e ErrorResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", rec.Body.String(), err)
	}
	return e
}

// decodeBody parses a JSON response body into v.
func decodeBody(t testing.TB, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}
}

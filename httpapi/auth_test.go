package httpapi

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestAuth(t *testing.T) {
	store := newMockStore()
	store.AddEventsFn = func(_ context.Context, ev []*shopmind.Event) (int, error) { return len(ev), nil }
	store.KeysFn = func(context.Context) ([]*shopmind.APIKey, error) { return nil, nil }
	h := newTestServer(t, store).Handler()
	event := `{"events":[{"user_id":"u1","item_id":"i1","type":"view","time":"2026-11-01T10:00:00Z"}]}`

	tests := []struct {
		name       string
		rq         request
		wantStatus int
		wantCode   string
	}{
		{"MissingKey", request{method: "GET", path: "/v1/me"}, 401, shopmind.EUNAUTHORIZED},
		{"WrongKey", request{method: "GET", path: "/v1/me", key: "sm_aaaaaaaaaaaa_wrongsecret"}, 401, shopmind.EUNAUTHORIZED},
		{"MalformedKey", request{method: "GET", path: "/v1/me", key: "not-a-key"}, 401, shopmind.EUNAUTHORIZED},
		{"WrongScheme", request{method: "GET", path: "/v1/me", header: map[string]string{"Authorization": "Basic " + readKey}}, 401, shopmind.EUNAUTHORIZED},
		{"ReadKeyPostsEvents", request{method: "POST", path: "/v1/events", key: readKey, body: event}, 403, shopmind.EFORBIDDEN},
		{"WriteKeyListsKeys", request{method: "GET", path: "/v1/keys", key: writeKey}, 403, shopmind.EFORBIDDEN},
		{"WriteKeyPostsEvents", request{method: "POST", path: "/v1/events", key: writeKey, body: event}, 200, ""},
		{"AdminKeyPostsEvents", request{method: "POST", path: "/v1/events", key: adminKey, body: event}, 200, ""},
		{"AdminListsKeys", request{method: "GET", path: "/v1/keys", key: adminKey}, 200, ""},
		{"XAPIKeyHeader", request{method: "GET", path: "/v1/me", header: map[string]string{"X-API-Key": readKey}}, 200, ""},
		{"HealthzIsPublic", request{method: "GET", path: "/healthz"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.rq.do(t, h)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if tt.wantCode != "" {
				if e := decodeError(t, rec); e.Code != tt.wantCode || e.Message == "" {
					t.Fatalf("error = %+v, want code %q with a message", e, tt.wantCode)
				}
			}
			if tt.wantStatus == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

func TestMe(t *testing.T) {
	h := newTestServer(t, newMockStore()).Handler()
	rec := request{method: "GET", path: "/v1/me", key: writeKey}.do(t, h)
	var me Me
	decodeBody(t, rec, &me)
	if want := (Me{ID: "bbbbbbbbbbbb", Name: "writer", Role: shopmind.RoleWrite}); me != want {
		t.Fatalf("me = %+v, want %+v", me, want)
	}
}

func TestTouchThrottled(t *testing.T) {
	store := newMockStore()
	var touches []time.Time
	var mu sync.Mutex
	store.TouchKeyFn = func(_ context.Context, id string, at time.Time) error {
		mu.Lock()
		defer mu.Unlock()
		touches = append(touches, at)
		return nil
	}
	now := testNow
	s := NewServer(store, Options{Now: func() time.Time { return now }, TouchInterval: time.Minute})
	for _, step := range []time.Duration{0, 10 * time.Second, 30 * time.Second, 61 * time.Second} {
		now = testNow.Add(step)
		if rec := (request{method: "GET", path: "/v1/me", key: readKey}).do(t, s.Handler()); rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
	}
	s.touches.Wait()
	sort.Slice(touches, func(a, b int) bool { return touches[a].Before(touches[b]) })
	if len(touches) != 2 || !touches[0].Equal(testNow) || !touches[1].Equal(testNow.Add(61*time.Second)) {
		t.Fatalf("touches = %v, want at +0s and +61s", touches)
	}
}

// TestTouchDoesNotHoldRequest: a request answers while its key's last-used
// write waits for the store (an import holding SQLite's write lock), and
// the write is still made.
func TestTouchDoesNotHoldRequest(t *testing.T) {
	store := newMockStore()
	release, touched := make(chan struct{}), make(chan string, 1)
	store.TouchKeyFn = func(_ context.Context, id string, _ time.Time) error {
		<-release
		touched <- id
		return nil
	}
	s := NewServer(store, Options{Now: func() time.Time { return testNow }})
	done := make(chan int, 1)
	go func() { done <- (request{method: "GET", path: "/v1/me", key: readKey}).do(t, s.Handler()).Code }()
	select {
	case code := <-done:
		if code != 200 {
			t.Fatalf("status %d", code)
		}
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("the request waited for its key's last-used write")
	}
	close(release)
	if id := <-touched; id == "" {
		t.Fatal("no touch")
	}
	s.touches.Wait()
}

func TestKeys(t *testing.T) {
	store := newMockStore()
	var created *shopmind.APIKey
	store.CreateKeyFn = func(_ context.Context, k *shopmind.APIKey) error { created = k; return nil }
	store.DeleteKeyFn = func(_ context.Context, id string) error {
		if id != "abc" {
			return shopmind.Errorf(shopmind.ENOTFOUND, "key %q not found", id)
		}
		return nil
	}
	h := newTestServer(t, store).Handler()

	t.Run("Create", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/keys", key: adminKey, body: `{"name":"shop frontend","role":"write"}`}.do(t, h)
		if rec.Code != http.StatusCreated {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var nk NewKey
		decodeBody(t, rec, &nk)
		if !strings.HasPrefix(nk.Key, "sm_"+nk.ID+"_") || nk.Role != shopmind.RoleWrite || nk.Name != "shop frontend" {
			t.Fatalf("new key = %+v", nk)
		}
		if created == nil || created.Hash != shopmind.HashKey(nk.Key) || strings.Contains(rec.Body.String(), created.Hash) {
			t.Fatalf("stored key %+v does not hold the hash of the returned secret (or the hash leaked)", created)
		}
	})
	t.Run("ErrBadRole", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/keys", key: adminKey, body: `{"name":"x","role":"root"}`}.do(t, h)
		if e := decodeError(t, rec); rec.Code != 400 || e.Field != "role" {
			t.Fatalf("status %d, error %+v; want 400 on role", rec.Code, e)
		}
	})
	t.Run("ErrNameRequired", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/keys", key: adminKey, body: `{"role":"read"}`}.do(t, h)
		if e := decodeError(t, rec); rec.Code != 400 || e.Field != "name" {
			t.Fatalf("status %d, error %+v; want 400 on name", rec.Code, e)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if rec := (request{method: "DELETE", path: "/v1/keys/abc", key: adminKey}).do(t, h); rec.Code != 204 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if rec := (request{method: "DELETE", path: "/v1/keys/zzz", key: adminKey}).do(t, h); rec.Code != 404 {
			t.Fatalf("status %d, want 404", rec.Code)
		}
	})
}

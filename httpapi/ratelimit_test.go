package httpapi

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
)

// limitedServer serves the mock store's keys with clock and the limits in
// opts, on a loopback listener.
func limitedServer(t *testing.T, clock *testClock, opts Options) *httptest.Server {
	store := newMockStore()
	store.KeysFn = func(context.Context) ([]*shopmind.APIKey, error) { return nil, nil }
	opts.Now, opts.Registry = clock.Now, prometheus.NewRegistry()
	ts := httptest.NewServer(NewServer(store, opts).Handler())
	t.Cleanup(ts.Close)
	return ts
}

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// clientFrom returns an HTTP client whose connections come from the
// loopback address ip (127.0.0.2 is another client than 127.0.0.1).
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

func get(t *testing.T, c *http.Client, url, key string) (*http.Response, ErrorResponse) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e ErrorResponse
	if resp.StatusCode >= 400 {
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
			t.Fatalf("status %d: error body is not JSON: %v", resp.StatusCode, err)
		}
	}
	return resp, e
}

// A client guessing keys is cut off with 429 after the failure burst, even
// when it then sends a good key; another address is unaffected; the
// address recovers as the bucket refills.
func TestRateLimitFailedAuthPerAddress(t *testing.T) {
	clock := &testClock{t: testNow}
	ts := limitedServer(t, clock, Options{AuthFailuresPerMinute: 10, AuthFailureBurst: 20})
	attacker, other := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")
	url := ts.URL + "/v1/keys"

	var unauthorized, limited int
	var last *http.Response
	var lastErr ErrorResponse
	for i := range 30 {
		resp, e := get(t, attacker, url, "sm_guess"+strconv.Itoa(i)+"_nope")
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			unauthorized++
		case http.StatusTooManyRequests:
			limited++
			last, lastErr = resp, e
		default:
			t.Fatalf("bad key #%d: status %d", i, resp.StatusCode)
		}
	}
	if unauthorized != 20 || limited != 10 {
		t.Fatalf("30 bad keys: %d answered 401 and %d 429, want 20 and 10", unauthorized, limited)
	}
	if lastErr.Code != "rate_limited" {
		t.Errorf("429 code = %q, want rate_limited", lastErr.Code)
	}
	// One failure comes back every 6 s at 10 a minute.
	if ra := last.Header.Get("Retry-After"); ra != "6" {
		t.Errorf("Retry-After = %q, want 6", ra)
	}
	// Limited before the key is checked: even a good key waits.
	if resp, _ := get(t, attacker, url, adminKey); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("good key from the limited address: status %d, want 429", resp.StatusCode)
	}
	if resp, _ := get(t, other, url, adminKey); resp.StatusCode != http.StatusOK {
		t.Errorf("good key from another address: status %d, want 200", resp.StatusCode)
	}
	if resp, _ := get(t, other, url, "sm_x_y"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad key from another address: status %d, want 401", resp.StatusCode)
	}
	clock.Add(6 * time.Second)
	if resp, _ := get(t, attacker, url, adminKey); resp.StatusCode != http.StatusOK {
		t.Errorf("good key after Retry-After: status %d, want 200", resp.StatusCode)
	}
}

// Each key has its own request budget.
func TestRateLimitPerKey(t *testing.T) {
	clock := &testClock{t: testNow}
	ts := limitedServer(t, clock, Options{KeyRequestsPerSecond: 2, KeyRequestBurst: 5})
	c := ts.Client()
	url := ts.URL + "/v1/keys"
	for i := range 5 {
		if resp, _ := get(t, c, url, adminKey); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d within the burst: status %d", i, resp.StatusCode)
		}
	}
	resp, e := get(t, c, url, adminKey)
	if resp.StatusCode != http.StatusTooManyRequests || e.Code != "rate_limited" {
		t.Fatalf("6th request: status %d code %q, want 429 rate_limited", resp.StatusCode, e.Code)
	}
	if ra := resp.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After = %q, want 1", ra)
	}
	// Another key is not affected.
	if resp, _ := get(t, c, url, readKey); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another key (read role): status %d, want 403 (not 429)", resp.StatusCode)
	}
	clock.Add(500 * time.Millisecond)
	if resp, _ := get(t, c, url, adminKey); resp.StatusCode != http.StatusOK {
		t.Errorf("after a token refilled: status %d, want 200", resp.StatusCode)
	}
}

// The limiter forgets idle entries to stay within its bound.
func TestLimiterBounded(t *testing.T) {
	clock := &testClock{t: testNow}
	l := newLimiter(1, 2, 100, clock.Now)
	for i := range 1000 {
		l.take("addr" + strconv.Itoa(i))
		if i%10 == 0 {
			clock.Add(time.Second)
		}
	}
	if n := l.size(); n > 100 {
		t.Fatalf("limiter holds %d entries, bound 100", n)
	}
	// The most recent client is still limited after eviction.
	l.take("addr999")
	if d := l.take("addr999"); d <= 0 {
		t.Errorf("recent client lost its bucket: wait %v", d)
	}
}

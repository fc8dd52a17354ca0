package httpapi

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// Defaults of the abuse limits (Options fields left zero).
const (
	DefaultAuthFailuresPerMinute = 10    // failed authentications per client address
	DefaultAuthFailureBurst      = 20    // failures allowed at once before the rate applies
	DefaultKeyRequestsPerSecond  = 10000 // requests per API key (above one machine's measured peak, 8,600/s)
	DefaultKeyRequestBurst       = 20000 // requests allowed at once per key
	DefaultLimiterEntries        = 10000
	// A publishable key is shared by every shopper of a shop, so it is
	// also limited per client address.
	DefaultVisitorRequestsPerSecond = 20
	DefaultVisitorRequestBurst      = 200
)

// bucket is one token bucket: tokens, refilled at the limiter's rate up to
// its burst, as of last.
type bucket struct {
	tokens float64
	last   time.Time
}

// limiter is a set of token buckets keyed by client address or key id.
// Its memory is bounded: past max entries, buckets that have refilled (idle
// clients) are dropped, and if none has, the oldest is.
type limiter struct {
	perSec float64 // tokens added per second; <= 0 disables the limiter
	burst  float64
	max    int
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

func newLimiter(perSec float64, burst, max int, now func() time.Time) *limiter {
	if burst < 1 {
		burst = 1
	}
	return &limiter{perSec: perSec, burst: float64(burst), max: max, now: now, buckets: map[string]*bucket{}}
}

// refill brings b up to now and returns it (a full new bucket for an
// unknown key, not stored).
func (l *limiter) refill(key string, now time.Time) (*bucket, bool) {
	b, ok := l.buckets[key]
	if !ok {
		return &bucket{tokens: l.burst, last: now}, false
	}
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = math.Min(l.burst, b.tokens+dt*l.perSec)
		b.last = now
	}
	return b, true
}

// wait returns how long key must wait for one token, 0 when it has one
// now. It takes nothing.
func (l *limiter) wait(key string) time.Duration {
	if l == nil || l.perSec <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, _ := l.refill(key, l.now())
	return l.waitFor(b)
}

func (l *limiter) waitFor(b *bucket) time.Duration {
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / l.perSec * float64(time.Second))
}

// take takes one token for key when there is one and returns 0, else
// returns how long to wait for one.
func (l *limiter) take(key string) time.Duration {
	if l == nil || l.perSec <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, stored := l.refill(key, now)
	if d := l.waitFor(b); d > 0 {
		return d
	}
	b.tokens--
	if !stored {
		l.evict(now)
		l.buckets[key] = b
	}
	return 0
}

// evict makes room for one more bucket when the limiter is full: it drops
// every bucket that has refilled to its burst (it limits nothing any more),
// or the least recently used one when none has.
func (l *limiter) evict(now time.Time) {
	if len(l.buckets) < l.max {
		return
	}
	var oldest string
	var oldestAt time.Time
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.perSec >= l.burst {
			delete(l.buckets, k)
			continue
		}
		if oldest == "" || b.last.Before(oldestAt) {
			oldest, oldestAt = k, b.last
		}
	}
	if len(l.buckets) >= l.max && oldest != "" {
		delete(l.buckets, oldest)
	}
}

// size returns the number of buckets held.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// clientAddr is the address failed authentications are counted against:
// the connection's IP (forwarding headers are not trusted, a client could
// set them).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// rateLimited writes 429 with Retry-After (whole seconds, at least 1).
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request, wait time.Duration, msg string) {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.Error(w, r, shopmind.Errorf(shopmind.ERATELIMITED, "%s; retry in %d s", msg, secs))
}

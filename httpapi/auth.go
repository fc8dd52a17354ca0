package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

type keyCtxKey struct{}

// KeyFromContext returns the API key that authenticated the request, or nil
// on public routes.
func KeyFromContext(ctx context.Context) *shopmind.APIKey {
	k, _ := ctx.Value(keyCtxKey{}).(*shopmind.APIKey)
	return k
}

// bearerToken returns the key sent as "Authorization: Bearer <key>" or
// "X-API-Key: <key>", or a publishable key sent as the "key" query
// parameter, or "".
func bearerToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
		return ""
	}
	if k := strings.TrimSpace(r.Header.Get("X-API-Key")); k != "" {
		return k
	}
	// A publishable key, public by design, may also come as ?key=: the
	// tracker sends events as simple requests (text/plain, no preflight)
	// that survive the page being closed (fetch keepalive, sendBeacon),
	// which cannot carry headers. Secret keys never come in URLs.
	if k := r.URL.Query().Get("key"); strings.HasPrefix(k, shopmind.PublishableKeyPrefix) {
		return k
	}
	return ""
}

// keyID returns the id part of a key "sm_<id>_<secret>" (or a publishable
// "pk_<id>_<secret>"), or false when the key does not have that shape.
func keyID(token string) (string, bool) {
	rest, ok := strings.CutPrefix(token, shopmind.KeyPrefix)
	if !ok {
		if rest, ok = strings.CutPrefix(token, shopmind.PublishableKeyPrefix); !ok {
			return "", false
		}
	}
	id, secret, ok := strings.Cut(rest, "_")
	return id, ok && id != "" && secret != ""
}

// authenticate returns the stored key matching the request's credentials:
// EUNAUTHORIZED when they are missing or unknown.
func (s *Server) authenticate(r *http.Request) (*shopmind.APIKey, error) {
	token := bearerToken(r)
	if token == "" {
		return nil, shopmind.Errorf(shopmind.EUNAUTHORIZED, "API key required: send it as \"Authorization: Bearer <key>\" or \"X-API-Key: <key>\"")
	}
	id, ok := keyID(token)
	if !ok {
		return nil, shopmind.Errorf(shopmind.EUNAUTHORIZED, "API key is malformed: keys look like sm_<id>_<secret> (pk_<id>_<secret> for publishable keys)")
	}
	k, err := s.keys.KeyByHash(r.Context(), shopmind.HashKey(token))
	if shopmind.ErrorCode(err) == shopmind.ENOTFOUND || (err == nil && k.ID != id) {
		return nil, shopmind.Errorf(shopmind.EUNAUTHORIZED, "API key is unknown or revoked")
	} else if err != nil {
		return nil, err
	}
	s.touch(r.Context(), k)
	return k, nil
}

// touchTimeout bounds a key's last-used write.
const touchTimeout = 30 * time.Second

// touch records that k was used, at most once per TouchInterval per key, so
// that every request does not become a write. The write is made beside the
// request, not in its way: the request does not wait for the store's write
// lock (an import holding it made one request a minute per key wait up to
// 1.5 s). Failures are only logged.
func (s *Server) touch(ctx context.Context, k *shopmind.APIKey) {
	now := s.opts.Now()
	s.touchMu.Lock()
	last, seen := s.touched[k.ID]
	due := !seen || now.Sub(last) >= s.opts.TouchInterval
	if due {
		s.touched[k.ID] = now
	}
	s.touchMu.Unlock()
	if !due {
		return
	}
	s.touches.Add(1)
	go func() {
		defer s.touches.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), touchTimeout)
		defer cancel()
		if err := s.keys.TouchKey(ctx, k.ID, now); err != nil {
			s.log.Warn("touch key", "key", k.ID, "error", err.Error())
		}
	}()
}

// authorize wraps h so that it runs only for a key whose role allows need,
// or, when publishable is set, also for a publishable key sent from one of
// its origins. A secret key sent from a web page on another origin is
// refused (see checkOrigin).
func (s *Server) authorize(need shopmind.Role, publishable bool, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		if d := s.authFailures.wait(addr); d > 0 {
			s.rateLimited(w, r, d, "too many failed authentications from this address")
			return
		}
		k, err := s.authenticate(r)
		if err != nil {
			if shopmind.ErrorCode(err) == shopmind.EUNAUTHORIZED {
				s.authFailures.take(addr)
				w.Header().Set("WWW-Authenticate", `Bearer realm="shopmind"`)
			}
			s.Error(w, r, err)
			return
		}
		infoFrom(r.Context()).keyID = k.ID
		if d := s.keyRequests.take(k.ID); d > 0 {
			s.rateLimited(w, r, d, "too many requests with this key")
			return
		}
		if k.Role == shopmind.RolePublishable {
			if !publishable {
				s.Error(w, r, shopmind.Errorf(shopmind.EFORBIDDEN, "a publishable key may only post storefront events, read recommendations and chat with the assistant; %s %s needs a key with the %s role", r.Method, r.URL.Path, need))
				return
			}
			// One shopper's browser must not use up the shop's key.
			if d := s.visitorRequests.take(k.ID + " " + addr); d > 0 {
				s.rateLimited(w, r, d, "too many requests with this publishable key from this address")
				return
			}
		} else if !k.Role.Allows(need) {
			s.Error(w, r, shopmind.Errorf(shopmind.EFORBIDDEN, "this route needs a key with the %s role; this key has %s", need, k.Role))
			return
		}
		if err := checkOrigin(r, k); err != nil {
			s.Error(w, r, err)
			return
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyCtxKey{}, k)))
	})
}

// publishable reports whether the request was authenticated with a
// publishable key: handlers that accept one narrow what it may do.
func publishable(r *http.Request) bool {
	k := KeyFromContext(r.Context())
	return k != nil && k.Role == shopmind.RolePublishable
}

package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// originCacheTTL is how long the set of origins that publishable keys
// allow is kept before it is read from the store again. Keys created or
// revoked through this server refresh it at once.
const originCacheTTL = 30 * time.Second

// originCache is the set of web origins any publishable key allows. A
// preflight request carries no key, so it is answered from this set; the
// request that follows is checked against its own key's origins.
type originCache struct {
	load func(context.Context) ([]*shopmind.APIKey, error)
	now  func() time.Time
	log  *slog.Logger

	mu     sync.Mutex
	set    map[string]bool
	loaded time.Time
}

// allows reports whether some publishable key lists origin.
func (c *originCache) allows(ctx context.Context, origin string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.set == nil || now.Sub(c.loaded) >= originCacheTTL || now.Before(c.loaded) {
		keys, err := c.load(ctx)
		if err != nil {
			c.log.Warn("load publishable origins", "error", err.Error())
			return c.set[origin] // the last known set, until the store answers
		}
		set := map[string]bool{}
		for _, k := range keys {
			if k.Role == shopmind.RolePublishable {
				for _, o := range k.Origins {
					set[o] = true
				}
			}
		}
		c.set, c.loaded = set, now
	}
	return c.set[origin]
}

// invalidate makes the next check read the keys again.
func (c *originCache) invalidate() {
	c.mu.Lock()
	c.set = nil
	c.mu.Unlock()
}

// cors handles cross-origin requests to the API. For a request with an
// Origin header that a publishable key allows, it sets
// Access-Control-Allow-Origin (the key's own check follows in authorize);
// it answers a preflight (OPTIONS with Access-Control-Request-Method)
// itself: 204 for such an origin, 403 naming the origin otherwise. It
// reports whether it answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	known := s.origins.allows(r.Context(), origin)
	if known {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Expose-Headers", "Retry-After, X-Request-ID")
	}
	if !preflight {
		return false
	}
	if !known {
		s.Error(w, r, shopmind.Errorf(shopmind.EFORBIDDEN, "origin %s is not allowed: no publishable key lists it (add it with shopmind keys create -role publishable -origins %s)", origin, origin))
		return true
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-API-Key, X-Request-ID")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}

// checkOrigin checks where a key is used from. A publishable key must come
// from a web page on one of its origins: a request without an Origin
// header, or from another origin, is refused. A secret key (read, write,
// admin) is refused from a web page on another origin than the server's
// own (the console is same-origin), since a storefront page must never hold
// one. Requests without Origin (servers, scripts) are not browsers' and
// pass.
func checkOrigin(r *http.Request, k *shopmind.APIKey) error {
	origin := r.Header.Get("Origin")
	if k.Role == shopmind.RolePublishable {
		switch {
		case origin == "":
			return shopmind.Errorf(shopmind.EFORBIDDEN, "a publishable key is accepted only from a web page on one of its origins; this request has no Origin header (use a secret key from servers)")
		case !k.AllowsOrigin(origin):
			return shopmind.Errorf(shopmind.EFORBIDDEN, "origin %s is not allowed for publishable key %s", origin, k.ID)
		}
		return nil
	}
	if origin != "" && !sameOrigin(r, origin) {
		return shopmind.Errorf(shopmind.EFORBIDDEN, "a %s key is refused from a web page on %s: secret keys must never be in web pages; use a publishable key there", k.Role, origin)
	}
	return nil
}

// sameOrigin reports whether origin names the host the request was sent to
// (its Host, or X-Forwarded-Host behind a proxy).
func sameOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	for _, host := range []string{r.Host, strings.TrimSpace(strings.Split(r.Header.Get("X-Forwarded-Host"), ",")[0])} {
		if host != "" && strings.EqualFold(host, u.Host) {
			return true
		}
	}
	return false
}

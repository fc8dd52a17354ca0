package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/shopmind/shopmind/web"
)

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHandler(t *testing.T) {
	h := web.NewHandler(web.Options{Title: "Acme <Shop>", Version: "v1.2.3"})
	tests := []struct {
		name, method, path string
		status             int
		ctype              string // prefix
		contains           []string
	}{
		{"Index", "GET", "/", 200, "text/html", []string{
			"<title>Acme &lt;Shop&gt; console</title>", `data-version="v1.2.3"`, `src="/assets/js/app.js"`}},
		{"IndexHTML", "GET", "/index.html", 200, "text/html", []string{`<div id="app"`}},
		{"Head", "HEAD", "/", 200, "text/html", nil},
		{"App", "GET", "/assets/js/app.js", 200, "text/javascript", []string{"export", "hashchange"}},
		{"Page", "GET", "/assets/js/pages/overview.js", 200, "text/javascript", []string{"/v1/stats"}},
		{"CSS", "GET", "/assets/css/console.css", 200, "text/css", []string{".sidebar"}},
		{"Icon", "GET", "/assets/favicon.svg", 200, "image/svg+xml", []string{"<svg"}},
		{"ErrMissingAsset", "GET", "/assets/js/nope.js", 404, "text/plain", nil},
		{"ErrAssetDir", "GET", "/assets/js", 404, "text/plain", nil},
		{"ErrUnknownPath", "GET", "/v1/items", 404, "text/plain", nil},
		{"ErrDotDot", "GET", "/assets/../web.go", 404, "text/plain", nil},
		{"ErrMethod", "POST", "/", 405, "text/plain", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, h, tt.method, tt.path, nil)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type = %q, want prefix %q", ct, tt.ctype)
			}
			b := body(t, res)
			for _, s := range tt.contains {
				if !strings.Contains(b, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			if tt.status == 200 && res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("missing X-Content-Type-Options: nosniff")
			}
		})
	}
}

func TestHandlerSecurityHeaders(t *testing.T) {
	res := get(t, web.Handler(), "GET", "/", nil)
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "img-src 'self' blob:", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows unsafe sources: %q", csp)
	}
	if got := res.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options = %q", got)
	}
	if b := body(t, res); !strings.Contains(b, "<title>shopmind console</title>") {
		t.Errorf("default title missing from %q", b)
	}
}

func TestHandlerETag(t *testing.T) {
	h := web.Handler()
	for _, p := range []string{"/", "/assets/js/app.js"} {
		t.Run(p, func(t *testing.T) {
			res := get(t, h, "GET", p, nil)
			etag := res.Header.Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", cc)
			}
			res = get(t, h, "GET", p, map[string]string{"If-None-Match": etag})
			if res.StatusCode != http.StatusNotModified {
				t.Errorf("revalidation status = %d, want 304", res.StatusCode)
			}
			res = get(t, h, "GET", p, map[string]string{"If-None-Match": `"stale"`})
			if res.StatusCode != http.StatusOK {
				t.Errorf("stale ETag status = %d, want 200", res.StatusCode)
			}
		})
	}
}

// importRE finds static imports ("from './x.js'") and the page modules of
// pages.js ("module: './pages/x.js'").
var importRE = regexp.MustCompile(`(?:from|module:)\s*"(\.{1,2}/[^"]+)"`)

// TestModulesResolve checks that every relative import and every page module
// named in pages.js is served, so a typo cannot ship a console that fails to
// load in the browser.
func TestModulesResolve(t *testing.T) {
	h := web.Handler()
	queue := []string{"/assets/js/app.js"}
	seen := map[string]bool{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		res := get(t, h, "GET", p, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p, res.StatusCode)
			continue
		}
		for _, m := range importRE.FindAllStringSubmatch(body(t, res), -1) {
			queue = append(queue, path.Join(path.Dir(p), m[1]))
		}
	}
	for _, want := range []string{"/assets/js/pages.js", "/assets/js/pages/items.js", "/assets/js/pages/user.js", "/assets/js/chart.js"} {
		if !seen[want] {
			t.Errorf("%s is not reachable from app.js", want)
		}
	}
}

package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shopmind/shopmind/web"
)

// The storefront scripts are served to any page, the tracker under 5 KB
// (what a shop adds to every page), with an ETag for revalidation.
func TestStorefrontScripts(t *testing.T) {
	h := web.NewHandler(web.Options{})
	for path, max := range map[string]int{"/storefront/shopmind.js": 5120, "/storefront/widgets.js": 12 << 10} {
		res := get(t, h, "GET", path, nil)
		b := body(t, res)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if len(b) >= max {
			t.Errorf("%s is %d bytes served, want under %d", path, len(b), max)
		}
		t.Logf("%s: %d bytes served", path, len(b))
		if res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("ETag") == "" {
			t.Errorf("%s headers %v: want Access-Control-Allow-Origin * and an ETag", path, res.Header)
		}
		if strings.Contains(b, "\n  ") {
			t.Errorf("%s is served with its indentation", path)
		}
		if res := get(t, h, "GET", path, map[string]string{"If-None-Match": res.Header.Get("ETag")}); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s revalidation: %d, want 304", path, res.StatusCode)
		}
	}
	if res := get(t, h, "GET", "/storefront/nope.js", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown storefront file: %d, want 404", res.StatusCode)
	}
	if res := get(t, h, "POST", "/storefront/shopmind.js", nil); res.StatusCode == http.StatusOK {
		t.Error("POST served the script")
	}
}

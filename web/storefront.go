package web

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// The storefront scripts a shop's pages load from shopmind (docs/storefront.md):
// the tracker, /storefront/shopmind.js, and the web components it loads when
// a page has them, /storefront/widgets.js.
//
//go:embed storefront/*.js
var storefrontFS embed.FS

// StorefrontPrefix is the URL path under which the storefront scripts are
// served.
const StorefrontPrefix = "/storefront/"

// storefrontAssets reads the storefront scripts, compacted (see compactJS),
// keyed by URL path.
func storefrontAssets() (map[string]asset, error) {
	names, err := fs.Glob(storefrontFS, "storefront/*.js")
	if err != nil {
		return nil, err
	}
	out := map[string]asset{}
	for _, n := range names {
		b, err := storefrontFS.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", n, err)
		}
		out[StorefrontPrefix+path.Base(n)] = newAsset(compactJS(b), contentType(n))
	}
	return out, nil
}

// compactJS drops the indentation and blank lines of a script. The
// storefront scripts are written for it: no template literals or strings
// spanning lines, so only whitespace that means nothing goes, and the
// tracker stays under 5 KB served without a build step.
func compactJS(b []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// serveStorefront serves a storefront script to any page: it is public and
// holds no secret (the page supplies its publishable key).
func serveStorefront(w http.ResponseWriter, r *http.Request, a asset) {
	hd := w.Header()
	hd.Set("Content-Type", a.ctype)
	hd.Set("ETag", a.etag)
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	hd.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

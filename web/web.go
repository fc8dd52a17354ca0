// Package web serves shopmind's web console: a single-page application in
// plain HTML, CSS and JavaScript modules, embedded in the binary, that talks to
// the JSON REST API (package httpapi) with the API key a person signs in with.
//
// The HTTP server mounts the handler at "/": it serves the page shell at "/"
// and the assets under "/assets/". Everything else, the API included, belongs
// to other handlers; the console answers 404 for paths it does not know.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// DefaultTitle is the console's name when Options.Title is empty.
const DefaultTitle = "shopmind"

// Options configures the console handler.
type Options struct {
	// Title is the shop or product name shown in the sidebar and the browser
	// tab; DefaultTitle when empty.
	Title string
	// Version is shown in the sidebar footer, e.g. "v0.3.1"; hidden when empty.
	Version string
}

// Handler returns the console with default Options.
func Handler() http.Handler { return NewHandler(Options{}) }

// NewHandler returns an http.Handler that serves the console. It answers GET
// and HEAD only: "/" and "/index.html" give the page shell, "/assets/<file>"
// the embedded stylesheets and scripts (with a content-hash ETag, so browsers
// revalidate cheaply), and any other path 404.
func NewHandler(opts Options) http.Handler {
	if opts.Title == "" {
		opts.Title = DefaultTitle
	}
	assets, err := fs.Sub(staticFS, "static")
	if err != nil {
		// The embed pattern guarantees the folder; failing here is a build defect.
		panic(fmt.Sprintf("web: embedded assets: %v", err))
	}
	h := &handler{assets: assets, files: map[string]asset{}}
	if err := h.load(opts); err != nil {
		panic(fmt.Sprintf("web: %v", err))
	}
	if h.storefront, err = storefrontAssets(); err != nil {
		panic(fmt.Sprintf("web: storefront: %v", err))
	}
	return h
}

// asset is one embedded file, ready to serve.
type asset struct {
	body  []byte
	etag  string
	ctype string
}

type handler struct {
	assets fs.FS
	files  map[string]asset // by URL path, e.g. "/assets/js/app.js"
	index  asset

	storefront map[string]asset // by URL path, e.g. "/storefront/shopmind.js"
}

// load reads every embedded file once and renders the page shell.
func (h *handler) load(opts Options) error {
	err := fs.WalkDir(h.assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "index.html" {
			return err
		}
		b, err := fs.ReadFile(h.assets, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		h.files["/assets/"+p] = newAsset(b, contentType(p))
		return nil
	})
	if err != nil {
		return fmt.Errorf("load assets: %w", err)
	}
	src, err := fs.ReadFile(h.assets, "index.html")
	if err != nil {
		return fmt.Errorf("read index: %w", err)
	}
	tmpl, err := template.New("index").Parse(string(src))
	if err != nil {
		return fmt.Errorf("parse index: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, opts); err != nil {
		return fmt.Errorf("render index: %w", err)
	}
	h.index = newAsset(buf.Bytes(), "text/html; charset=utf-8")
	return nil
}

func newAsset(b []byte, ctype string) asset {
	sum := sha256.Sum256(b)
	return asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ctype}
}

// contentType names the MIME type of an embedded file by its extension. It
// does not rely on the system's MIME table, which varies between machines
// and is sometimes wrong for .js, which module scripts refuse.
func contentType(p string) string {
	switch path.Ext(p) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".html":
		return "text/html; charset=utf-8"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}

// contentSecurityPolicy lets the console load only its own scripts and styles
// and talk only to its own origin; product images are shown from blob: URLs.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var a asset
	switch p := r.URL.Path; {
	case p == "/" || p == "/index.html":
		a = h.index
	case strings.HasPrefix(p, "/assets/"):
		var ok bool
		if a, ok = h.files[p]; !ok {
			http.NotFound(w, r)
			return
		}
	case strings.HasPrefix(p, StorefrontPrefix) && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		if a, ok := h.storefront[p]; ok {
			serveStorefront(w, r, a)
			return
		}
		http.NotFound(w, r)
		return
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", a.ctype)
	hd.Set("ETag", a.etag)
	// no-cache: always revalidate (cheap, thanks to the ETag), so a new binary
	// never runs with stale scripts.
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if a.ctype == h.index.ctype {
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Frame-Options", "DENY")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

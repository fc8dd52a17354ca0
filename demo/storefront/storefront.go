// Package storefront is the sample shop `shopmind demo` serves beside the
// console: a few server-rendered pages over the demo catalog (home,
// product, cart, checkout) that use shopmind the way a real shop's theme
// would, with one script tag (the tracker, /storefront/shopmind.js, with a
// publishable key), the recommendation carousel and the chat widget. It
// runs on its own origin, as a shop's site does, so the browser applies
// CORS to every call it makes to the API.
package storefront

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

//go:embed page.html
var pageFS embed.FS

// Catalog is what the sample shop reads from the store.
type Catalog interface {
	Item(ctx context.Context, id string) (*shopmind.Item, error)
	Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error)
	Image(ctx context.Context, hash string) (*shopmind.Image, error)
}

// Options configure the sample shop.
type Options struct {
	// API is shopmind's base URL as the browser reaches it, e.g.
	// "http://127.0.0.1:8080"; the pages load the tracker from it.
	API string
	// Key is the publishable key the pages hold (pk_...).
	Key string
	// Title names the shop ("Demo shop" when empty).
	Title string
	// SecretKey is the write key the shop's server holds to send its
	// orders to the API at checkout; it is never put in a page. Without
	// one, checkout creates no order (the tracker still records the
	// purchase).
	SecretKey string
	// Client sends the orders (a client with a 15 s timeout when nil), and
	// Now stamps them (time.Now when nil).
	Client *http.Client
	Now    func() time.Time
}

// Handler serves the sample shop.
type Handler struct {
	cat  Catalog
	opts Options
	page *template.Template
	mux  *http.ServeMux
}

// New returns the sample shop over cat.
func New(cat Catalog, opts Options) *Handler {
	if opts.Title == "" {
		opts.Title = "Demo shop"
	}
	opts.API = strings.TrimSuffix(opts.API, "/")
	h := &Handler{cat: cat, opts: opts, mux: http.NewServeMux()}
	h.page = template.Must(template.New("page.html").Funcs(template.FuncMap{
		"money": money,
		"pic":   func(it *shopmind.Item) string { return "/img/" + url.PathEscape(it.ID) },
		"join":  strings.Join,
	}).ParseFS(pageFS, "page.html"))
	h.mux.HandleFunc("GET /{$}", h.home)
	h.mux.HandleFunc("GET /item/{id}", h.item)
	h.mux.HandleFunc("GET /cart", h.cart)
	h.mux.HandleFunc("POST /cart", h.addToCart)
	h.mux.HandleFunc("POST /checkout", h.checkout)
	h.mux.HandleFunc("GET /img/{id}", h.picture)
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// view is what page.html renders.
type view struct {
	Options
	Page     string // "home", "item", "cart", "thanks"
	Category string
	Items    []*shopmind.Item
	Item     *shopmind.Item
	Total    float64
	IDs      string // the cart's item ids, comma-separated
	Currency string
	Order    *shopmind.Order // the order placed, on the "thanks" page
	Error    string          // why the order failed, on the "cart" page
}

func (h *Handler) render(w http.ResponseWriter, v view) { h.renderStatus(w, http.StatusOK, v) }

func (h *Handler) renderStatus(w http.ResponseWriter, code int, v view) {
	v.Options = h.opts
	v.SecretKey = "" // never in a page
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := h.page.Execute(w, v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	yes := true
	f := shopmind.ItemFilter{Active: &yes, InStock: &yes, Limit: 200}
	cat := r.URL.Query().Get("c")
	if cat != "" {
		f.Category = &cat
	}
	items, _, err := h.cat.Items(r.Context(), f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// Products with a picture first: a shop window.
	slices.SortStableFunc(items, func(a, b *shopmind.Item) int { return min(len(b.Images), 1) - min(len(a.Images), 1) })
	items = items[:min(len(items), 24)]
	h.render(w, view{Page: "home", Category: cat, Items: items})
}

func (h *Handler) item(w http.ResponseWriter, r *http.Request) {
	it, err := h.cat.Item(r.Context(), r.PathValue("id"))
	if err != nil || !it.Active {
		http.NotFound(w, r)
		return
	}
	h.render(w, view{Page: "item", Item: it})
}

// cartIDs reads the cart cookie: item ids, comma-separated.
func cartIDs(r *http.Request) []string {
	c, err := r.Cookie("cart")
	if err != nil || c.Value == "" {
		return nil
	}
	v, _ := url.QueryUnescape(c.Value)
	return strings.Split(v, ",")
}

func setCart(w http.ResponseWriter, ids []string) {
	http.SetCookie(w, &http.Cookie{Name: "cart", Value: url.QueryEscape(strings.Join(ids, ",")), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func (h *Handler) cart(w http.ResponseWriter, r *http.Request) { h.render(w, h.cartView(r)) }

// cartView is the cart page of the cart r's cookie holds.
func (h *Handler) cartView(r *http.Request) view {
	v := view{Page: "cart"}
	var ids []string
	for _, id := range cartIDs(r) {
		it, err := h.cat.Item(r.Context(), id)
		if err != nil {
			continue
		}
		v.Items = append(v.Items, it)
		v.Total += it.Price
		v.Currency = it.Currency
		ids = append(ids, it.ID)
	}
	v.IDs = strings.Join(ids, ",")
	return v
}

func (h *Handler) addToCart(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("item")
	if _, err := h.cat.Item(r.Context(), id); err != nil {
		http.Error(w, "no such item", http.StatusBadRequest)
		return
	}
	ids := cartIDs(r)
	if len(ids) < 20 {
		ids = append(ids, id)
	}
	setCart(w, ids)
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}

// checkout places the order from the shop's server (with the secret key,
// see placeOrder) and empties the cart. The purchase event is recorded by
// the tracker, from the "Buy" button's data-shopmind-purchase attribute.
// Without a secret key it only empties the cart.
func (h *Handler) checkout(w http.ResponseWriter, r *http.Request) {
	var order *shopmind.Order
	if h.opts.SecretKey != "" {
		ids := cartIDs(r)
		if len(ids) == 0 {
			http.Redirect(w, r, "/cart", http.StatusSeeOther)
			return
		}
		o, err := h.placeOrder(r.Context(), ids, r.FormValue("visitor"))
		if err != nil {
			v := h.cartView(r)
			v.Error = "Sorry, the order could not be placed (" + err.Error() + "). Your cart is kept: please try again."
			h.renderStatus(w, http.StatusBadGateway, v)
			return
		}
		order = o
	}
	setCart(w, nil)
	h.render(w, view{Page: "thanks", Order: order})
}

// picture serves an item's first stored picture (the shop's own image
// hosting; the carousel fetches its pictures from the API instead).
func (h *Handler) picture(w http.ResponseWriter, r *http.Request) {
	it, err := h.cat.Item(r.Context(), r.PathValue("id"))
	if err != nil || len(it.Images) == 0 {
		http.NotFound(w, r)
		return
	}
	if ref := it.Images[0]; strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		http.Redirect(w, r, ref, http.StatusFound)
		return
	}
	img, err := h.cat.Image(r.Context(), it.Images[0])
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/"+img.Format)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(img.Data)
}

// money formats a price with its currency code, e.g. "EUR 89.90".
func money(price float64, currency string) string {
	if currency == "" {
		currency = "USD"
	}
	return currency + " " + strconv.FormatFloat(price, 'f', 2, 64)
}

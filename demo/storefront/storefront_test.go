package storefront_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo/storefront"
	"github.com/shopmind/shopmind/mock"
)

func TestSampleShop(t *testing.T) {
	items := map[string]*shopmind.Item{
		"s1": {ID: "s1", Title: "Trail <Runner>", Price: 89.9, Currency: "EUR", Stock: 3, Active: true, Category: []string{"Shoes", "Running"}, Images: []string{"h1"}},
		"s2": {ID: "s2", Title: "Old mug", Price: 5, Active: false},
	}
	st := &mock.Store{
		ItemFn: func(_ context.Context, id string) (*shopmind.Item, error) {
			if it, ok := items[id]; ok {
				return it, nil
			}
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", id)
		},
		ItemsFn: func(_ context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
			if f.Active == nil || !*f.Active {
				t.Error("home lists inactive items")
			}
			return []*shopmind.Item{items["s1"]}, "", nil
		},
		ImageFn: func(_ context.Context, hash string) (*shopmind.Image, error) {
			return &shopmind.Image{Hash: hash, Format: "png", Data: []byte("png")}, nil
		},
	}
	srv := httptest.NewServer(storefront.New(st, storefront.Options{API: "http://api.example/", Key: "pk_x_y"}))
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path string, want int) string {
		t.Helper()
		res, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
		return string(b)
	}
	home := get("/", 200)
	for _, want := range []string{`src="http://api.example/storefront/shopmind.js" data-key="pk_x_y"`, "<shopmind-recommendations", "<shopmind-chat",
		`data-shopmind-click="s1"`, "Trail &lt;Runner&gt;", "EUR 89.90"} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %s", want)
		}
	}
	page := get("/item/s1", 200)
	for _, want := range []string{`data-shopmind-view="s1"`, `data-shopmind-cart="s1"`, `surface="item" item="s1"`, "Shoes › Running"} {
		if !strings.Contains(page, want) {
			t.Errorf("item page lacks %s", want)
		}
	}
	get("/item/s2", 404) // inactive
	get("/item/none", 404)
	if pic := get("/img/s1", 200); pic != "png" {
		t.Errorf("picture %q", pic)
	}
	if !strings.Contains(get("/cart", 200), "cart is empty") {
		t.Error("a new cart is not empty")
	}
	res, err := c.PostForm(srv.URL+"/cart", url.Values{"item": {"s1"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `data-shopmind-purchase="s1"`) || !strings.Contains(string(b), "EUR 89.90") {
		t.Errorf("cart after adding s1:\n%s", b)
	}
	if res, _ := c.PostForm(srv.URL+"/cart", url.Values{"item": {"none"}}); res.StatusCode != 400 {
		t.Errorf("adding an unknown item: %d, want 400", res.StatusCode)
	}
	res, err = c.PostForm(srv.URL+"/checkout", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), "Thank you") || !strings.Contains(get("/cart", 200), "cart is empty") {
		t.Error("checkout did not thank and empty the cart")
	}
}

// TestCheckoutPlacesOrder: with a secret key, checkout has the shop's
// server add the customer and send the order (priced from the catalog) to
// the API with that key, which no page shows; when the API refuses, the
// shopper is told and keeps the cart.
func TestCheckoutPlacesOrder(t *testing.T) {
	items := map[string]*shopmind.Item{"s1": {ID: "s1", Title: "Trail Runner", Price: 89.9, Currency: "EUR", Active: true}}
	st := &mock.Store{ItemFn: func(_ context.Context, id string) (*shopmind.Item, error) {
		if it, ok := items[id]; ok {
			return it, nil
		}
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", id)
	}}
	const secret = "sm_shopserver_s3cret"
	var mu sync.Mutex
	var calls []string
	var order shopmind.Order
	refuse := false
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+secret {
			http.Error(w, "no key", 401)
			return
		}
		calls = append(calls, r.Method+" "+r.URL.Path)
		switch {
		case refuse:
			http.Error(w, `{"code":"unavailable"}`, 503)
		case r.Method == "GET":
			http.Error(w, `{"code":"not_found"}`, 404)
		case strings.HasPrefix(r.URL.Path, "/v1/orders/"):
			json.NewDecoder(r.Body).Decode(&order)
			w.Write([]byte("{}"))
		default:
			w.Write([]byte("{}"))
		}
	}))
	defer api.Close()
	srv := httptest.NewServer(storefront.New(st, storefront.Options{API: api.URL, Key: "pk_x_y", SecretKey: secret}))
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	post := func(path string, form url.Values) (int, string) {
		t.Helper()
		res, err := c.PostForm(srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if strings.Contains(string(b), secret) {
			t.Fatalf("POST %s: the page holds the secret key", path)
		}
		return res.StatusCode, string(b)
	}
	post("/cart", url.Values{"item": {"s1"}})
	post("/cart", url.Values{"item": {"s1"}})
	code, page := post("/checkout", url.Values{"visitor": {"v_abcdefgh12345678"}})
	if code != 200 || !strings.Contains(page, `id="order-id">`+order.ID) {
		t.Fatalf("checkout: %d\n%s", code, page)
	}
	want := []string{"GET /v1/users/v_abcdefgh12345678", "PUT /v1/users/v_abcdefgh12345678", "PUT /v1/orders/" + order.ID}
	if strings.Join(calls, "|") != strings.Join(want, "|") {
		t.Errorf("API calls %q, want %q", calls, want)
	}
	if order.UserID != "v_abcdefgh12345678" || order.Status != shopmind.OrderPaid || order.Total != 179.8 || order.Currency != "EUR" ||
		len(order.Lines) != 1 || order.Lines[0] != (shopmind.OrderLine{ItemID: "s1", Quantity: 2, UnitPrice: 89.9}) {
		t.Errorf("order sent: %+v", order)
	}

	t.Log("no visitor id (tracking off): a guest's order; the API down: the shopper keeps the cart")
	calls = nil
	post("/cart", url.Values{"item": {"s1"}})
	refuse = true
	if code, page := post("/checkout", nil); code != http.StatusBadGateway || !strings.Contains(page, `id="order-error"`) || !strings.Contains(page, `data-shopmind-purchase="s1"`) {
		t.Errorf("checkout with the API down: %d\n%s", code, page)
	}
	if len(calls) == 0 || !strings.Contains(calls[0], "/v1/users/guest_") {
		t.Errorf("calls without a visitor id: %q, want a guest customer", calls)
	}
}

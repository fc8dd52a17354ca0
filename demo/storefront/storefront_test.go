package storefront_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
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

package web_test

import (
	"context"
	"crypto/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/recommend/serve"
)

// requestLog records the URLs the browser asks for.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) since(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls[n:]...)
}

func (l *requestLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.urls)
}

// logRequests records every request b's page sends from now on.
func logRequests(b *browser) *requestLog {
	l := &requestLog{}
	reqs := chromedp.Events(b.ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.urls = append(l.urls, ev.Request.Method+" "+ev.Request.URL)
			l.mu.Unlock()
		}
	}()
	return l
}

// TestStorefrontConsentOff: a shopper on the sample storefront turns
// tracking off. From then on the carousels ask for the lists an anonymous
// visitor gets (the one already on the page too), no request names the
// visitor, the tracker sends nothing (views, carousel clicks, cart, purchase)
// and the store gets no event; the order the shop's server places is a
// guest's.
func TestStorefrontConsentOff(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 150, Users: 120, Days: 45})
	if err != nil {
		t.Fatal(err)
	}
	must(t, shop.Store(ctx, db, nil))
	rec := serve.NewService(db, serve.ServiceConfig{})
	m, err := rec.Train(ctx, "hybrid", nil)
	if err != nil {
		t.Fatal(err)
	}
	must(t, rec.Swap(ctx, m))
	c := serveConsole(t, db, shopmind.RoleAdmin, "owner", func(srv *httpapi.Server) { srv.HandleRecommendations(rec) })
	shopLn := listen(t)
	pk, key, err := shopmind.NewPublishableKey(rand.Reader, "demo storefront", []string{"http://" + shopLn.Addr().String()}, time.Now())
	must(t, err)
	must(t, db.CreateKey(ctx, key))
	secret, serverKey, err := shopmind.NewAPIKey(rand.Reader, "demo storefront server", shopmind.RoleWrite, time.Now())
	must(t, err)
	must(t, db.CreateKey(ctx, serverKey))
	shopURL := serveShop(t, db, shopLn, c.url, pk, secret)

	b := newBrowser(t, shopURL)
	defer b.checkNoErrors()
	reqs := logRequests(b)

	t.Log("tracking on: the home page asks for the visitor's own recommendations")
	b.do("open shop", chromedp.Navigate(shopURL+"/"))
	personal := waitCarousel(b, "#recs-user")
	visitor := waitJS(b, "visitor id", `window.shopmind && shopmind.visitor() || ""`)
	if personal.Error != "" || !containsAny(reqs.since(0), c.url+"/v1/users/"+visitor+"/recommendations") {
		t.Fatalf("with tracking on, the home carousel %+v did not ask for %s's recommendations: %q", personal, visitor, reqs.since(0))
	}
	b.do("open a product", chromedp.Click(chromedp.CSS("#catalog a.card")))
	first := waitJS(b, "product id", `document.querySelector("#product")?.dataset.shopmindView || ""`)
	waitCarousel(b, "#recs-item")
	waitFor(t, "the click and view sent", func() bool {
		evs, _, _ := db.Events(ctx, shopmind.EventFilter{UserID: visitor, Limit: 10})
		return has(evs, shopmind.EventClick, first) && has(evs, shopmind.EventView, first)
	})
	stored, _, err := db.Events(ctx, shopmind.EventFilter{UserID: visitor, Limit: 100})
	must(t, err)

	t.Log("tracking off on the home page: the carousel there reloads without the visitor")
	b.do("home", chromedp.Navigate(shopURL+"/"))
	waitCarousel(b, "#recs-user")
	off := reqs.len()
	b.do("tracking off", chromedp.Click(chromedp.CSS("#no-tracking")))
	waitFor(t, "the home carousel to ask again", func() bool { return containsAny(reqs.since(off), c.url+"/v1/popular") })
	anon := waitCarousel(b, "#recs-user")
	if anon.Error != "" || len(anon.Items) == 0 {
		t.Errorf("home carousel after tracking off: %+v", anon)
	}

	t.Log("browse, follow the carousel, add to cart and buy with tracking off")
	b.do("open a product", chromedp.Click(chromedp.CSS("#catalog a.card")))
	similar := waitCarousel(b, "#recs-item")
	if similar.Error != "" || len(similar.Items) == 0 {
		t.Fatalf("item carousel with tracking off: %+v", similar)
	}
	next := similar.Items[0]
	b.do("click the carousel", chromedp.Evaluate[chromedp.Void](`document.querySelector("#recs-item").shadowRoot.querySelector("a").click()`))
	waitJS(b, "next product", `document.querySelector("#product")?.dataset.shopmindView == `+jsString(next)+` ? "y" : ""`)
	waitCarousel(b, "#recs-item")
	b.do("add to cart", chromedp.Click(chromedp.CSS("#add-to-cart")))
	waitJS(b, "cart page", `document.querySelector("#buy") ? "y" : ""`)
	b.do("buy", chromedp.Click(chromedp.CSS("#buy")))
	orderID := waitJS(b, "order number", `document.querySelector("#order-id")?.textContent || ""`)
	time.Sleep(2500 * time.Millisecond) // more than two of the tracker's flushes

	after := reqs.since(off)
	for _, u := range after {
		if strings.Contains(u, visitor) {
			t.Errorf("a request after tracking off names the visitor: %s", u)
		}
		if strings.Contains(u, "/v1/events") {
			t.Errorf("the tracker sent events after tracking off: %s", u)
		}
	}
	if !containsAny(after, "/similar?") {
		t.Errorf("no similar-items request after tracking off: %q", after)
	}
	if evs, _, _ := db.Events(ctx, shopmind.EventFilter{UserID: visitor, Limit: 100}); len(evs) != len(stored) {
		t.Errorf("the store has %d events of the visitor, had %d before tracking off: %s", len(evs), len(stored), describe(evs))
	}
	o, err := db.Order(ctx, orderID)
	if err != nil || !strings.HasPrefix(o.UserID, "guest_") {
		t.Errorf("order %s placed with tracking off: %+v %v, want a guest's", orderID, o, err)
	}
	if on := waitJS(b, "consent", `String(shopmind.allowed())`); on != "false" {
		t.Errorf("tracking allowed again after a page change: %s", on)
	}
}

func containsAny(urls []string, part string) bool {
	for _, u := range urls {
		if strings.Contains(u, part) {
			return true
		}
	}
	return false
}

// waitFor polls ok for up to 15 s.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: timed out", what)
		}
	}
}

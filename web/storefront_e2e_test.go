package web_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/demo/storefront"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
	"github.com/shopmind/shopmind/recommend/serve"
)

// serveShop serves the sample storefront over db on its own origin until
// the test ends, its pages calling the API at api with key and its server
// sending orders with the secret key secret; it returns the shop's origin.
func serveShop(t *testing.T, db storefront.Catalog, ln net.Listener, api, key, secret string) string {
	t.Helper()
	srv := &http.Server{Handler: storefront.New(db, storefront.Options{API: api, Key: key, SecretKey: secret, Title: "Demo shop"})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// newStorefrontAssistant trains the assistant as serve does, over db.
func newStorefrontAssistant(t *testing.T, ctx context.Context, db shopmind.Store) *assistant.Service {
	t.Helper()
	exs, err := assistant.DefaultExamples()
	if err != nil {
		t.Fatal(err)
	}
	intents, err := assistant.TrainIntents(ctx, exs, assistant.TrainOptions{
		NewModel:  func() assistant.TextModel { return nlp.NewFastText(assistant.DefaultFastTextParams()) },
		Tokenizer: &nlp.Tokenizer{}, OutOfScope: assistant.OutOfScope, MinPerIntent: 60, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	script, err := assistant.DefaultScript()
	if err != nil {
		t.Fatal(err)
	}
	faq, err := assistant.DefaultFAQ()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := assistant.LoadCatalog(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return &assistant.Service{Store: db, Engine: &assistant.Engine{Intents: intents, Script: script, FAQ: faq,
		Catalog: func() *assistant.Catalog { return cat }, Orders: db}}
}

// shadowJS evaluates to a JSON summary of a carousel: its recommendation
// id, item ids, whether every picture has loaded, and its error if any.
const carouselJS = `(sel) => {
	const el = document.querySelector(sel);
	if (!el || !el.shadowRoot) return "";
	el.scrollIntoView(); // it asks for its list once visible
	const cards = [...el.shadowRoot.querySelectorAll("a")];
	const imgs = cards.map((a) => a.querySelector("img"));
	return JSON.stringify({rec: el.getAttribute("data-recommendation-id") || "", error: el.getAttribute("data-error") || "",
		items: cards.map((a) => a.dataset.item), titles: cards.map((a) => a.querySelector(".t").textContent),
		prices: cards.map((a) => a.querySelector(".p").textContent),
		pending: imgs.filter((i) => i.hasAttribute("data-pending") || (i.src && !i.complete)).length,
		pictures: imgs.filter((i) => i.complete && i.naturalWidth > 0 && i.src.startsWith("blob:")).length});
}`

type carousel struct {
	Rec      string   `json:"rec"`
	Error    string   `json:"error"`
	Items    []string `json:"items"`
	Titles   []string `json:"titles"`
	Prices   []string `json:"prices"`
	Pending  int      `json:"pending"`
	Pictures int      `json:"pictures"`
}

// waitCarousel waits until the carousel sel shows items with all their
// pictures loaded, and returns it.
func waitCarousel(b *browser, sel string) carousel {
	b.t.Helper()
	var c carousel
	js := `((f) => { const s = f(` + jsString(sel) + `); if (!s) return ""; const c = JSON.parse(s);
		return (c.error || (c.items.length > 0 && c.pending == 0)) ? s : ""; })(` + carouselJS + `)`
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err == nil && s != "" {
			if err := json.Unmarshal([]byte(s), &c); err != nil {
				b.t.Fatal(err)
			}
			return c
		}
		select {
		case <-ctx.Done():
			last, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(`+carouselJS+`)(`+jsString(sel)+`)`))
			b.t.Fatalf("waiting for carousel %s: %v; it shows %s", sel, err, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestStorefrontEndToEnd drives the sample storefront in Chromium on its
// own origin: a shopper views products, follows the carousel, adds to cart
// and buys; the events arrive through the publishable key with the
// recommendation id; the carousel shows pictures and follows the shopper;
// the chat widget answers, keeps an anonymous shopper's order private and
// hands off to a person, whose answer appears. A page on an origin the key
// does not list gets nothing.
func TestStorefrontEndToEnd(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 150, Users: 120, Days: 45})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	at := time.Now().UTC().AddDate(0, 0, -2)
	must(t, db.UpsertOrders(ctx, []*shopmind.Order{{ID: "A-1001", UserID: shop.Users[0].ID, Status: shopmind.OrderShipped, Total: 10,
		Lines: []shopmind.OrderLine{{ItemID: shop.Items[0].ID, Quantity: 1, UnitPrice: 10}}, CreatedAt: at,
		History: []shopmind.StatusChange{{Status: shopmind.OrderShipped, At: at}}}}))
	rec := serve.NewService(db, serve.ServiceConfig{})
	m, err := rec.Train(ctx, "hybrid", nil)
	if err != nil {
		t.Fatal(err)
	}
	must(t, rec.Swap(ctx, m))
	asst := newStorefrontAssistant(t, ctx, db)
	c := serveConsole(t, db, shopmind.RoleAdmin, "owner", func(srv *httpapi.Server) {
		srv.HandleRecommendations(rec)
		srv.HandleAssistant(asst)
	})

	shopLn, evilLn := listen(t), listen(t)
	pk, key, err := shopmind.NewPublishableKey(rand.Reader, "demo storefront", []string{"http://" + shopLn.Addr().String()}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.CreateKey(ctx, key))
	// The shop's own server holds a write key (never in a page) to send
	// its orders, as a real shop's backend does.
	shopSecret, shopServerKey, err := shopmind.NewAPIKey(rand.Reader, "demo storefront server", shopmind.RoleWrite, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.CreateKey(ctx, shopServerKey))
	shopURL := serveShop(t, db, shopLn, c.url, pk, shopSecret)
	evilURL := serveShop(t, db, evilLn, c.url, pk, "") // a copy of the page on an origin the key does not list

	b := newBrowser(t, shopURL)
	defer b.checkNoErrors()

	t.Log("home: the carousel shows catalog pictures, titles and prices")
	b.do("open shop", chromedp.Navigate(shopURL+"/"))
	home := waitCarousel(b, "#recs-user")
	if home.Error != "" || home.Rec == "" || len(home.Items) == 0 || home.Pictures == 0 || home.Titles[0] == "" || !strings.ContainsAny(home.Prices[0], "0123456789") {
		t.Fatalf("home carousel %+v: want items with a recommendation id, titles, prices", home)
	}
	visitor := waitJS(b, "visitor id", `window.shopmind && shopmind.visitor() || ""`)
	if !strings.HasPrefix(visitor, "v_") {
		t.Fatalf("visitor id %q", visitor)
	}

	t.Log("item page: a view, then the carousel of similar products")
	b.do("open a product", chromedp.Click(chromedp.CSS("#catalog a.card")))
	waitJS(b, "product page", `document.querySelector("#add-to-cart") ? "y" : ""`)
	first := waitJS(b, "product id", `document.querySelector("#product")?.dataset.shopmindView || ""`)
	similar := waitCarousel(b, "#recs-item")
	if similar.Error != "" || len(similar.Items) == 0 {
		t.Fatalf("item carousel %+v", similar)
	}
	if os.Getenv("SHOPMIND_STOREFRONT_SHOT") != "" {
		waitJS(b, "chat button", `document.querySelector("#chat")?.shadowRoot?.querySelector("button") ? "y" : ""`)
	}
	shotPath := os.Getenv("SHOPMIND_STOREFRONT_SHOT")
	if shotPath != "" {
		b.screenshot(shotPath)
	}

	t.Log("following the carousel records a click with its recommendation id")
	next := similar.Items[0]
	b.do("click the carousel", chromedp.Evaluate[chromedp.Void](`document.querySelector("#recs-item").shadowRoot.querySelector("a").click()`))
	waitJS(b, "next product", `document.querySelector("#product")?.dataset.shopmindView == `+jsString(next)+` ? "y" : ""`)
	after := waitCarousel(b, "#recs-item")
	if strings.Join(after.Items, ",") == strings.Join(similar.Items, ",") {
		t.Errorf("the carousel did not change after viewing another product: %v", after.Items)
	}

	t.Log("add to cart and buy")
	b.do("add to cart", chromedp.Click(chromedp.CSS("#add-to-cart")))
	waitJS(b, "cart page", `document.querySelector("#buy") ? "y" : ""`)
	if html := waitJS(b, "page source", `document.documentElement.outerHTML`); strings.Contains(html, shopSecret) {
		t.Fatal("the shop's secret key is in its page")
	}
	b.do("buy", chromedp.Click(chromedp.CSS("#buy")))
	if got := waitJS(b, "thanks page", `document.querySelector("#thanks") ? "y" : document.querySelector("#order-error")?.textContent || ""`); got != "y" {
		t.Fatalf("checkout: %s", got)
	}
	orderID := waitJS(b, "order number", `document.querySelector("#order-id")?.textContent || ""`)

	t.Log("the shop's server created the order: the API lists it under the visitor, and the console shows it")
	var orders struct{ Orders []*shopmind.Order }
	req, _ := http.NewRequest("GET", c.url+"/v1/orders?user_id="+visitor, nil)
	req.Header.Set("Authorization", "Bearer "+c.secret)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /v1/orders: %v %v", res, err)
	} else {
		json.NewDecoder(res.Body).Decode(&orders)
		res.Body.Close()
	}
	nextItem, err := db.Item(ctx, next)
	must(t, err)
	if len(orders.Orders) != 1 || orders.Orders[0].ID != orderID || len(orders.Orders[0].Lines) != 1 ||
		orders.Orders[0].Lines[0].ItemID != next || orders.Orders[0].Lines[0].UnitPrice != nextItem.Price ||
		orders.Orders[0].Total != nextItem.Price || orders.Orders[0].Status != shopmind.OrderPaid {
		t.Fatalf("the visitor's orders %s: want one paid order %q of %s at %.2f", jsonOf(orders.Orders), orderID, next, nextItem.Price)
	}
	cb := newBrowser(t, c.url)
	cb.signIn(c.secret, "owner")
	cb.open("#/orders/" + orderID)
	cb.waitText("main", orderID, nextItem.Title, visitor, "paid")
	cb.checkNoErrors()

	t.Log("the events arrive in the store, sent with the publishable key")
	var events []*shopmind.Event
	deadline := time.Now().Add(15 * time.Second)
	for ; time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		events, _, err = db.Events(ctx, shopmind.EventFilter{UserID: visitor, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if has(events, shopmind.EventPurchase, next) {
			break
		}
	}
	for _, want := range []struct {
		typ  shopmind.EventType
		item string
	}{{shopmind.EventView, first}, {shopmind.EventView, next}, {shopmind.EventClick, next}, {shopmind.EventCart, next}, {shopmind.EventPurchase, next}} {
		if !has(events, want.typ, want.item) {
			t.Errorf("no %s of %s among the visitor's events: %s", want.typ, want.item, describe(events))
		}
	}
	for _, e := range events {
		if e.ItemID == next && (e.Type == shopmind.EventClick || e.Type == shopmind.EventPurchase) && e.RecommendationID != similar.Rec {
			t.Errorf("%s of %s carries recommendation %q, want the carousel's %q", e.Type, e.ItemID, e.RecommendationID, similar.Rec)
		}
		if e.SessionID == "" {
			t.Errorf("event %s has no session id", e.Type)
		}
	}

	t.Log("back home: the visitor's recommendations follow what they viewed and bought")
	b.do("home again", chromedp.Navigate(shopURL+"/"))
	again := waitCarousel(b, "#recs-user")
	if strings.Join(again.Items, ",") == strings.Join(home.Items, ",") {
		t.Errorf("home recommendations did not change after the views: %v", again.Items)
	}

	t.Log("chat: an anonymous shopper hears nothing about an order without proof, then a person answers")
	chat := func(text string) {
		t.Helper()
		b.do("say "+text, chromedp.Evaluate[chromedp.Void](`(() => { const r = document.querySelector("#chat").shadowRoot;
			r.querySelector(".box").hidden = false; const i = r.querySelector("input"); i.value = `+jsString(text)+`;
			r.querySelector("form").requestSubmit(); })()`))
	}
	lastAssistant := `(() => { const m = [...document.querySelector("#chat").shadowRoot.querySelectorAll('[data-role="assistant"]')]; return m.length >= %N ? m[m.length-1].textContent : ""; })()`
	chat("Where is my order A-1001?")
	reply := waitJS(b, "assistant reply", strings.Replace(lastAssistant, "%N", "1", 1))
	if strings.Contains(strings.ToLower(reply), "shipped") || !strings.Contains(strings.ToLower(reply), "e-mail") {
		t.Errorf("anonymous order question answered %q: want a request for the order's e-mail or postcode, no status", reply)
	}
	b.do("poll fast", chromedp.Evaluate[chromedp.Void](`document.querySelector("#chat").setAttribute("poll", "300")`))
	chat("I want to talk to a person")
	waitJS(b, "hand-off", `document.querySelector("#chat").getAttribute("data-status") == "handoff" ? "y" : ""`)
	conv := waitJS(b, "conversation id", `sessionStorage.getItem("shopmind_chat") || ""`)
	body := strings.NewReader(`{"author":"Ana","text":"Hello, Ana from the shop here."}`)
	req, _ = http.NewRequest("POST", c.url+"/v1/conversations/"+conv+"/replies", body)
	req.Header.Set("Authorization", "Bearer "+c.secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("agent reply: %v %v", res, err)
	}
	res.Body.Close()
	got := waitJS(b, "the person's answer", `[...document.querySelector("#chat").shadowRoot.querySelectorAll('[data-role="agent"]')].map((m) => m.textContent).join("|")`)
	if !strings.Contains(got, "Ana from the shop") {
		t.Errorf("agent message shows %q", got)
	}

	t.Log("consent off: nothing more is recorded")
	before := len(events)
	b.do("tracking off", chromedp.Click(chromedp.CSS("#no-tracking")))
	b.do("open a product", chromedp.Navigate(shopURL+"/item/"+first))
	waitJS(b, "product page", `document.querySelector("#add-to-cart") ? "y" : ""`)
	if on := waitJS(b, "consent", `String(shopmind.allowed())`); on != "false" {
		t.Errorf("tracking still allowed after consent(false)")
	}
	b.do("leave", chromedp.Navigate(shopURL+"/cart"))
	time.Sleep(1500 * time.Millisecond)
	events, _, _ = db.Events(ctx, shopmind.EventFilter{UserID: visitor, Limit: 100})
	if len(events) != before {
		t.Errorf("events after consent(false): %d, had %d", len(events), before)
	}

	t.Log("a page on an origin the key does not list is refused")
	b.do("open the copy", chromedp.Navigate(evilURL+"/"))
	refused := waitCarousel(b, "#recs-user")
	if refused.Error == "" || len(refused.Items) != 0 {
		t.Errorf("carousel on %s: %+v, want an error and no items", evilURL, refused)
	}
	evilVisitor := waitJS(b, "visitor id", `window.shopmind && shopmind.visitor() || ""`)
	b.do("open a product", chromedp.Click(chromedp.CSS("#catalog a.card")))
	waitJS(b, "product page", `document.querySelector("#add-to-cart") ? "y" : ""`)
	time.Sleep(2500 * time.Millisecond) // two flushes of the tracker
	if evs, _, _ := db.Events(ctx, shopmind.EventFilter{UserID: evilVisitor, Limit: 10}); len(evs) != 0 {
		t.Errorf("events from %s were stored: %s", evilURL, describe(evs))
	}
}

func jsonOf(v any) string { b, _ := json.Marshal(v); return string(b) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func has(events []*shopmind.Event, typ shopmind.EventType, item string) bool {
	for _, e := range events {
		if e.Type == typ && e.ItemID == item {
			return true
		}
	}
	return false
}

func describe(events []*shopmind.Event) string {
	var s []string
	for _, e := range events {
		s = append(s, string(e.Type)+" "+e.ItemID+" rec="+e.RecommendationID)
	}
	return strings.Join(s, "; ")
}

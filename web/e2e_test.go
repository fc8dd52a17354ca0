package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/sqlite"
	"github.com/shopmind/shopmind/web"
)

// shop is what the end-to-end test seeds, so its checks can refer to it.
type shop struct {
	items, users, events, orders, reviews, images, models int
	eventDays                                             int // distinct UTC days with events in the last 30
	imageHash                                             string
}

// console is a running server for an end-to-end test.
type console struct {
	url    string // base URL, http://127.0.0.1:<port>
	secret string // the key to sign in with
	keyID  string // its id, to revoke it
}

// openStore opens a fresh SQLite store in a temp dir, closed when the test
// and its cleanups (the server's among them) are done.
func openStore(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// serveConsole runs the real API server with the console over db on
// 127.0.0.1:0 until the test ends, with a key named keyName of the given
// role to sign in with. mount, when not nil, adds the capability's routes
// (or replaces the console) before the server starts.
func serveConsole(t *testing.T, db shopmind.Store, role shopmind.Role, keyName string, mount func(*httpapi.Server)) console {
	t.Helper()
	ctx := context.Background()
	secret, key, err := shopmind.NewAPIKey(rand.Reader, keyName, role, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateKey(ctx, key); err != nil {
		t.Fatalf("create key: %v", err)
	}

	srv := httpapi.NewServer(db, httpapi.Options{Version: "e2e"})
	srv.Console = web.NewHandler(web.Options{Title: "Acme Outdoor", Version: "e2e"})
	if mount != nil {
		mount(srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return console{url: "http://" + ln.Addr().String(), secret: secret, keyID: key.ID}
}

// seedShop stores a small outdoor shop: three named items and enough filler
// to need a second page, two users with history, events over the last two
// weeks, an image, a review and a model.
func seedShop(t *testing.T, ctx context.Context, st shopmind.Store) shop {
	t.Helper()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %s: %v", what, err)
		}
	}
	var pic bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	must("png", png.Encode(&pic, img))
	hash := shopmind.ImageHash(pic.Bytes())
	must("image", st.PutImage(ctx, &shopmind.Image{Hash: hash, Format: "png", Width: 8, Height: 6, Data: pic.Bytes()}))

	items := []*shopmind.Item{
		{ID: "sku-trail", Title: "Trail runner shoe", Brand: "Peakline", Price: 89.9, Currency: "EUR", Stock: 12, Active: true,
			Category: []string{"Shoes", "Running"}, Attributes: map[string]string{"color": "red"}, Images: []string{hash},
			Description: "Light shoe with a grippy sole."},
		{ID: "sku-tent", Title: "Two-person tent", Brand: "Basecamp", Price: 240, Currency: "EUR", Stock: 3, Active: true},
		{ID: "sku-mug", Title: "Enamel coffee mug", Brand: "Basecamp", Price: 12.5, Currency: "EUR", Stock: 0, Active: false},
	}
	for i := range 52 {
		items = append(items, &shopmind.Item{ID: fmt.Sprintf("zz-filler-%02d", i), Title: fmt.Sprintf("Filler %02d", i), Price: 1, Active: true})
	}
	must("items", st.UpsertItems(ctx, items))
	must("users", st.UpsertUsers(ctx, []*shopmind.User{
		{ID: "u-ada", Attributes: map[string]string{"country": "DE", "segment": "runner"}},
		{ID: "u-bob", Attributes: map[string]string{"country": "FR"}},
	}))

	now := time.Now().UTC()
	var events []*shopmind.Event
	days := map[string]bool{}
	for d := range 14 {
		at := now.Add(-time.Duration(d) * 24 * time.Hour).Add(-time.Minute)
		for k := range d%4 + 1 {
			ev := &shopmind.Event{UserID: "u-bob", ItemID: "sku-tent", Type: shopmind.EventView, Time: at.Add(-time.Duration(k) * time.Second)}
			must("event", ev.Validate())
			events = append(events, ev)
			days[ev.Time.Format("2006-01-02")] = true
		}
	}
	for _, e := range []*shopmind.Event{
		{UserID: "u-ada", ItemID: "sku-trail", Type: shopmind.EventView, Time: now.Add(-2 * time.Hour), SessionID: "s-1"},
		{UserID: "u-ada", ItemID: "sku-trail", Type: shopmind.EventPurchase, Value: 1, Time: now.Add(-time.Hour), SessionID: "s-1"},
		{UserID: "u-ada", ItemID: "sku-trail", Type: shopmind.EventRating, Value: 4, Time: now.Add(-30 * time.Minute), SessionID: "s-1"},
	} {
		must("event", e.Validate())
		events = append(events, e)
		days[e.Time.Format("2006-01-02")] = true
	}
	_, err := st.AddEvents(ctx, events)
	must("events", err)
	must("orders", st.UpsertOrders(ctx, []*shopmind.Order{
		{ID: "ord-1001", UserID: "u-ada", Status: shopmind.OrderPaid, Currency: "EUR", Total: 89.9, CreatedAt: now.Add(-time.Hour),
			Lines: []shopmind.OrderLine{{ItemID: "sku-trail", Quantity: 1, UnitPrice: 89.9}}},
	}))
	must("reviews", st.UpsertReviews(ctx, []*shopmind.Review{
		{ID: "rev-1", ItemID: "sku-trail", UserID: "u-ada", Rating: 5, Title: "Great grip", Text: "Held on wet rocks.", CreatedAt: now},
	}))
	must("model", st.SaveModel(ctx, &shopmind.Model{Name: "recommend/popularity", ConfigHash: "c0ffee", Data: []byte("x"),
		Metrics: map[string]float64{"ndcg@10": 0.25, "data_from_unix": 1764806400, "data_to_unix": 1796299200,
			"group/new/ndcg@10": 0.31, "group/new/users": 12, "group/segment:at_risk/hit_rate@10": 0.4}}))
	return shop{items: len(items), users: 2, events: len(events), orders: 1, reviews: 1, images: 1, models: 1,
		eventDays: len(days), imageHash: hash}
}

// shot saves a screenshot of the page as <name>.png in the folder named by
// SHOPMIND_CONSOLE_SHOTS, to look at the console's pages; it does nothing
// when the variable is unset.
func shot(b *browser, name string) {
	b.t.Helper()
	if dir := os.Getenv("SHOPMIND_CONSOLE_SHOTS"); dir != "" {
		b.screenshot(filepath.Join(dir, name+".png"))
	}
}

// TestConsoleEndToEnd drives the console in headless Chromium against the
// real server and checks what a person sees.
func TestConsoleEndToEnd(t *testing.T) {
	db := openStore(t)
	want := seedShop(t, context.Background(), db)
	c := serveConsole(t, db, shopmind.RoleAdmin, "e2e admin", nil)
	key := c.secret
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()

	t.Log("sign in with a wrong key")
	b.open("")
	b.waitText("main, body", "Sign in to the console")
	b.do("wrong key", chromedp.SendKeys(chromedp.CSS("#api-key"), "sm_000000000000_not-a-real-secret"),
		chromedp.Click(chromedp.CSS("#sign-in")))
	b.waitText("#sign-in-status", "That API key was not accepted")
	if n := b.count("nav"); n != 0 {
		t.Fatalf("a wrong key shows the console (%d nav elements)", n)
	}

	t.Log("sign in with the admin key")
	b.do("right key", chromedp.Clear(chromedp.CSS("#api-key")), chromedp.SendKeys(chromedp.CSS("#api-key"), key),
		chromedp.Click(chromedp.CSS("#sign-in")))
	b.waitText(".who", "e2e admin", "admin")
	b.waitText("nav", "SHOP DATA", "Overview", "Items", "Customers", "Models", "INTELLIGENCE", "Recommendations", "Forecasts")
	if n := b.count(`nav [aria-disabled="true"][title="coming soon"]`); n != 0 {
		t.Errorf("coming-soon entries = %d, want 0", n)
	}

	t.Log("overview counts and chart")
	b.waitText("#counts", "Items")
	for field, n := range map[string]int{"items": want.items, "users": want.users, "events": want.events,
		"orders": want.orders, "reviews": want.reviews, "images": want.images, "models": want.models} {
		if got := b.text(fmt.Sprintf(`[data-count=%q] .stat-value`, field)); got != fmt.Sprint(n) {
			t.Errorf("overview %s = %q, want %d", field, got, n)
		}
	}
	if n := b.count("#events-chart svg.chart rect.chart-bar"); n != 30 {
		t.Errorf("chart has %d bars, want one per day (30)", n)
	}
	if n := b.count(`#events-chart svg.chart rect.chart-bar:not([data-value="0"])`); n != want.eventDays {
		t.Errorf("chart has %d non-empty bars, want %d days with events", n, want.eventDays)
	}
	if title := b.text("#events-chart svg.chart title"); title != "Events per day, last 30 days" {
		t.Errorf("chart title = %q", title)
	}
	b.waitText("main", fmt.Sprintf("%d events in the last 30 days", want.events))
	b.screenshot("/tmp/console-overview.png")

	t.Log("items: pages and search")
	b.do("open items", chromedp.Click(chromedp.CSS(`nav a[data-route="items"]`)))
	b.waitText("#item-results", "Trail runner shoe", "Two-person tent", "Enamel coffee mug", "Next page")
	b.do("next page", chromedp.Click(chromedp.CSS("#items-next")))
	b.waitText("#item-results", "Filler 51", "First page", "Showing 5 items, page 2.")
	b.do("search", chromedp.SendKeys(chromedp.CSS("#item-search"), "trail\n"))
	got := b.waitText("#item-results", "Trail runner shoe", "Peakline", "€89.90", "Showing 1 item")
	shot(b, "items")
	if strings.Contains(got, "tent") || strings.Contains(got, "Filler") {
		t.Errorf("search for trail shows other items:\n%s", got)
	}

	t.Log("item page")
	b.do("open item", chromedp.Click(chromedp.CSS(`#item-results a[href="#/items/sku-trail"]`)))
	b.waitText("main", "Trail runner shoe", "Light shoe with a grippy sole.", "Shoes › Running", "Peakline", "€89.90",
		"color", "red", "Great grip", "Held on wet rocks.", "purchase", "u-ada")
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`[...document.querySelectorAll(".thumb img")].some((i) => i.complete && i.naturalWidth === 8)`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("item image not shown: %v", err)
	}
	if got := b.text(".thumb figcaption"); got != want.imageHash[:12] {
		t.Errorf("image caption = %q, want the hash prefix %q", got, want.imageHash[:12])
	}
	shot(b, "item")
	// An event's value reads by its type: a purchase's quantity, a rating's
	// stars; never a bare "1" under "Value", which reads as money.
	amounts := waitJS(b, "the events' quantity or rating", `(() => { const out = [];
		for (const t of document.querySelectorAll("main table")) {
			const heads = [...t.querySelectorAll("thead th")].map((th) => th.innerText.trim().toLowerCase());
			const col = heads.indexOf("quantity or rating"), typ = heads.indexOf("type");
			if (col < 0 || typ < 0) continue;
			for (const r of t.querySelectorAll("tbody tr")) out.push(r.cells[typ].innerText.trim() + "=" + r.cells[col].innerText.trim());
		}
		return out.join("|"); })()`)
	for _, want := range []string{"purchase=× 1", "rating=★★★★☆"} {
		if !strings.Contains("|"+amounts+"|", "|"+want+"|") {
			t.Errorf("item events show %q, want a row %q", amounts, want)
		}
	}

	t.Log("user page from the item's events")
	b.do("open user", chromedp.Click(chromedp.CSS(`main a[href="#/users/u-ada"]`)))
	got = b.waitText("main", "Customer u-ada", "country", "DE", "segment", "runner", "ord-1001", "paid", "€89.90",
		"Trail runner shoe", "purchase", "view", "Great grip")
	if strings.Contains(got, "sku-tent") {
		t.Errorf("user page shows another user's events:\n%s", got)
	}
	shot(b, "user")

	t.Log("users and models lists")
	b.open("#/users")
	b.waitText("#user-results", "u-ada", "u-bob", "country: FR")
	b.open("#/models")
	b.waitText("main", "recommend/popularity", "v1", "how well the top 10 matches what people bought", "0.2500")
	if n := b.count(`main .metric-name[title="ndcg@10"]`); n != 1 {
		t.Errorf("the metric's technical name is in %d tooltips, want 1", n)
	}
	// The span of the training data reads as dates, not Unix seconds.
	b.waitText("main", "data from 2025-12-04 to 2026-12-03")
	if got := b.text("main"); strings.Contains(got, "1764806400") || strings.Contains(got, "data_from_unix") {
		t.Errorf("models page shows the data span as raw Unix seconds:\n%s", got)
	}
	// Figures per customer group sit in a closed details box, named in words.
	if n := b.count(`main details.metric-groups:not([open])`); n != 1 {
		t.Errorf("models page has %d closed boxes of per-group figures, want 1", n)
	}
	b.waitText("main details.metric-groups summary", "By customer group (3 figures)")
	if n := b.count(`main details.metric-groups .metric-name[title="group/segment:at_risk/hit_rate@10"]`); n != 1 {
		t.Errorf("the at-risk hit rate is in %d tooltips of the per-group box, want 1", n)
	}
	// (textContent: the box is closed, so the name is not rendered.)
	if got := waitJS(b, "the at-risk hit rate's name", `document.querySelector('main details.metric-groups .metric-name[title="group/segment:at_risk/hit_rate@10"]')?.textContent || ""`); got != "At risk: customers with at least one hit in the top 10" {
		t.Errorf("the at-risk hit rate is named %q", got)
	}
	shot(b, "models")

	t.Log("API errors read as messages")
	b.open("#/items/no-such-item")
	b.waitText("main .error", "Could not load item no-such-item.", "not_found")
	shot(b, "error")

	t.Log("sign out")
	b.do("sign out", chromedp.Click(chromedp.CSS("#sign-out")))
	b.waitText("body", "You signed out.", "Sign in to the console")
	if n := b.count("nav"); n != 0 {
		t.Error("console still shown after signing out")
	}
	b.open("#/items")
	b.waitText("body", "Sign in to the console")

	t.Log("a revoked key ends the session")
	b.do("sign in again", chromedp.SendKeys(chromedp.CSS("#api-key"), key+"\n"))
	b.waitText("#item-results", "Trail runner shoe")
	if err := db.DeleteKey(context.Background(), c.keyID); err != nil {
		t.Fatalf("revoke key: %v", err)
	}
	b.do("open users", chromedp.Click(chromedp.CSS(`nav a[data-route="users"]`)))
	b.waitText("body", "Your API key is no longer accepted. Sign in again.", "Sign in to the console")
}

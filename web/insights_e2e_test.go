package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/supply"
)

// TestInsightsAndForecastsPages serves a small generated shop with insights
// and supply computed, and checks what a person sees: segments with a
// chart, the churn model's AUC, a campaign target list, the funnel and
// cohorts; items at risk of stock-out and an item's forecast chart.
func TestInsightsAndForecastsPages(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 60, Users: 400, Days: 240})
	if err != nil {
		t.Fatal(err)
	}
	// A best seller with almost no stock must show as at risk.
	sold := map[string]int{}
	for _, o := range shop.Orders {
		for _, l := range o.Lines {
			sold[l.ItemID] += l.Quantity
		}
	}
	var best *shopmind.Item
	for _, it := range shop.Items {
		if best == nil || sold[it.ID] > sold[best.ID] {
			best = it
		}
	}
	best.Stock = 1
	// A four-day sale of it, three weeks before the end of the history.
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // the demo's default end
	shop.Promotions = append(shop.Promotions, &shopmind.Promotion{ID: "e2e-sale", Name: "E2E sale",
		Start: end.AddDate(0, 0, -21), End: end.AddDate(0, 0, -18), ItemIDs: []string{best.ID}})
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	b, ins, sup := serveInsightsConsole(t, db, "e2e marketer")
	defer b.checkNoErrors()

	t.Log("insights: segments, model, funnel, cohorts")
	b.do("open insights", chromedp.Click(chromedp.CSS(`nav a[data-route="insights"]`)))
	seg, err := ins.Segmentation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.waitText("#insights-customers", strconv.Itoa(seg.Customers), "Customers who ordered") // under 1,000: no separator; not every customer record
	b.waitText(".card", "RFM segments", "Champions", "At risk", "Hibernating")
	if n := b.count("#segments-chart rect.chart-bar"); n != len(insights.Segments) {
		t.Errorf("segment chart has %d bars, want %d", n, len(insights.Segments))
	}
	b.waitText("#churn-model", "insights/churn v1", "AUC", "recency alone")
	b.waitText("#funnel", "viewed", "added to cart", "overall")
	if n := b.count("#funnel rect.chart-bar"); n != 3 {
		t.Errorf("funnel chart has %d bars, want 3", n)
	}
	b.waitText("#cohorts", "2026-", "%")

	t.Log("insights: a segment's customers")
	b.open("#/insights?segment=champions")
	b.waitText("#segment-customers", "customers.", "Close", "U0", "Campaign list (CSV)")
	// The segment's campaign CSV holds its customers who accept marketing.
	page, total, err := ins.Customers(ctx, shopmind.CustomerFilter{Segment: "champions", Marketable: true, Limit: 1})
	if err != nil || len(page) == 0 {
		t.Fatalf("champions: %v, %d", err, total)
	}
	b.do("build the segment CSV", chromedp.Evaluate[chromedp.Void](`(async () => {
		const { Client } = await import("/assets/js/api.js");
		const m = await import("/assets/js/pages/overview.js");
		const s = JSON.parse(sessionStorage.getItem("shopmind.session"));
		const [name, text] = await m.segmentsCSV(new Client(s.key), ["champions"], "c.csv");
		window.__segcsv = text;
	})(), undefined`))
	lines := strings.Split(strings.TrimSpace(waitJS(b, "the segment CSV", `window.__segcsv || ""`)), "\n")
	if len(lines)-1 != total || !strings.HasPrefix(lines[0], "user_id,segment,orders,spent") {
		t.Errorf("segment CSV has %d rows (header %q), want the %d marketable champions", len(lines)-1, lines[0], total)
	}

	t.Log("insights: campaign targeting")
	cat := shop.Items[0].Category[0]
	b.do("target", chromedp.SendKeys(chromedp.CSS("#target-value"), cat), chromedp.Click(chromedp.CSS("#target-run")))
	b.waitText("#target-results", "expected buyers", "more than a random pick", "Export CSV")
	b.do("show the features", chromedp.Click(chromedp.CSS("#target-features summary")))
	b.waitText("#target-features", "Features this ranking used", "units bought", "recency_days", "never used")
	if n := b.count("#target-results tbody tr"); n != 50 {
		t.Errorf("target list has %d rows, want 50", n)
	}
	shot(b, "insights")

	t.Log("forecasts: items at risk and an item's forecast")
	b.do("open forecasts", chromedp.Click(chromedp.CSS(`nav a[data-route="forecasts"]`)))
	got := b.waitText("#stock", "may run out before a new order arrives", best.Title, "Runs out soon")
	if n := b.count(`#stock a[href="#/items/` + best.ID + `"] .pic`); n != 1 {
		t.Errorf("the best seller's row has %d pictures linked to its page, want 1", n)
	}
	if !strings.Contains(got, "At risk of stock-out") {
		t.Errorf("no at-risk tile:\n%s", got)
	}
	b.do("open the best seller", chromedp.Click(chromedp.CSS(`#stock a[href*="forecasts?item=`+best.ID+`"]`)))
	b.waitText("#forecast", "units forecast over the next 28 days", "prediction interval")
	b.waitText("#forecast-item", "Forecast of", best.Title)
	if b.count("#forecast polygon.forecast-band") != 1 || b.count("#forecast polyline.forecast-history") != 1 {
		t.Errorf("forecast chart lacks its band or history line")
	}
	// The demo's promotion days covering the item are amber columns.
	fc, err := sup.Forecast(ctx, shopmind.DemandQuery{ItemID: best.ID})
	if err != nil {
		t.Fatal(err)
	}
	promoDays := 0
	for _, p := range append(fc.History, fc.Forecast...) {
		if p.Event != "" {
			promoDays++
		}
	}
	if n := b.count("#forecast rect.forecast-event"); n != promoDays || promoDays < 4 {
		t.Errorf("forecast chart shades %d promotion days, the API names %d (at least the 4 of the E2E sale)", n, promoDays)
	}
	b.waitText("#forecast", "amber:", "promotion or holiday days")
	b.waitText("#item-advice", "Runs out soon", "less than the 7-day lead time", "Reorder point", "Order now")
	shot(b, "forecasts")

	t.Log("forecasts: an unknown item shows the API's error")
	b.open("#/forecasts?item=no-such-item")
	b.waitText(".error", "Could not load forecast", "not found")
}

// serveInsightsConsole computes insights and stock advice over db, serves
// the console with their routes and a read key named keyName, and returns
// a browser signed in with it.
func serveInsightsConsole(t *testing.T, db shopmind.Store, keyName string) (*browser, *insights.Service, *supply.Service) {
	t.Helper()
	ctx := context.Background()
	ins := insights.NewService(db)
	if err := ins.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	sup := supply.NewService(db, supply.Options{})
	if err := sup.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	c := serveConsole(t, db, shopmind.RoleRead, keyName, func(srv *httpapi.Server) {
		srv.HandleInsights(ins)
		srv.HandleSupply(sup)
	})
	b := newBrowser(t, c.url)
	b.signIn(c.secret, keyName)
	return b, ins, sup
}

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// ownerShop stores a generated shop (60 products, 400 shoppers, 240 days
// of history up to 2026-11-16) whose best sellers are out of stock, nearly
// sold out, or stocked for a bit more than or well over the time a new order
// takes: what a shop's stock looks like on a normal day.
func ownerShop(t *testing.T) (shopmind.Store, *demo.Shop) {
	t.Helper()
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 60, Users: 400, Days: 240, End: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	sold := map[string]int{}
	for _, o := range shop.Orders {
		for _, l := range o.Lines {
			sold[l.ItemID] += l.Quantity
		}
	}
	best := append([]*shopmind.Item(nil), shop.Items...)
	for i := range best { // by units sold, most first
		for j := i + 1; j < len(best); j++ {
			if sold[best[j].ID] > sold[best[i].ID] {
				best[i], best[j] = best[j], best[i]
			}
		}
	}
	// Days of sales on hand for the best sellers (at 1.4 times their
	// average over the history, about what the forecast expects of them):
	// none, two (less than a new order takes), eight (a bit more).
	// The demo leaves a slow seller at low risk too.
	for i, days := range []float64{0, 2, 8, 8} {
		it := best[i]
		it.Stock = int(math.Ceil(days * 1.4 * float64(sold[it.ID]) / 240))
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	return db, shop
}

// stockStatus is the status the Forecasts page must give a row of stock
// advice: out of stock, runs out before a new order could arrive, could run
// out (a real chance), low risk, or fine.
func stockStatus(a *shopmind.StockAdvice) string {
	switch {
	case a.Stock <= 0 && a.DailyDemand > 0:
		return "Out of stock"
	case a.DaysOfCover >= 0 && a.DaysOfCover < float64(a.LeadTime):
		return "Runs out soon"
	case a.AtRisk && a.StockoutRisk >= 0.2:
		return "Could run out"
	case a.AtRisk || a.Reorder:
		return "Low risk"
	default:
		return "Fine"
	}
}

// TestForecastsPageForOwner opens the Forecasts page of a generated shop
// and checks what an owner reads: every product named by its title (no
// bare item id in the table or the cards), each row's status badge saying
// what its numbers say, in words and colour, with a tooltip and a legend.
func TestForecastsPageForOwner(t *testing.T) {
	ctx := context.Background()
	db, shop := ownerShop(t)
	b, _, sup := serveInsightsConsole(t, db, "e2e owner")
	defer b.checkNoErrors()
	rep, err := sup.StockAdvice(ctx, shopmind.StockFilter{AtRisk: ptr(true), Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]bool{}
	want := map[string]string{}
	for _, a := range rep.Advice {
		t.Logf("at risk: %s: %s", adviceLine(a), stockStatus(a))
		want[a.ItemID] = stockStatus(a)
		statuses[want[a.ItemID]] = true
	}
	if len(statuses) < 4 {
		t.Fatalf("the shop's at-risk products have the statuses %v; the test needs four kinds", statuses)
	}

	b.open("#/forecasts")
	b.waitText("#stock", "may run out before a new order arrives")
	shot(b, "owner-forecasts")
	text := b.text("#stock table")
	for _, it := range shop.Items {
		if strings.Contains(text, it.ID) {
			t.Errorf("the stock table shows the bare item id %q (%s)", it.ID, it.Title)
		}
	}
	rows := waitJS(b, "the rows' status badges", `JSON.stringify([...document.querySelectorAll("#stock tbody tr")].map((r) => {
		const b = r.querySelector(".stock-status .badge");
		return { item: r.querySelector("a[data-item]")?.dataset.item || "", text: b ? b.innerText.trim() : "", cls: b ? b.className : "", tip: b ? b.title : "",
			forecast: r.querySelector('a[href*="forecasts?item="]')?.innerText.trim() || "" };
	}))`)
	var got []struct{ Item, Text, Cls, Tip, Forecast string }
	if err := json.Unmarshal([]byte(rows), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rep.Advice) {
		t.Fatalf("the table has %d rows, the API %d at-risk products", len(got), len(rep.Advice))
	}
	kinds := map[string]string{"Out of stock": "badge-bad", "Runs out soon": "badge-bad", "Could run out": "badge-warn", "Low risk": "badge-ok", "Fine": "badge-ok"}
	for _, r := range got {
		if r.Text != want[r.Item] {
			t.Errorf("%s: status %q, want %q", r.Item, r.Text, want[r.Item])
		}
		if !strings.Contains(r.Cls, kinds[r.Text]) {
			t.Errorf("%s: status %q has the classes %q, want %s", r.Item, r.Text, r.Cls, kinds[r.Text])
		}
		if r.Tip == "" {
			t.Errorf("%s: status %q has no tooltip", r.Item, r.Text)
		}
		if r.Forecast == "" || r.Forecast == r.Item {
			t.Errorf("%s: the forecast link reads %q", r.Item, r.Forecast)
		}
	}
	legend := b.waitText("#stock-legend", "Out of stock", "Runs out soon", "Could run out", "Low risk")
	if !strings.Contains(legend, "lead time") {
		t.Errorf("the legend does not say what the statuses mean: %q", legend)
	}

	t.Log("an item's forecast: the cards name the product")
	first := rep.Advice[0]
	b.open("#/forecasts?item=" + first.ItemID)
	b.waitText("#forecast", "units forecast")
	b.waitText("#item-advice", "Reorder point")
	titles := waitJS(b, "card titles", `(() => { const t = [...document.querySelectorAll(".card h2")].map((h) => h.innerText); return t.length >= 2 && t.every((x) => !x.endsWith(":")) ? t.join("|") : ""; })()`)
	want2 := []string{"Sales and forecast: " + first.Title, "Stock advice: " + first.Title}
	for _, w := range want2 {
		if !strings.Contains(titles, w) {
			t.Errorf("card titles %q lack %q", titles, w)
		}
	}
	if strings.Contains(titles, first.ItemID) {
		t.Errorf("card titles %q show the item id", titles)
	}
	shot(b, "owner-forecast-item")
}

func ptr[T any](v T) *T { return &v }

// adviceLine writes a row of advice for messages.
func adviceLine(a *shopmind.StockAdvice) string {
	return fmt.Sprintf("%s stock %d, %.2f/day, cover %.1f d, lead %d d, risk %.0f%%", a.ItemID, a.Stock, a.DailyDemand, a.DaysOfCover, a.LeadTime, 100*a.StockoutRisk)
}

// TestDataEndsOnOneDay checks that every page that says where the shop's
// data ends names the same day: the last day with events (UTC), the day
// the Overview's data span ends on, not the day after it (which the
// Forecasts page showed, from the stock advice's exclusive end).
func TestDataEndsOnOneDay(t *testing.T) {
	ctx := context.Background()
	db, _ := ownerShop(t)
	span, err := db.EventSpan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last := span.Last.UTC().Format(time.DateOnly)
	if last != "2026-11-15" {
		t.Fatalf("the generated history ends on %s, want 2026-11-15 (the day before its end)", last)
	}
	b, _, _ := serveInsightsConsole(t, db, "e2e owner")
	defer b.checkNoErrors()

	b.waitText("#data-span", "to "+last+" (UTC)")
	b.open("#/forecasts")
	tile := b.waitText("#stock-as-of", "Data up to")
	if !strings.Contains(tile, last) {
		t.Errorf("Forecasts says %q, the data ends on %s", tile, last)
	}
	shot(b, "owner-forecasts-data-end")
	b.open("#/insights")
	tile = b.waitText("#insights-as-of", "Data up to")
	if !strings.Contains(tile, last) {
		t.Errorf("Insights says %q, the data ends on %s", tile, last)
	}
	b.waitText("#funnel", " to "+last+".")
	tips := waitJS(b, "the tile's tooltip", `document.querySelector("#insights-as-of [title]")?.title || ""`)
	if !strings.Contains(tips, "last day") {
		t.Errorf("the Data up to tile's tooltip %q does not say what the day is", tips)
	}
}

// TestCustomersPagePaging walks the Customers page of a generated shop
// page by page: each page says which customers it shows out of how many
// and in what order, the next page follows on, and the last one ends at
// the total.
func TestCustomersPagePaging(t *testing.T) {
	ctx := context.Background()
	db, _ := ownerShop(t)
	counts, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for u, err := range shopmind.All(ctx, shopmind.ListUsers(db, shopmind.UserFilter{})) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if counts.Users != int64(len(ids)) || len(ids) <= 100 {
		t.Fatalf("the shop has %d users (%d listed); the test needs over 100", counts.Users, len(ids))
	}
	b, _, _ := serveInsightsConsole(t, db, "e2e owner")
	defer b.checkNoErrors()

	b.open("#/users")
	total := fmt.Sprintf("%d", len(ids))
	for page := 1; ; page++ {
		from, to := (page-1)*50+1, min(page*50, len(ids))
		want := fmt.Sprintf("Customers %d–%d of %s, by customer id", from, to, total)
		b.waitText("#users-count", want)
		first := b.text("#user-results tbody tr td")
		if first != ids[from-1] {
			t.Errorf("page %d starts with %q, want %q", page, first, ids[from-1])
		}
		if page == 1 {
			shot(b, "owner-customers")
		}
		if to == len(ids) {
			if n := b.count("#users-next"); n != 0 {
				t.Errorf("the last page has a next link")
			}
			break
		}
		if page > 1 && b.count(`#user-results a.btn[href="#/users"]`) != 1 {
			t.Errorf("page %d has no link to the first page", page)
		}
		b.do("next page", chromedp.Click(chromedp.CSS("#users-next")))
	}
}

// TestSegmentCustomersPaging pages through a segment's customers on the
// Insights page: each page says which of how many it lists, in the API's
// order (highest churn risk first), and the next page follows on.
func TestSegmentCustomersPaging(t *testing.T) {
	ctx := context.Background()
	db, _ := ownerShop(t)
	b, ins, _ := serveInsightsConsole(t, db, "e2e owner")
	defer b.checkNoErrors()
	seg, err := ins.Segmentation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	name, n := "", 0
	for _, s := range seg.Segments {
		if s.Customers > n {
			name, n = s.Name, s.Customers
		}
	}
	if n <= 25 {
		t.Fatalf("the largest segment has %d customers; the test needs over 25 (two pages)", n)
	}
	b.open("#/insights?segment=" + name)
	for page := 1; page <= 3; page++ {
		offset := (page - 1) * 25
		want, total, err := ins.Customers(ctx, shopmind.CustomerFilter{Segment: name, Sort: "churn_risk", Offset: offset, Limit: 25})
		if err != nil || total != n || len(want) == 0 {
			t.Fatalf("page %d: %d customers of %d: %v", page, len(want), total, err)
		}
		b.waitText("#segment-count", fmt.Sprintf("Customers %d–%d of %d, highest churn risk first", offset+1, offset+len(want), n))
		if first := b.text("#segment-customers tbody tr td"); first != want[0].UserID {
			t.Errorf("page %d starts with %q, want %q", page, first, want[0].UserID)
		}
		if offset+len(want) >= n {
			if b.count("#segment-next") != 0 {
				t.Errorf("the last page (%d) has a next link", page)
			}
			if b.count(`#segment-customers a.btn[href="#/insights?segment=`+name+`"]`) != 1 {
				t.Errorf("the last page (%d) has no link to the first", page)
			}
			break
		}
		if page == 3 {
			break
		}
		b.do("next page", chromedp.Click(chromedp.CSS("#segment-next")))
	}
	shot(b, "owner-segment-page")
}

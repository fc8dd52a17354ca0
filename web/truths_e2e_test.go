package web_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/ingest"
	"github.com/shopmind/shopmind/insights"
)

// waitJS polls a JavaScript expression until it gives a non-empty string,
// and returns it; on timeout it fails with what.
func waitJS(b *browser, what, expr string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err == nil && s != "" {
			return s
		}
		select {
		case <-ctx.Done():
			b.t.Fatalf("waiting for %s: %v (last error %v)", what, ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TestConsoleTruthsOnDemoShop checks small truths of the console on a
// generated shop, as an owner would: a search for "shoe" lists the shoes,
// the examples the console suggests for a category work when typed as
// shown, and the "At risk" tile counts what the segment table and the
// segment's customer list count.
func TestConsoleTruthsOnDemoShop(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 60, Users: 400, Days: 240, End: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)}) // mid-month: November still running
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	b, ins, _ := serveInsightsConsole(t, db, "e2e owner")
	defer b.checkNoErrors()

	t.Log("items: searching shoe lists the shoes")
	shoes := 0
	for _, it := range shop.Items {
		if it.Category[0] == "Shoes" {
			shoes++
		}
	}
	if shoes == 0 || shoes > 50 {
		t.Fatalf("demo catalog has %d shoes; the test needs 1 to 50 (one page)", shoes)
	}
	b.open("#/items")
	b.waitText("#item-results", "Showing")
	b.do("search shoe", chromedp.SendKeys(chromedp.CSS("#item-search"), "shoe"),
		chromedp.Click(chromedp.CSS(`#item-search ~ button[type="submit"]`)))
	b.waitText("#item-results", fmt.Sprintf("Showing %d items", shoes))
	if n := b.count("#item-results tbody tr"); n != shoes {
		t.Errorf("search shoe shows %d rows, want the %d shoes", n, shoes)
	}
	shot(b, "truths-search-shoe")
	got := waitJS(b, "categories of the rows", `[...document.querySelectorAll("#item-results tbody tr")].map((r) => r.cells[3].innerText).join("|")`)
	for _, cat := range strings.Split(got, "|") {
		if !strings.HasPrefix(cat, "Shoes › ") {
			t.Errorf("search shoe lists an item in %q", cat)
		}
	}

	t.Log("insights: the At risk tile, the segment table and the segment's list agree")
	seg, err := ins.Segmentation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	atRisk, cantLose := -1, -1
	for _, s := range seg.Segments {
		switch s.Name {
		case "at_risk":
			atRisk = s.Customers
		case "cant_lose":
			cantLose = s.Customers
		}
	}
	if atRisk <= 0 || cantLose <= 0 {
		t.Fatalf("demo shop has %d at-risk and %d can't-lose customers; the test needs both", atRisk, cantLose)
	}
	b.do("open insights", chromedp.Click(chromedp.CSS(`nav a[data-route="insights"]`)))
	b.waitText(".card", "RFM segments", "At risk")
	tile := b.waitText("#insights-at-risk", "At risk")
	row := waitJS(b, "the At risk row", `(() => { const r = [...document.querySelectorAll(".card table tbody tr")].find((r) => r.cells[0].innerText.trim() === "At risk");
		return r ? r.cells[2].innerText : ""; })()`)
	tileN := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(tile), "At risk"))
	if tileN != row || row != strconv.Itoa(atRisk) {
		t.Errorf("At risk: tile shows %q, the segment table %q; the segment has %d customers", tileN, row, atRisk)
	}
	// The tile says "Can't lose"; the table and chart name the segment the same way.
	cantRow := waitJS(b, "the Can't lose row", `(() => { const r = [...document.querySelectorAll(".card table tbody tr")].find((r) => r.cells[0].innerText.trim() === "Can't lose");
		return r ? r.cells[2].innerText : ""; })()`)
	if cantRow != strconv.Itoa(cantLose) {
		t.Errorf("segment table's Can't lose row shows %q customers, want %d", cantRow, cantLose)
	}
	// Money in the segment and cluster tables is written in the shop's
	// currency (the demo's orders are in US dollars), as the other pages
	// write it: thousands separators and two decimals in every cell, so the
	// column lines up.
	amounts := waitJS(b, "revenue and spend cells", `(() => { const out = [];
		for (const t of document.querySelectorAll(".card table")) {
			const heads = [...t.querySelectorAll("thead th")].map((th) => th.innerText.trim().toLowerCase());
			const col = heads.findIndex((x) => x === "revenue" || x === "avg. spend");
			if (col < 0) continue;
			for (const r of t.querySelectorAll("tbody tr")) out.push(r.cells[col].innerText.trim());
		}
		return out.join("|"); })()`)
	if shop.Orders[0].Currency != "USD" {
		t.Fatalf("the demo's orders are in %s; the test expects USD", shop.Orders[0].Currency)
	}
	moneyRe := regexp.MustCompile(`^\$\d{1,3}(,\d{3})*\.\d{2}$`)
	for _, a := range strings.Split(amounts, "|") {
		if !moneyRe.MatchString(a) {
			t.Errorf("insights shows the amount %q; want US dollars with thousands separators and two decimals, $1,234.50 (all amounts: %s)", a, amounts)
		}
	}
	if seg.Currency != "USD" {
		t.Errorf("GET /v1/insights/segments says the currency is %q, want USD", seg.Currency)
	}
	// The cohort cells of the month now running are marked as "so far".
	asOf := seg.AsOf.UTC()
	if asOf.AddDate(0, 0, 1).Month() != asOf.Month() {
		t.Fatalf("demo data ends on %s, the last day of a month; the test needs a month still running", asOf)
	}
	thisMonth := asOf.Format("2006-01")
	running := waitJS(b, "cohort cells", `(() => { const cells = [...document.querySelectorAll("#cohorts .heat")];
		return cells.length ? cells.map((c) => (c.classList.contains("partial") ? "P" : "-") + (c.title.includes(" so far") ? "s" : "")).join("") : ""; })()`)
	if !strings.Contains(running, "Ps") {
		t.Errorf("no cohort cell of %s (the month now running) is marked as so far: %q", thisMonth, running)
	}
	b.waitText("#cohorts-running", "before "+thisMonth+" is over")
	b.open("#/insights?segment=at_risk")
	b.waitText("#segment-customers", fmt.Sprintf("%d customers.", atRisk))
	spent := waitJS(b, "the Spent cells", `(() => { const t = document.querySelector("#segment-customers table"); if (!t) return "";
		const col = [...t.querySelectorAll("thead th")].findIndex((th) => th.innerText.trim().toLowerCase() === "spent");
		return [...t.querySelectorAll("tbody tr")].map((r) => r.cells[col].innerText.trim()).join("|"); })()`)
	for _, a := range strings.Split(spent, "|") {
		if !moneyRe.MatchString(a) {
			t.Errorf("a segment's customer list shows the amount spent %q; want US dollars, $1,234.50", a)
		}
	}
	one, _, err := ins.Customers(ctx, shopmind.CustomerFilter{Segment: "at_risk", Limit: 1})
	if err != nil || len(one) != 1 {
		t.Fatalf("an at-risk customer: %v", err)
	}
	b.open("#/users/" + one[0].UserID)
	if got := b.waitText("#user-value", "Spent"); !regexp.MustCompile(`Spent\s+\$\d{1,3}(,\d{3})*\.\d{2} over`).MatchString(got) {
		t.Errorf("the customer's page gives the amount spent without the currency:\n%s", got)
	}
	b.open("#/insights?segment=at_risk")
	cells := waitJS(b, "cohort cell tooltips", `[...document.querySelectorAll("#cohorts .heat")].map((c) => c.title).join("|")`)
	if !strings.Contains(cells, "ordered, $") {
		t.Errorf("cohort cells' tooltips give revenue without the currency: %.200s", cells)
	}

	t.Log("insights: the targeting example, typed as shown, finds customers")
	b.open("#/insights")
	hint := b.waitText("#target-results p.muted", "(")
	m := regexp.MustCompile(`\((?:path like|e\.g\.) ([^)]+)\)`).FindStringSubmatch(hint)
	if m == nil {
		t.Fatalf("targeting hint names no example category: %q", hint)
	}
	b.do("target the example", chromedp.SendKeys(chromedp.CSS("#target-value"), m[1]), chromedp.Click(chromedp.CSS("#target-run")))
	b.waitText("#target-results", "expected buyers", strings.Join(shopmind.ParseCategory(m[1]), " › "))
	shot(b, "truths-insights")
	if b.count("#target-results .error") != 0 {
		t.Errorf("targeting the console's own example %q shows an error", m[1])
	}

	t.Log("forecasts: the category example, typed as shown, gives a forecast")
	b.open("#/forecasts")
	ph := waitJS(b, "an example in the placeholder", `(() => { const p = document.querySelector("#forecast-value")?.placeholder || ""; return p.includes(" like ") ? p : ""; })()`)
	example := ph[strings.Index(ph, " like ")+len(" like "):]
	b.do("forecast the example", chromedp.SetValue(chromedp.CSS("#forecast-kind"), "category"),
		chromedp.SendKeys(chromedp.CSS("#forecast-value"), example), chromedp.Click(chromedp.CSS(`#forecast-value ~ button[type="submit"]`)))
	b.waitText("#forecast", "units forecast")
	shot(b, "truths-forecast-category")
	if t := b.text(".card h2"); !strings.Contains(t, strings.Join(shopmind.ParseCategory(example), " › ")) {
		b.t.Errorf("forecast card title %q does not show the category as the console writes categories", t)
	}
}

// TestConsoleImportedDates imports MovieLens-shaped files (ratings only, in
// 1997-98) and checks that the overview and the insights page show the
// data's real dates: never a zero year, never a dash for data that exists.
func TestConsoleImportedDates(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	if _, err := ingest.Import(ctx, db, []string{filepath.Join("..", "testdata", "import", "ml-100k-mini")}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	ins := insights.NewService(db)
	if err := ins.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	c := serveConsole(t, db, shopmind.RoleRead, "e2e owner", func(srv *httpapi.Server) { srv.HandleInsights(ins) })
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e owner")

	b.waitText("#data-span", "Events from 1997-09-22 to 1998-03-07")
	shot(b, "truths-overview-imported")
	b.do("open insights", chromedp.Click(chromedp.CSS(`nav a[data-route="insights"]`)))
	b.waitText("#insights-as-of", "1998-03-07")
	b.waitText("#funnel", "1998-02-05 to 1998-03-07")
	shot(b, "truths-insights-imported")
	if body := b.text("#app"); strings.Contains(body, "0000-") || strings.Contains(body, "to —") {
		t.Errorf("insights page shows a zero year or a missing date:\n%s", body)
	}
}

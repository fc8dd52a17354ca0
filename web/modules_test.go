package web_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind/web"
)

// TestModules runs the console's pure JavaScript functions (chart scales,
// day filling, routing, formatting) in Chromium, where they really run.
func TestModules(t *testing.T) {
	srv := httptest.NewServer(web.Handler())
	defer srv.Close()
	b := newBrowser(t, srv.URL)
	defer b.checkNoErrors()
	b.open("")
	b.waitText("body", "Sign in to the console")

	tests := []struct {
		name   string
		module string // under /assets/js/
		expr   string // JavaScript over the module's exports, as m
		want   string // JSON.stringify of the result
	}{
		{"TicksSmallCounts", "chart.js", `m.ticks(4)`, `[0,1,2,3,4]`},
		{"TicksRoundUp", "chart.js", `m.ticks(52)`, `[0,20,40,60]`},
		{"TicksIntegerStep", "chart.js", `m.ticks(13)`, `[0,5,10,15]`},
		{"TicksFractions", "chart.js", `m.ticks(0.3, false)`, `[0,0.1,0.2,0.3]`},
		{"TicksEmpty", "chart.js", `m.ticks(0)`, `[0,1]`},
		{"FillDays", "chart.js", `m.fillDays([{day: "2026-11-26", count: 3}, {day: "2020-01-01", count: 9}], 3, new Date("2026-11-27T23:59:00Z"))`,
			`[{"label":"2026-11-25","value":0},{"label":"2026-11-26","value":3},{"label":"2026-11-27","value":0}]`},
		{"FillDaysAcrossMonth", "chart.js", `m.fillDays([], 2, new Date("2026-03-01T00:30:00Z")).map((d) => d.label)`, `["2026-02-28","2026-03-01"]`},
		{"ForecastChartEvents", "pages/forecasts.js", `(() => { const svg = m.forecastChart(
			[{date: "2026-11-27", value: 30, event: "Black Friday"}, {date: "2026-11-28", value: 8}],
			[{date: "2026-11-29", value: 8, lower: 5, upper: 11, event: "Winter sale"}], {title: "T", desc: "", unit: "day"});
			return [...svg.querySelectorAll("rect.forecast-event")].map((r) => r.querySelector("title").textContent); })()`,
			`["2026-11-27: Black Friday","2026-11-29: Winter sale"]`},
		{"ChartBars", "chart.js", `(() => { const svg = m.barChart([{label: "a", value: 2}, {label: "b", value: 0}], {title: "T"});
			return [svg.querySelectorAll("rect.chart-bar").length, svg.querySelector("title").textContent, svg.getAttribute("role"),
				svg.querySelector("rect.chart-bar title").textContent]; })()`, `[2,"T","img","a: 2"]`},
		{"ParseHash", "router.js", `(() => { const r = m.parseHash("#/items/a%2Fb/?q=x+y"); return [r.path, r.query.get("q")]; })()`, `["items/a%2Fb","x y"]`},
		{"ParseEmpty", "router.js", `m.parseHash("").path`, `""`},
		{"Href", "router.js", `m.href("items", {q: "a b", after: ""})`, `"#/items?q=a+b"`},
		{"FormatMoney", "format.js", `[m.money(89.9, "EUR"), m.money(1234.5, ""), m.money(2, "eu")]`, `["€89.90","1,234.50","2.00 eu"]`},
		{"FormatStars", "format.js", `[m.stars(3), m.stars(0)]`, `["★★★☆☆","no rating"]`},
		{"FormatDateTime", "format.js", `[m.dateTime("2026-11-27T14:05:09Z"), m.dateTime("0001-01-01T00:00:00Z"), m.date("2026-11-27T14:05:09+02:00")]`,
			`["2026-11-27 14:05 UTC","—","2026-11-27"]`},
		// An exclusive end of data names the last day it includes: the stock
		// advice's midnight and insights' second after the last order agree.
		{"FormatLastDay", "format.js", `[m.lastDay("2026-12-04T00:00:00Z"), m.lastDay("2026-12-03T23:59:31Z"), m.lastDay("2026-12-04T00:00:01Z"), m.lastDay("0001-01-01T00:00:00Z")]`,
			`["2026-12-03","2026-12-03","2026-12-04","—"]`},
		{"FormatZeroYear", "format.js", `[m.date("0000-12-02T00:00:01Z"), m.date("0001-01-01T00:00:01Z"), m.date("1998-03-07T02:20:48Z")]`,
			`["—","—","1998-03-07"]`},
		{"CategoryName", "categories.js", `[m.categoryName("shoes/Sneakers"), m.categoryName(" Shoes › Sneakers "), m.categoryName("鞋/跑鞋")]`,
			`["shoes › Sneakers","Shoes › Sneakers","鞋 › 跑鞋"]`},
		{"CategoryExample", "categories.js", `m.example([{path: ["A"], name: "A", items: 9}, {path: ["A", "B"], name: "A › B", items: 4},
			{path: ["A", "C"], name: "A › C", items: 5}, {path: ["A", "C", "D"], name: "A › C › D", items: 5}]).name`, `"A › C"`},
		{"CategoryExampleFlat", "categories.js", `[m.example([{path: ["A"], name: "A", items: 1}, {path: ["B"], name: "B", items: 3}]).name, m.example([])]`,
			`["B",null]`},
		{"CSVCells", "csv.js", `[m.csvCell("plain"), m.csvCell("a,b"), m.csvCell('say "hi"'), m.csvCell("=SUM(A1)"), m.csvCell("-2+3"), m.csvCell(-2.5), m.csvCell(null), m.csvCell("two\nlines")]`,
			`["plain","\"a,b\"","\"say \"\"hi\"\"\"","'=SUM(A1)","'-2+3","-2.5","","\"two\nlines\""]`},
		{"CSVFile", "csv.js", `m.toCSV(["id", "title"], [["P1", "Boot, brown"], ["P2", "@cmd"]])`, `"id,title\r\nP1,\"Boot, brown\"\r\nP2,'@cmd\r\n"`},
		{"OverviewPeriodDays", "pages/overview.js", `m.period(new URLSearchParams("days=7"), new Date("2026-12-04T10:00:00Z"))`, `{"from":"2026-11-28","to":"2026-12-04","days":7}`},
		{"OverviewPeriodDefault", "pages/overview.js", `m.period(new URLSearchParams(""), new Date("2026-03-01T00:10:00Z"))`, `{"from":"2026-01-31","to":"2026-03-01","days":30}`},
		{"OverviewPeriodRange", "pages/overview.js", `m.period(new URLSearchParams("from=2026-10-01&to=2026-10-31&days=7"))`, `{"from":"2026-10-01","to":"2026-10-31","days":0}`},
		{"OverviewChange", "pages/overview.js", `[m.change(120, 100), m.change(5, 0), m.change(0.25, 0.2, true), m.change(90, 100).down]`,
			`[{"text":"+20% vs the period before","up":true,"down":false},null,{"text":"+5.0 pts vs the period before","up":true,"down":false},true]`},
		{"DomEscapes", "dom.js", `m.h("p", {}, "<b>x</b>").innerHTML`, `"&lt;b&gt;x&lt;/b&gt;"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
			defer cancel()
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](
				`import("/assets/js/`+tt.module+`").then((m) => JSON.stringify(`+tt.expr+`))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("evaluate: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}

	t.Run("Routes", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		defer cancel()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Promise.all([import("/assets/js/router.js"), import("/assets/js/pages.js")])
			.then(([r, p]) => JSON.stringify(["items", "items/a%2Fb", "users/u%201", "recommendations", "nope", "items/%E0%A4%A"].map((path) => {
				const f = r.match(p.pages, path);
				return f ? [f.page.route, f.params] : null;
			})))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		want := `[["items",{}],["items/:id",{"id":"a/b"}],["users/:id",{"id":"u 1"}],["recommendations",{}],null,null]`
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

package demo_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/sqlite"
	"github.com/shopmind/shopmind/supply"
)

// TestStockAdviceAfterBlackFriday is what an owner saw: the demo shop built
// on 3 December, whose best seller over Black Friday sold 24-33 a day and
// 7-10 a day before and after, was forecast at 17.2 a day ("order 522
// now"). Through the stock advice API, the item's daily demand must be its
// normal level, not the promotion's, and the order quantity must follow.
func TestStockAdviceAfterBlackFriday(t *testing.T) {
	ctx := context.Background()
	end := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	shop, err := demo.Generate(demo.Options{End: end})
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Stock advice reads the catalog, the orders and the calendar: store
	// those (events, reviews and images are not needed and slow to write).
	lean := &demo.Shop{Items: shop.Items, Users: shop.Users, Orders: shop.Orders, Promotions: shop.Promotions}
	if err := lean.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	if len(shop.Promotions) < 5 || shop.Promotions[0].Name != "Black Friday" {
		t.Fatalf("the demo's calendar: %d promotions, first %+v", len(shop.Promotions), shop.Promotions[0])
	}

	// The item that sold most over Black Friday week (24-30 November), and
	// its normal level: the four weeks before it.
	bf := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	sold := map[string][]float64{}
	for _, o := range shop.Orders {
		if o.Status == shopmind.OrderCancelled || o.Status == shopmind.OrderRefunded || o.Status == shopmind.OrderReturned {
			continue
		}
		k := int(o.CreatedAt.Sub(bf.AddDate(0, 0, -28)).Hours() / 24)
		if k < 0 || k >= 28+7+2 {
			continue
		}
		for _, l := range o.Lines {
			if sold[l.ItemID] == nil {
				sold[l.ItemID] = make([]float64, 28+7+2)
			}
			sold[l.ItemID][k] += float64(l.Quantity)
		}
	}
	mean := func(xs []float64) float64 {
		var s float64
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	best, bestBF := "", 0.0
	for id, d := range sold {
		if m := mean(d[28:35]); m > bestBF {
			best, bestBF = id, m
		}
	}
	normal := mean(sold[best][:28])
	t.Logf("%s: %.1f a day over Black Friday, %.1f a day in the 4 weeks before, %v after", best, bestBF, normal, sold[best][35:])
	if bestBF < 2*normal || normal < 4 {
		t.Fatalf("the demo no longer plants a Black Friday spike: %.1f a day against %.1f normally", bestBF, normal)
	}

	key := adminKey(t, db)
	srv := httpapi.NewServer(db, httpapi.Options{Registry: prometheus.NewRegistry(), Version: "test"})
	svc := supply.NewService(db, supply.Options{})
	srv.HandleSupply(svc)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	var rep shopmind.StockReport
	call(t, ts, key, "POST", "/v1/stock/refresh", &rep)

	var a shopmind.StockAdvice
	call(t, ts, key, "GET", "/v1/stock/advice/"+best, &a)
	t.Logf("advice: %+v", a)
	if a.DailyDemand < 0.75*normal || a.DailyDemand > 1.35*normal {
		t.Errorf("daily demand %.2f, want the normal level %.1f (0.75-1.35x); Black Friday sold %.1f a day", a.DailyDemand, normal, bestBF)
	}
	// Reorder point: 7 days of lead time at the normal level plus safety
	// stock (1.645 sd of a week's Poisson demand is about 15 at 8 a day).
	if lo, hi := 7*0.75*normal, 7*1.35*normal+25; a.ReorderPoint < lo || a.ReorderPoint > hi {
		t.Errorf("reorder point %.1f, want %.0f-%.0f", a.ReorderPoint, lo, hi)
	}
	// Cover rule: reorder point plus 28 days of demand, less the stock.
	lo, hi := 30*normal-float64(a.Stock), 48*normal-float64(a.Stock)
	switch {
	case a.Reorder && (a.OrderQuantity < lo || a.OrderQuantity > hi):
		t.Errorf("order quantity %g, want %.0f-%.0f (35 days at %.1f a day, less %d in stock)", a.OrderQuantity, lo, hi, normal, a.Stock)
	case !a.Reorder && (a.OrderQuantity != 0 || float64(a.Stock) <= a.ReorderPoint):
		t.Errorf("no reorder, yet order quantity %g and stock %d at reorder point %.1f", a.OrderQuantity, a.Stock, a.ReorderPoint)
	}

	// The forecast the console charts says the same, and shows why.
	var fc shopmind.DemandForecast
	call(t, ts, key, "GET", "/v1/forecasts/items/"+best+"?horizon=14", &fc)
	var next []float64
	for _, p := range fc.Forecast[:7] {
		next = append(next, p.Value)
	}
	if m := mean(next); m < 0.75*normal || m > 1.35*normal {
		t.Errorf("forecast %.2f a day for the next week, want about %.1f", m, normal)
	}
	// The chart names the promotion days: Black Friday week, nothing after.
	bfDays := 0
	for _, p := range fc.History {
		onBF := p.Date >= "2026-11-24" && p.Date <= "2026-11-30"
		if onBF && strings.Contains(p.Event, "Black Friday") {
			bfDays++
		} else if onBF || (p.Date > "2026-11-30" && p.Event != "") {
			t.Errorf("history %s: event %q", p.Date, p.Event)
		}
	}
	if bfDays != 7 {
		t.Errorf("%d history days named Black Friday, want 7", bfDays)
	}
	if !slices.ContainsFunc(fc.Notes, func(n string) bool { return strings.Contains(n, "7 promotion or holiday periods") }) {
		t.Errorf("forecast notes do not say that the 7 Black Friday days were set aside: %q", fc.Notes)
	}
}

func adminKey(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	secret, key, err := shopmind.NewAPIKey(rand.Reader, "owner", shopmind.RoleAdmin, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateKey(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	return secret
}

func call(t *testing.T, ts *httptest.Server, key, method, path string, out any) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

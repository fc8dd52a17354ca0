package main

import (
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// The owner's overview on a (reduced) demo shop shows sales that followed
// recommendations: the simulated shoppers used the product pages'
// carousels, and their clicks and purchases carry the list's
// recommendation id as the storefront tracker's do. The share is held to a
// two-sided band (docs/demo.md, "Recommendations in the history"): 12.6%
// of purchase value on the default shop; outside 5-25% the carousel model
// or the attribution is broken (a carousel on every product page rarely
// brings less than 5% of a small shop's sales, and shops report up to a
// quarter to a third only with recommendations on every page). The shop
// is the demo's (2,000 products, as the default: the share depends on the
// catalog's size) with fewer shoppers and days, stored as `shopmind demo`
// stores it and served by `shopmind serve` (without the demo's model
// training, which would add minutes to the package's tests).
func TestDemoOverviewAttributesRecommendations(t *testing.T) {
	env, stdout, _ := testEnv(t)
	storeDemoShop(t, env, demo.Options{Items: 2000, Users: 1200, Days: 60})
	key := createKey(t, env, stdout, "owner", "read")
	base := startServe(t, env, stdout)
	var ov shopmind.Overview
	if code := getOverviewJSON(t, base+"v1/reports/overview?from=2026-10-02&to=2026-10-31&attention=1", key, &ov); code != 200 {
		t.Fatalf("GET /v1/reports/overview: %d", code)
	}
	t.Logf("2026-10-02 to 2026-10-31: revenue %.2f from %d orders; after recommendations %.2f from %d purchases, %.1f%% of purchase value",
		ov.Revenue, ov.Orders, ov.RecommendedRevenue, ov.RecommendedPurchases, 100*ov.RecommendedShare)
	if ov.Revenue <= 0 || ov.Orders < 100 {
		t.Fatalf("revenue %.2f from %d orders: the demo's last 30 days are too thin to measure", ov.Revenue, ov.Orders)
	}
	if ov.RecommendedRevenue <= 0 || ov.RecommendedPurchases == 0 {
		t.Fatalf("revenue attributed to recommendations %.2f (%d purchases): the owner sees a zero", ov.RecommendedRevenue, ov.RecommendedPurchases)
	}
	if ov.RecommendedRevenue > ov.Revenue {
		t.Errorf("attributed revenue %.2f is above the total %.2f", ov.RecommendedRevenue, ov.Revenue)
	}
	if ov.RecommendedShare < 0.05 || ov.RecommendedShare > 0.25 {
		t.Errorf("share of purchase value after recommendations %.3f, want 0.05 to 0.25", ov.RecommendedShare)
	}
	if p := ov.Previous; p.RecommendedRevenue <= 0 || p.RecommendedShare < 0.05 || p.RecommendedShare > 0.25 {
		t.Errorf("the period before: attributed %.2f, share %.3f, want > 0 and 0.05 to 0.25", p.RecommendedRevenue, p.RecommendedShare)
	}
}

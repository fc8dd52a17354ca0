package supply_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/store/sqlite"
	"github.com/shopmind/shopmind/supply"
)

func TestServiceOnDemoStore(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	shop, err := demo.Generate(demo.Options{Seed: 5, Items: 120, Users: 800, Days: 200, End: end})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	s := supply.NewService(db, supply.Options{LeadTime: 7})
	if _, err := s.StockAdvice(ctx, shopmind.StockFilter{}); shopmind.ErrorCode(err) != shopmind.EUNAVAILABLE {
		t.Fatalf("before refresh: %v", err)
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := s.StockAdvice(ctx, shopmind.StockFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Items != 120 || len(rep.Advice) != 10 || rep.Total != 120 || !rep.AsOf.Equal(end) {
		t.Fatalf("report: %d items, %d advice, total %d, as of %v", rep.Items, len(rep.Advice), rep.Total, rep.AsOf)
	}
	yes := true
	risky, err := s.StockAdvice(ctx, shopmind.StockFilter{AtRisk: &yes, Limit: 1000})
	if err != nil || risky.Total != rep.AtRisk || len(risky.Advice) != rep.AtRisk {
		t.Fatalf("at-risk filter: total %d, want %d (%v)", risky.Total, rep.AtRisk, err)
	}
	for _, a := range risky.Advice {
		if !a.AtRisk {
			t.Fatalf("not at risk: %+v", a)
		}
	}

	// The best seller's forecast, daily and weekly.
	sold := map[string]int{}
	for _, o := range shop.Orders {
		for _, l := range o.Lines {
			sold[l.ItemID] += l.Quantity
		}
	}
	best := ""
	for id, n := range sold {
		if best == "" || n > sold[best] || n == sold[best] && id < best {
			best = id
		}
	}
	tests := []struct {
		name    string
		q       shopmind.DemandQuery
		history int
		horizon int
		first   string
	}{
		{"item daily", shopmind.DemandQuery{ItemID: best}, 112, 28, "2026-06-01"},
		{"item weekly", shopmind.DemandQuery{ItemID: best, Bucket: shopmind.BucketWeek, Horizon: 4, History: 10}, 10, 4, ""},
		{"category", shopmind.DemandQuery{Category: shop.Items[0].Category[0], Horizon: 7}, 28, 7, "2026-06-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc, err := s.Forecast(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(fc.History) != tt.history || len(fc.Forecast) != tt.horizon || fc.Method == "" {
				t.Fatalf("history %d forecast %d method %q", len(fc.History), len(fc.Forecast), fc.Method)
			}
			if tt.first != "" && fc.Forecast[0].Date != tt.first {
				t.Errorf("first forecast date %s, want %s", fc.Forecast[0].Date, tt.first)
			}
			for _, p := range fc.Forecast {
				if p.Lower > p.Value || p.Upper < p.Value || p.Value < 0 {
					t.Fatalf("bad interval %+v", p)
				}
			}
		})
	}
	for _, bad := range []struct {
		q    shopmind.DemandQuery
		code string
	}{
		{shopmind.DemandQuery{}, shopmind.EINVALID},
		{shopmind.DemandQuery{ItemID: "nope"}, shopmind.ENOTFOUND},
		{shopmind.DemandQuery{Category: "Nope"}, shopmind.ENOTFOUND},
		{shopmind.DemandQuery{ItemID: best, Bucket: "month"}, shopmind.EINVALID},
		{shopmind.DemandQuery{ItemID: best, Horizon: 1000}, shopmind.EINVALID},
	} {
		if _, err := s.Forecast(ctx, bad.q); shopmind.ErrorCode(err) != bad.code {
			t.Errorf("%+v: %v, want %s", bad.q, err, bad.code)
		}
	}
	a, err := s.ItemStockAdvice(ctx, best)
	if err != nil || a.ItemID != best || a.DailyDemand <= 0 {
		t.Fatalf("item advice %+v %v", a, err)
	}
	if _, err := s.ItemStockAdvice(ctx, "nope"); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Errorf("unknown item: %v", err)
	}
}

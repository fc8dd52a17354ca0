package httpapi_test

import (
	"context"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/overview"
	"github.com/shopmind/shopmind/store/sqlite"
)

// BenchmarkOverviewRoute measures GET /v1/reports/overview (the console's
// first view: the last 30 days) on a demo-shaped shop (the demo's
// generator, 2,000 products, 1,200 shoppers, 60 days; SQLite on disk)
// after serve's background computation (Refresh):
//
//   - compute: the background computation itself (Refresh).
//   - served: each request comes when the computed overview is past
//     MaxAge, the case that made the owner wait on the demo shop (the
//     route computed it again on the request). pages/op counts the pages
//     of orders and events the route read on the request.
func BenchmarkOverviewRoute(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "shop.db"))
	if err != nil {
		b.Fatal(err)
	}
	shop, err := demo.Generate(demo.Options{Items: 2000, Users: 1200, Days: 60})
	if err != nil {
		b.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	start := time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC) // the demo's history ends on November 1st
	now := start
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	store := &readCounter{OverviewStore: db}
	svc := &overview.Service{Store: store, Now: clock}
	ls := serveLiveWith(b, db, func() { db.Close() }, func(s *httpapi.Server) { s.HandleOverview(svc) })
	if err := svc.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	b.Run("compute", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := svc.Refresh(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("served", func(b *testing.B) {
		before := store.onRequest.Load()
		for i := 0; i < b.N; i++ {
			mu.Lock()
			now = start.Add(time.Duration(1+i%600) * overview.DefaultMaxAge) // past MaxAge, the same day
			mu.Unlock()
			var ov shopmind.Overview
			ls.call(b, "GET", "/v1/reports/overview", ls.adminKey, nil, http.StatusOK, &ov)
			if ov.Orders == 0 {
				b.Fatalf("no orders in the last 30 days of the demo shop")
			}
		}
		b.ReportMetric(float64(store.onRequest.Load()-before)/float64(b.N), "pages/op")
	})
}

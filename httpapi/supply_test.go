package httpapi

import (
	"context"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

func TestSupplyRoutes(t *testing.T) {
	var queries []shopmind.DemandQuery
	var filters []shopmind.StockFilter
	svc := &mock.Supply{
		ForecastFn: func(_ context.Context, q shopmind.DemandQuery) (*shopmind.DemandForecast, error) {
			queries = append(queries, q)
			if q.ItemID == "nope" {
				return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", q.ItemID)
			}
			return &shopmind.DemandForecast{ItemID: q.ItemID, Category: q.Category, Bucket: shopmind.BucketWeek, Method: "ETS(A,N,A)",
				Forecast: []shopmind.DemandPoint{{Date: "2026-06-01", Value: 3, Lower: 1, Upper: 5}}}, nil
		},
		StockAdviceFn: func(_ context.Context, f shopmind.StockFilter) (*shopmind.StockReport, error) {
			filters = append(filters, f)
			return &shopmind.StockReport{Items: 3, AtRisk: 1, Advice: []*shopmind.StockAdvice{{ItemID: "a", AtRisk: true}}}, nil
		},
		ItemStockAdviceFn: func(_ context.Context, id string) (*shopmind.StockAdvice, error) {
			return &shopmind.StockAdvice{ItemID: id, ReorderPoint: 12}, nil
		},
		RefreshFn: func(context.Context) error { return nil },
	}
	s := newTestServer(t, newMockStore())
	s.HandleSupply(svc)
	h := s.Handler()
	tests := []struct {
		name, method, path, key string
		status                  int
		contains                string
	}{
		{"item forecast", "GET", "/v1/forecasts/items/a?bucket=week&horizon=4&level=0.8&history=10", readKey, 200, `"method":"ETS(A,N,A)"`},
		{"unknown item", "GET", "/v1/forecasts/items/nope", readKey, 404, "not found"},
		{"bad horizon", "GET", "/v1/forecasts/items/a?horizon=0", readKey, 400, `"field":"horizon"`},
		{"bad level", "GET", "/v1/forecasts/items/a?level=1.5", readKey, 400, `"field":"level"`},
		{"category", "GET", "/v1/forecasts/categories?path=Shoes/Running", readKey, 200, `"category":"Shoes/Running"`},
		{"category without path", "GET", "/v1/forecasts/categories", readKey, 400, `"field":"path"`},
		{"advice", "GET", "/v1/stock/advice?at_risk=true&limit=5&offset=2", readKey, 200, `"at_risk":1`},
		{"advice bad flag", "GET", "/v1/stock/advice?reorder=maybe", readKey, 400, `"field":"reorder"`},
		{"item advice", "GET", "/v1/stock/advice/a", readKey, 200, `"reorder_point":12`},
		{"refresh needs write", "POST", "/v1/stock/refresh", readKey, 403, ""},
		{"refresh", "POST", "/v1/stock/refresh", writeKey, 200, `"items":3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: tt.method, path: tt.path, key: tt.key}.do(t, h)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
				t.Fatalf("%d %s, want %d containing %s", rec.Code, rec.Body.String(), tt.status, tt.contains)
			}
		})
	}
	if f := filters[0]; f.AtRisk == nil || !*f.AtRisk || f.Reorder != nil || f.Limit != 5 || f.Offset != 2 {
		t.Errorf("filter %+v", f)
	}
	if q := queries[0]; q.ItemID != "a" || q.Bucket != shopmind.BucketWeek || q.Horizon != 4 || q.Level != 0.8 || q.History != 10 {
		t.Errorf("query %+v", q)
	}
	if q := queries[len(queries)-1]; q.Category != "Shoes/Running" || q.Horizon != 0 {
		t.Errorf("category query %+v", q)
	}
}

func TestInsightsAndSupplyInOpenAPI(t *testing.T) {
	s := newTestServer(t, newMockStore())
	s.HandleInsights(&mock.Insights{})
	s.HandleSupply(&mock.Supply{})
	doc, _ := fetchOpenAPI(t, s)
	for _, p := range []string{"/v1/insights/segments", "/v1/insights/targets", "/v1/insights/customers/{id}", "/v1/forecasts/items/{id}", "/v1/stock/advice"} {
		if _, ok := doc.Paths[p]; !ok {
			t.Errorf("%s not in the OpenAPI document", p)
		}
	}
	for _, c := range []string{"Segmentation", "TargetList", "DemandForecast", "StockReport"} {
		if _, ok := doc.Components.Schemas[c]; !ok {
			t.Errorf("schema %s missing", c)
		}
	}
}

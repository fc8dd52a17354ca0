package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

func TestInsightsRoutes(t *testing.T) {
	var gotFilter shopmind.CustomerFilter
	var gotFunnel shopmind.FunnelQuery
	var gotTargets shopmind.TargetQuery
	refreshed := 0
	svc := &mock.Insights{
		SegmentationFn: func(context.Context) (*shopmind.Segmentation, error) {
			return &shopmind.Segmentation{Customers: 42, Segments: []shopmind.SegmentSummary{{Name: "champions", Customers: 5}}}, nil
		},
		CustomersFn: func(_ context.Context, f shopmind.CustomerFilter) ([]*shopmind.CustomerInsight, int, error) {
			gotFilter = f
			return []*shopmind.CustomerInsight{{UserID: "u1", Segment: "champions"}}, 7, nil
		},
		CustomerFn: func(_ context.Context, id string) (*shopmind.CustomerInsight, error) {
			if id != "u1" {
				return nil, shopmind.Errorf(shopmind.ENOTFOUND, "user %q has no counted orders", id)
			}
			return &shopmind.CustomerInsight{UserID: "u1", ChurnRisk: 0.25}, nil
		},
		TargetsFn: func(_ context.Context, q shopmind.TargetQuery) (*shopmind.TargetList, error) {
			gotTargets = q
			return &shopmind.TargetList{Category: q.Category, Baseline: 0.1, Targets: []shopmind.CampaignTarget{
				{UserID: "u1", Probability: 0.5, Uplift: 0.4, Affinity: 0.3, Segment: "loyal"},
				{UserID: "u,2", Probability: 0.25, Uplift: 0.15, Affinity: 0.2, Segment: "new"},
			}}, nil
		},
		FunnelFn: func(_ context.Context, q shopmind.FunnelQuery) (*shopmind.Funnel, error) {
			gotFunnel = q
			return &shopmind.Funnel{Unit: "user", Steps: []shopmind.FunnelStep{{Step: shopmind.EventView, Count: 10, Rate: 1, Overall: 1}}}, nil
		},
		CohortsFn: func(_ context.Context, q shopmind.CohortQuery) (*shopmind.Cohorts, error) {
			return &shopmind.Cohorts{Cohorts: []shopmind.Cohort{{Month: "2026-01", Customers: q.Months}}}, nil
		},
		RefreshFn: func(context.Context) error { refreshed++; return nil },
	}
	s := newTestServer(t, newMockStore())
	s.HandleInsights(svc)
	h := s.Handler()

	tests := []struct {
		name, method, path, key string
		status                  int
		contains                string
	}{
		{"segments", "GET", "/v1/insights/segments", readKey, 200, `"customers":42`},
		{"segments need a key", "GET", "/v1/insights/segments", "", 401, ""},
		{"customers", "GET", "/v1/insights/customers?segment=champions&cluster=2&sort=churn_risk&offset=5&limit=10", readKey, 200, `"total":7`},
		{"customers bad cluster", "GET", "/v1/insights/customers?cluster=x", readKey, 400, `"field":"cluster"`},
		{"customer", "GET", "/v1/insights/customers/u1", readKey, 200, `"churn_risk":0.25`},
		{"customer unknown", "GET", "/v1/insights/customers/u9", readKey, 404, "no counted orders"},
		{"targets", "GET", "/v1/insights/targets?category=Shoes&limit=2", readKey, 200, `"baseline":0.1`},
		{"targets bad format", "GET", "/v1/insights/targets?category=Shoes&format=xml", readKey, 400, `"field":"format"`},
		{"targets bad limit", "GET", "/v1/insights/targets?category=Shoes&limit=0", readKey, 400, `"field":"limit"`},
		{"funnel", "GET", "/v1/insights/funnel?since=2026-01-01&until=2026-02-01T00:00:00Z&unit=session&category=Shoes", readKey, 200, `"unit":"user"`},
		{"funnel bad since", "GET", "/v1/insights/funnel?since=yesterday", readKey, 400, `"field":"since"`},
		{"cohorts", "GET", "/v1/insights/cohorts?months=6", readKey, 200, `"customers":6`},
		{"cohorts too many", "GET", "/v1/insights/cohorts?months=61", readKey, 400, `"field":"months"`},
		{"refresh needs write", "POST", "/v1/insights/refresh", readKey, 403, ""},
		{"refresh", "POST", "/v1/insights/refresh", writeKey, 200, `"customers":42`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: tt.method, path: tt.path, key: tt.key}.do(t, h)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
				t.Fatalf("%d %s, want %d containing %s", rec.Code, rec.Body.String(), tt.status, tt.contains)
			}
		})
	}
	if gotFilter.Segment != "champions" || gotFilter.Cluster == nil || *gotFilter.Cluster != 2 || gotFilter.Sort != "churn_risk" || gotFilter.Offset != 5 || gotFilter.Limit != 10 {
		t.Errorf("customer filter %+v", gotFilter)
	}
	if !gotFunnel.Since.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || gotFunnel.Unit != "session" || gotFunnel.Category != "Shoes" {
		t.Errorf("funnel query %+v", gotFunnel)
	}
	if gotTargets.Category != "Shoes" || gotTargets.Limit != 2 {
		t.Errorf("target query %+v", gotTargets)
	}
	if refreshed != 1 {
		t.Errorf("refreshed %d times, want 1", refreshed)
	}

	t.Run("targets csv", func(t *testing.T) {
		rec := request{method: "GET", path: "/v1/insights/targets?category=Shoes/Running&format=csv", key: readKey}.do(t, h)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %s", rec.Code, rec.Header())
		}
		if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="targets-Shoes_Running.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		want := "user_id,probability,uplift,affinity,segment\nu1,0.5,0.4,0.3,loyal\n\"u,2\",0.25,0.15,0.2,new\n"
		if rec.Body.String() != want {
			t.Errorf("csv:\n%s\nwant:\n%s", rec.Body.String(), want)
		}
	})
	t.Run("unavailable", func(t *testing.T) {
		s := newTestServer(t, newMockStore())
		s.HandleInsights(&mock.Insights{SegmentationFn: func(context.Context) (*shopmind.Segmentation, error) {
			return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "insights are being computed")
		}})
		rec := request{method: "GET", path: "/v1/insights/segments", key: readKey}.do(t, s.Handler())
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%d, want 503", rec.Code)
		}
	})
}

package httpapi

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

func newReviewInsightsServer(t *testing.T, ri *mock.ReviewInsights) http.Handler {
	t.Helper()
	s := newTestServer(t, newMockStore())
	s.HandleReviewInsights(ri)
	return s.Handler()
}

func TestReviewSummaryRoute(t *testing.T) {
	ri := &mock.ReviewInsights{ReviewSummaryFn: func(_ context.Context, id string) (*shopmind.ReviewSummary, error) {
		if id != "shoe-1" {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q has no reviews", id)
		}
		return &shopmind.ReviewSummary{ItemID: id, Reviews: 40, Positive: 0.8,
			Aspects: []shopmind.AspectSummary{{Aspect: "fit", Reviews: 40, Positive: 0.82}}}, nil
	}}
	h := newReviewInsightsServer(t, ri)
	tests := []struct {
		name, path, key string
		status          int
	}{
		{"OK", "/v1/items/shoe-1/review-summary", readKey, http.StatusOK},
		{"ErrNotFound", "/v1/items/none/review-summary", readKey, http.StatusNotFound},
		{"ErrUnauthorized", "/v1/items/shoe-1/review-summary", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: "GET", path: tt.path, key: tt.key}.do(t, h)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status == http.StatusOK {
				var sum shopmind.ReviewSummary
				decodeBody(t, rec, &sum)
				if sum.Reviews != 40 || len(sum.Aspects) != 1 || sum.Aspects[0].Aspect != "fit" {
					t.Errorf("summary %+v", sum)
				}
			}
		})
	}
}

func TestReviewAnalysisRoutes(t *testing.T) {
	var got *shopmind.Review
	ri := &mock.ReviewInsights{
		AnalyzeReviewFn: func(_ context.Context, r *shopmind.Review) (*shopmind.ReviewAnalysis, error) {
			got = r
			return &shopmind.ReviewAnalysis{ReviewID: r.ID, ItemID: r.ItemID, Sentiment: shopmind.SentimentNegative, Positive: 0.1}, nil
		},
		ReviewAnalysisFn: func(_ context.Context, id string) (*shopmind.ReviewAnalysis, error) {
			return &shopmind.ReviewAnalysis{ReviewID: id, Sentiment: shopmind.SentimentPositive}, nil
		},
	}
	h := newReviewInsightsServer(t, ri)

	rec := request{method: "POST", path: "/v1/review-insights/analyze", key: readKey, body: map[string]any{"text": "battery died", "rating": 1}}.do(t, h)
	if rec.Code != http.StatusOK {
		t.Fatalf("analyze: %d %s", rec.Code, rec.Body)
	}
	var a shopmind.ReviewAnalysis
	decodeBody(t, rec, &a)
	if a.Sentiment != shopmind.SentimentNegative || a.ReviewID != "" || a.ItemID != "" || got.Text != "battery died" || got.Rating != 1 {
		t.Errorf("analysis %+v of %+v", a, got)
	}

	for _, tt := range []struct {
		name  string
		body  any
		field string
	}{
		{"ErrTextRequired", map[string]any{"text": ""}, "text"},
		{"ErrRating", map[string]any{"text": "ok", "rating": 9}, "rating"},
		{"ErrUnknownField", map[string]any{"txt": "ok"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: "POST", path: "/v1/review-insights/analyze", key: readKey, body: tt.body}.do(t, h)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if e := decodeError(t, rec); tt.field != "" && e.Field != tt.field {
				t.Errorf("field %q, want %q", e.Field, tt.field)
			}
		})
	}

	rec = request{method: "GET", path: "/v1/reviews/r-9/analysis", key: readKey}.do(t, h)
	decodeBody(t, rec, &a)
	if rec.Code != http.StatusOK || a.ReviewID != "r-9" {
		t.Errorf("stored analysis: %d %+v", rec.Code, a)
	}
}

func TestFallingSentimentRoute(t *testing.T) {
	var gotF shopmind.SentimentChangeFilter
	ri := &mock.ReviewInsights{FallingSentimentFn: func(_ context.Context, f shopmind.SentimentChangeFilter) ([]*shopmind.SentimentChange, error) {
		gotF = f
		return []*shopmind.SentimentChange{{ItemID: "a", Before: 0.9, Recent: 0.4, Change: -0.5}}, nil
	}}
	h := newReviewInsightsServer(t, ri)
	rec := request{method: "GET", path: "/v1/review-insights/falling?window_days=7&min_reviews=2&limit=5", key: readKey}.do(t, h)
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var list SentimentChangeList
	decodeBody(t, rec, &list)
	if len(list.Items) != 1 || list.Items[0].ItemID != "a" {
		t.Errorf("items %+v", list.Items)
	}
	if gotF.Window != 7*24*time.Hour || gotF.MinReviews != 2 || gotF.Limit != 5 {
		t.Errorf("filter %+v", gotF)
	}
	rec = request{method: "GET", path: "/v1/review-insights/falling?window_days=0", key: readKey}.do(t, h)
	if rec.Code != http.StatusBadRequest || decodeError(t, rec).Field != "window_days" {
		t.Errorf("window_days=0: %d %s", rec.Code, rec.Body)
	}
}

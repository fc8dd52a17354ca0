package httpapi

import (
	"net/http"
	"time"

	"github.com/shopmind/shopmind"
)

// SentimentChangeList is the body of GET /v1/review-insights/falling.
type SentimentChangeList struct {
	Items []*shopmind.SentimentChange `json:"items"`
}

// AnalyzeRequest is the body of POST /v1/review-insights/analyze: a review
// to analyse without storing it (only text is required).
type AnalyzeRequest struct {
	ItemID   string `json:"item_id,omitempty"`
	Rating   int    `json:"rating,omitempty"`
	Title    string `json:"title,omitempty"`
	Text     string `json:"text"`
	Language string `json:"language,omitempty"`
}

// HandleReviewInsights mounts the review intelligence routes over ri:
// GET /v1/items/{id}/review-summary, GET /v1/reviews/{id}/analysis,
// POST /v1/review-insights/analyze and GET /v1/review-insights/falling.
func (s *Server) HandleReviewInsights(ri shopmind.ReviewInsights) {
	for _, rt := range []Route{
		{Method: "GET", Pattern: "/v1/items/{id}/review-summary", Tag: "reviews",
			Summary: "What an item's reviews say: sentiment shares, aspects with their sentiment, tags, example sentences, monthly trend (404 when it has no reviews)",
			Role:    shopmind.RoleRead, Response: shopmind.ReviewSummary{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				sum, err := ri.ReviewSummary(r.Context(), r.PathValue("id"))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, sum)
			}},
		{Method: "GET", Pattern: "/v1/reviews/{id}/analysis", Tag: "reviews",
			Summary: "A stored review's analysis: language, sentiment with its top n-grams, aspects, entities",
			Role:    shopmind.RoleRead, Response: shopmind.ReviewAnalysis{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				a, err := ri.ReviewAnalysis(r.Context(), r.PathValue("id"))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, a)
			}},
		{Method: "POST", Pattern: "/v1/review-insights/analyze", Tag: "reviews",
			Summary: "Analyse a review text without storing it",
			Role:    shopmind.RoleRead, Request: AnalyzeRequest{}, Response: shopmind.ReviewAnalysis{},
			Handler: s.handleAnalyzeReview(ri)},
		{Method: "GET", Pattern: "/v1/review-insights/falling", Tag: "reviews",
			Summary: "Items whose share of positive reviews fell most from the previous window to the recent one",
			Role:    shopmind.RoleRead, Response: SentimentChangeList{}, Params: []Param{
				{Name: "window_days", In: "query", Type: "integer", Description: "length of the recent window in days, 1 to 365 (default 30)"},
				{Name: "min_reviews", In: "query", Type: "integer", Description: "reviews needed in each window, 1 to 1000 (default 3)"},
				{Name: "limit", In: "query", Type: "integer", Description: "items to return, 1 to 100 (default 20)"},
			},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				q := newQuery(r.URL)
				f := shopmind.SentimentChangeFilter{
					Window:     time.Duration(q.Int("window_days", 30, 1, 365)) * 24 * time.Hour,
					MinReviews: q.Int("min_reviews", 3, 1, 1000),
					Limit:      q.Int("limit", 20, 1, 100),
				}
				if q.err != nil {
					s.Error(w, r, q.err)
					return
				}
				items, err := ri.FallingSentiment(r.Context(), f)
				if err != nil {
					s.Error(w, r, err)
					return
				}
				if items == nil {
					items = []*shopmind.SentimentChange{}
				}
				WriteJSON(w, http.StatusOK, SentimentChangeList{Items: items})
			}},
	} {
		s.Handle(rt)
	}
}

func (s *Server) handleAnalyzeReview(ri shopmind.ReviewInsights) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req AnalyzeRequest
		if err := s.DecodeJSON(w, r, &req); err != nil {
			s.Error(w, r, err)
			return
		}
		rv := &shopmind.Review{ID: "unsaved", ItemID: "unsaved", Rating: req.Rating, Title: req.Title, Text: req.Text, Language: req.Language}
		if req.ItemID != "" {
			rv.ItemID = req.ItemID
		}
		if err := rv.Validate(); err != nil {
			s.Error(w, r, err)
			return
		}
		a, err := ri.AnalyzeReview(r.Context(), rv)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		a.ReviewID = ""
		if req.ItemID == "" {
			a.ItemID = ""
		}
		WriteJSON(w, http.StatusOK, a)
	}
}

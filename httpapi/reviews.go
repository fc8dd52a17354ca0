package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// ReviewList is a page of reviews.
type ReviewList struct {
	Reviews []*shopmind.Review `json:"reviews"`
	Next    string             `json:"next"`
}

// ReviewBatch is the body of POST /v1/reviews.
type ReviewBatch struct {
	Reviews []*shopmind.Review `json:"reviews"`
}

func (s *Server) reviewRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/reviews", Summary: "List reviews in id order, filtered", Tag: "reviews",
			Role: shopmind.RoleRead, Response: ReviewList{}, Handler: s.handleReviews, Params: []Param{
				{Name: "item_id", In: "query"},
				{Name: "user_id", In: "query"},
				paramAfter, paramLimit,
			}},
		{Method: "POST", Pattern: "/v1/reviews", Summary: "Insert or replace reviews by id (at most 10,000)", Tag: "reviews",
			Role: shopmind.RoleWrite, Request: ReviewBatch{}, Response: Upserted{}, Handler: s.handleUpsertReviews},
		{Method: "GET", Pattern: "/v1/reviews/{id}", Summary: "Get a review", Tag: "reviews",
			Role: shopmind.RoleRead, Response: shopmind.Review{}, Handler: s.handleReview},
		{Method: "PUT", Pattern: "/v1/reviews/{id}", Summary: "Insert or replace a review (body id empty or equal to the path's)", Tag: "reviews",
			Role: shopmind.RoleWrite, Request: shopmind.Review{}, Response: shopmind.Review{}, Handler: s.handlePutReview},
		{Method: "DELETE", Pattern: "/v1/reviews/{id}", Summary: "Delete a review", Tag: "reviews",
			Role: shopmind.RoleWrite, Status: http.StatusNoContent, Handler: s.handleDeleteReview},
	}
}

func (s *Server) handleReviews(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.ReviewFilter{ItemID: q.String("item_id"), UserID: q.String("user_id"),
		After: q.String("after"), Limit: q.Limit()}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	reviews, next, err := s.reviews.Reviews(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, ReviewList{Reviews: nonNil(reviews), Next: next})
}

func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) {
	rv, err := s.reviews.Review(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, rv)
}

func (s *Server) handlePutReview(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rv, err := decodeOne[shopmind.Review](s, w, r, "id", id, func(rv *shopmind.Review) *string { return &rv.ID })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := rv.CheckReferences(r.Context(), s.reviews); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.reviews.UpsertReviews(r.Context(), []*shopmind.Review{rv}); err != nil {
		s.Error(w, r, err)
		return
	}
	stored, err := s.reviews.Review(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, stored)
}

func (s *Server) handleUpsertReviews(w http.ResponseWriter, r *http.Request) {
	reviews, err := decodeBatch[shopmind.Review](s, w, r, "reviews", maxBatch)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := shopmind.ValidateEachWith("reviews", reviews, func(x *shopmind.Review) error { return x.CheckReferences(r.Context(), s.reviews) }); err != nil {
		s.Error(w, r, err)
		return
	}
	if len(reviews) > 0 {
		if err := s.reviews.UpsertReviews(r.Context(), reviews); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	WriteJSON(w, http.StatusOK, Upserted{Upserted: len(reviews)})
}

func (s *Server) handleDeleteReview(w http.ResponseWriter, r *http.Request) {
	if err := s.reviews.DeleteReview(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

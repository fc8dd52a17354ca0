package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// SimilarImageList is the answer of GET /v1/items/{id}/looks-like.
type SimilarImageList struct {
	ItemID string                   `json:"item_id"`
	Items  []*shopmind.SimilarImage `json:"items"`
}

// CatalogIssueList is the answer of GET /v1/vision/issues.
type CatalogIssueList struct {
	Issues []*shopmind.CatalogIssue `json:"issues"`
}

// HandleVision mounts the product-vision routes over v:
// POST /v1/vision/classify and /v1/vision/detect (raw image bodies),
// GET /v1/images/{hash}/prediction, /v1/items/{id}/looks-like and
// /v1/vision/issues.
func (s *Server) HandleVision(v shopmind.Vision) {
	types := Binary{ContentTypes: []string{"image/jpeg", "image/png", "image/gif", "image/webp"}}
	for _, rt := range []Route{
		{Method: "POST", Pattern: "/v1/vision/classify", Tag: "vision",
			Summary: "Predict the category of an image (raw JPEG, PNG, GIF or WebP body up to 20 MiB) with its confidence; nothing is stored",
			Role:    shopmind.RoleRead, Request: types, Response: shopmind.ImagePrediction{},
			Handler: s.imageBodyHandler(func(r *http.Request, data []byte) (any, error) { return v.ClassifyImage(r.Context(), data) })},
		{Method: "POST", Pattern: "/v1/vision/detect", Tag: "vision",
			Summary: "Find and classify every product in a photo (raw image body): boxes in the photo's pixels and the main object",
			Role:    shopmind.RoleRead, Request: types, Response: shopmind.Detection{},
			Handler: s.imageBodyHandler(func(r *http.Request, data []byte) (any, error) { return v.DetectProducts(r.Context(), data) })},
		{Method: "GET", Pattern: "/v1/images/{hash}/prediction", Tag: "vision",
			Summary: "Predict the category of a stored image (404 for an unknown hash)",
			Role:    shopmind.RoleRead, Response: shopmind.ImagePrediction{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				img, err := s.images.Image(r.Context(), r.PathValue("hash"))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				p, err := v.ClassifyImage(r.Context(), img.Data)
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, p)
			}},
		{Method: "GET", Pattern: "/v1/items/{id}/looks-like", Tag: "vision",
			Summary:  "Catalog items whose image looks like this item's (embedding cosine similarity); 404 for an unknown item or one without an image",
			Role:     shopmind.RoleRead,
			Params:   []Param{{Name: "n", In: "query", Type: "integer", Description: "items to return, 1 to 100 (default 10)"}},
			Response: SimilarImageList{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				q := newQuery(r.URL)
				n := q.Int("n", 10, 1, 100)
				if q.err != nil {
					s.Error(w, r, q.err)
					return
				}
				id := r.PathValue("id")
				items, err := v.SimilarImages(r.Context(), id, n)
				if err != nil {
					s.Error(w, r, err)
					return
				}
				if items == nil {
					items = []*shopmind.SimilarImage{}
				}
				WriteJSON(w, http.StatusOK, SimilarImageList{ItemID: id, Items: items})
			}},
		{Method: "GET", Pattern: "/v1/vision/issues", Tag: "vision",
			Summary: "Catalog checks: items whose image shows another category than theirs, and near-duplicate images",
			Role:    shopmind.RoleRead, Response: CatalogIssueList{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				issues, err := v.CatalogIssues(r.Context())
				if err != nil {
					s.Error(w, r, err)
					return
				}
				if issues == nil {
					issues = []*shopmind.CatalogIssue{}
				}
				WriteJSON(w, http.StatusOK, CatalogIssueList{Issues: issues})
			}},
	} {
		s.Handle(rt)
	}
}

// imageBodyHandler reads a raw image body (at most shopmind.MaxImageSize)
// and answers with what call returns.
func (s *Server) imageBodyHandler(call func(*http.Request, []byte) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := readBody(w, r, shopmind.MaxImageSize)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if len(data) == 0 {
			s.Error(w, r, shopmind.FieldErrorf("image", "the request body is empty: send the image's bytes"))
			return
		}
		out, err := call(r, data)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		WriteJSON(w, http.StatusOK, out)
	}
}

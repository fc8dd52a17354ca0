package httpapi

import (
	"net/http"
	"strings"

	"github.com/shopmind/shopmind"
)

// recommendParams are the query parameters every recommendation route takes.
var recommendParams = []Param{
	{Name: "n", In: "query", Type: "integer", Description: "items to return, 1 to 100 (default 10); anything else is a 400 naming n"},
	{Name: "offset", In: "query", Type: "integer", Description: "items to skip, 0 to 1000 (default 0)"},
	{Name: "category", In: "query", Description: "only items under this category path, e.g. \"Shoes/Sneakers\" or \"Shoes › Sneakers\" (case-insensitive)"},
	{Name: "min_price", In: "query", Type: "number", Description: "inclusive"},
	{Name: "max_price", In: "query", Type: "number", Description: "inclusive"},
	{Name: "in_stock", In: "query", Type: "boolean", Description: "only items with stock > 0"},
	{Name: "exclude", In: "query", Description: "comma-separated item ids never to return"},
}

// HandleRecommendations mounts the recommendation routes over r:
// GET /v1/users/{id}/recommendations, /v1/items/{id}/similar,
// /v1/items/{id}/also-bought and /v1/popular. Each answer carries a
// recommendation_id that later events may send back for attribution.
func (s *Server) HandleRecommendations(r shopmind.Recommender) {
	user := append(append([]Param(nil), recommendParams...),
		Param{Name: "include_bought", In: "query", Type: "boolean", Description: "also recommend items the user already has: bought, rated (default false); disliked ones never come back"})
	// Item and popular lists name the shopper they are shown to, if known,
	// so an experiment on their surface can assign them and what they
	// already have is left out.
	shown := append(append([]Param(nil), recommendParams...),
		Param{Name: "user_id", In: "query", Description: "the shopper the list is shown to, if known: an experiment running on the list's surface assigns them and logs the exposure, and items they already have (bought, rated, disliked) are left out, as in their own recommendations"})
	for _, rt := range []Route{
		{Method: "GET", Pattern: "/v1/users/{id}/recommendations", Tag: "recommendations",
			Summary: "Recommendations for a user, with scores and explanations; an unknown user gets cold-start (popular) results",
			Role:    shopmind.RoleRead, Publishable: true, Params: user, Response: shopmind.RecommendationList{},
			Handler: s.recommendHandler(func(req *http.Request, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
				return r.RecommendForUser(req.Context(), req.PathValue("id"), opt)
			})},
		{Method: "GET", Pattern: "/v1/items/{id}/similar", Tag: "recommendations",
			Summary: "Items similar to an item (404 for an unknown item)",
			Role:    shopmind.RoleRead, Publishable: true, Params: shown, Response: shopmind.RecommendationList{},
			Handler: s.recommendHandler(func(req *http.Request, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
				return r.SimilarItems(req.Context(), req.PathValue("id"), opt)
			})},
		{Method: "GET", Pattern: "/v1/items/{id}/also-bought", Tag: "recommendations",
			Summary: "Items bought by the shoppers who bought an item (404 for an unknown item)",
			Role:    shopmind.RoleRead, Publishable: true, Params: shown, Response: shopmind.RecommendationList{},
			Handler: s.recommendHandler(func(req *http.Request, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
				return r.AlsoBought(req.Context(), req.PathValue("id"), opt)
			})},
		{Method: "GET", Pattern: "/v1/popular", Tag: "recommendations",
			Summary: "The most popular items, this week's first",
			Role:    shopmind.RoleRead, Publishable: true, Params: shown, Response: shopmind.RecommendationList{},
			Handler: s.recommendHandler(func(req *http.Request, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
				return r.Popular(req.Context(), opt)
			})},
	} {
		s.Handle(rt)
	}
}

// recommendHandler parses and validates the options, then answers with
// what call returns.
func (s *Server) recommendHandler(call func(*http.Request, shopmind.RecommendOptions) (*shopmind.RecommendationList, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		opt, err := parseRecommendOptions(newQuery(r.URL))
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if publishable(r) {
			if err := storefrontRecommendation(r, opt); err != nil {
				s.Error(w, r, err)
				return
			}
		}
		list, err := call(r, opt)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if publishable(r) {
			list = storefrontList(list)
		}
		WriteJSON(w, http.StatusOK, list)
	}
}

// parseRecommendOptions reads the recommendation query parameters and
// validates them; errors name the parameter.
func parseRecommendOptions(q *query) (shopmind.RecommendOptions, error) {
	opt := shopmind.RecommendOptions{
		N:        q.Int("n", shopmind.DefaultRecommendations, 1, shopmind.MaxRecommendations),
		Offset:   q.Int("offset", 0, 0, shopmind.MaxRecommendOffset),
		Category: q.Category("category"),
		MinPrice: q.OptFloat("min_price"),
		MaxPrice: q.OptFloat("max_price"),
		UserID:   q.String("user_id"),
	}
	if b := q.OptBool("in_stock"); b != nil {
		opt.InStock = *b
	}
	if b := q.OptBool("include_bought"); b != nil {
		opt.IncludeBought = *b
	}
	for _, id := range strings.Split(q.String("exclude"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			opt.Exclude = append(opt.Exclude, id)
		}
	}
	if q.err != nil {
		return opt, q.err
	}
	return opt, opt.Validate()
}

// storefrontRecommendation checks what a publishable key asks: a user's
// list, or the shopper a list is shown to, only for a visitor id, so a web
// page cannot read what a known customer's history implies.
func storefrontRecommendation(r *http.Request, opt shopmind.RecommendOptions) error {
	if id := r.PathValue("id"); strings.HasSuffix(r.Pattern, "/recommendations") && !shopmind.IsVisitorID(id) {
		return &shopmind.Error{Code: shopmind.EFORBIDDEN, Field: "id",
			Message: "a publishable key reads recommendations only for visitor ids starting with " + shopmind.VisitorPrefix + ", not " + id}
	}
	if opt.UserID != "" && !shopmind.IsVisitorID(opt.UserID) {
		return &shopmind.Error{Code: shopmind.EFORBIDDEN, Field: "user_id",
			Message: "a publishable key names only visitor ids starting with " + shopmind.VisitorPrefix + " as user_id, not " + opt.UserID}
	}
	return nil
}

// storefrontList returns a copy of list whose items carry only what a web
// page may show (see shopmind.StorefrontItem).
func storefrontList(list *shopmind.RecommendationList) *shopmind.RecommendationList {
	out := *list
	out.Items = make([]shopmind.Recommendation, len(list.Items))
	for i, rec := range list.Items {
		rec.Item = shopmind.StorefrontItem(rec.Item)
		out.Items[i] = rec
	}
	return &out
}

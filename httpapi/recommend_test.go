package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

// newRecommendServer returns a server whose recommender records the options
// it was called with and answers like a real one for "u1" and "i1".
func newRecommendServer(t *testing.T, got *shopmind.RecommendOptions) http.Handler {
	t.Helper()
	answer := func(opt shopmind.RecommendOptions) *shopmind.RecommendationList {
		*got = opt
		return &shopmind.RecommendationList{ID: "r1", Model: "recommend/hybrid", Version: 3, CreatedAt: testNow,
			Items: []shopmind.Recommendation{{ItemID: "i2", Score: 0.5, Explanation: "Because you bought Shoe", Reason: "bought", BecauseOf: "i1"}}}
	}
	item := func(id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
		if err := opt.Validate(); err != nil {
			return nil, err
		}
		if id != "i1" {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", id)
		}
		return answer(opt), nil
	}
	rec := &mock.Recommender{
		RecommendForUserFn: func(_ context.Context, user string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			l := answer(opt)
			l.ColdStart = user != "u1"
			return l, nil
		},
		SimilarItemsFn: func(_ context.Context, id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return item(id, opt)
		},
		AlsoBoughtFn: func(_ context.Context, id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return item(id, opt)
		},
		PopularFn: func(_ context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return answer(opt), nil
		},
	}
	srv := newTestServer(t, newMockStore())
	srv.HandleRecommendations(rec)
	return srv.Handler()
}

func TestRecommendationRoutes(t *testing.T) {
	var got shopmind.RecommendOptions
	h := newRecommendServer(t, &got)
	t.Run("UserOK", func(t *testing.T) {
		rec := request{method: "GET", key: readKey,
			path: "/v1/users/u1/recommendations?n=5&offset=2&category=/Clothing/Shoes/&min_price=10&max_price=99.5&in_stock=true&exclude=a,%20b,,c&include_bought=1"}.do(t, h)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var body shopmind.RecommendationList
		decodeBody(t, rec, &body)
		if body.ID != "r1" || body.ColdStart || len(body.Items) != 1 || body.Items[0].Explanation != "Because you bought Shoe" || body.Items[0].Score != 0.5 {
			t.Fatalf("body %+v", body)
		}
		if got.N != 5 || got.Offset != 2 || got.Category != "Clothing/Shoes" || *got.MinPrice != 10 || *got.MaxPrice != 99.5 ||
			!got.InStock || !got.IncludeBought || strings.Join(got.Exclude, "|") != "a|b|c" {
			t.Fatalf("options %+v", got)
		}
	})
	t.Run("UserDefaults", func(t *testing.T) {
		rec := request{method: "GET", key: readKey, path: "/v1/users/u1/recommendations"}.do(t, h)
		if rec.Code != http.StatusOK || got.N != 10 || got.Offset != 0 || got.InStock || got.IncludeBought || got.Exclude != nil {
			t.Fatalf("status %d, options %+v", rec.Code, got)
		}
	})
	t.Run("UnknownUserColdStart", func(t *testing.T) {
		rec := request{method: "GET", key: readKey, path: "/v1/users/nobody/recommendations"}.do(t, h)
		var body shopmind.RecommendationList
		decodeBody(t, rec, &body)
		if rec.Code != http.StatusOK || !body.ColdStart {
			t.Fatalf("status %d, body %s", rec.Code, rec.Body)
		}
	})
	for _, tt := range []struct {
		name, path, field string
		status            int
	}{
		{"ErrNZero", "/v1/users/u1/recommendations?n=0", "n", 400},
		{"ErrNTooLarge", "/v1/users/u1/recommendations?n=101", "n", 400},
		{"ErrNNotNumber", "/v1/popular?n=ten", "n", 400},
		{"ErrOffset", "/v1/popular?offset=-1", "offset", 400},
		{"ErrMinPrice", "/v1/users/u1/recommendations?min_price=cheap", "min_price", 400},
		{"ErrNegativePrice", "/v1/items/i1/similar?max_price=-3", "max_price", 400},
		{"ErrPriceRange", "/v1/popular?min_price=50&max_price=10", "min_price", 400},
		{"ErrInStock", "/v1/items/i1/also-bought?in_stock=maybe", "in_stock", 400},
		{"ErrIncludeBought", "/v1/users/u1/recommendations?include_bought=perhaps", "include_bought", 400},
		{"ErrUserID", "/v1/items/i1/similar?user_id=%01", "user_id", 400},
		{"ErrUnknownItemSimilar", "/v1/items/nope/similar", "", 404},
		{"ErrUnknownItemAlsoBought", "/v1/items/nope/also-bought", "", 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: "GET", key: readKey, path: tt.path}.do(t, h)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if e := decodeError(t, rec); e.Field != tt.field || e.Message == "" {
				t.Fatalf("error %+v, want field %q", e, tt.field)
			}
		})
	}
	t.Run("ItemAndPopularOK", func(t *testing.T) {
		for _, p := range []string{"/v1/items/i1/similar?n=3", "/v1/items/i1/also-bought?n=3", "/v1/popular?n=3&category=Shoes"} {
			rec := request{method: "GET", key: readKey, path: p}.do(t, h)
			if rec.Code != http.StatusOK || got.N != 3 || got.UserID != "" {
				t.Fatalf("%s: status %d, options %+v", p, rec.Code, got)
			}
			rec = request{method: "GET", key: readKey, path: p + "&user_id=u7"}.do(t, h)
			if rec.Code != http.StatusOK || got.UserID != "u7" {
				t.Fatalf("%s&user_id=u7: status %d, options %+v", p, rec.Code, got)
			}
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		if rec := (request{method: "GET", path: "/v1/popular"}).do(t, h); rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d", rec.Code)
		}
	})
	t.Run("NoModel", func(t *testing.T) {
		srv := newTestServer(t, newMockStore())
		srv.HandleRecommendations(&mock.Recommender{PopularFn: func(context.Context, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "no model")
		}})
		if rec := (request{method: "GET", key: readKey, path: "/v1/popular"}).do(t, srv.Handler()); rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("status %d", rec.Code)
		}
	})
}

func TestRecommendationRoutesInOpenAPI(t *testing.T) {
	var got shopmind.RecommendOptions
	rec := request{method: "GET", key: readKey, path: "/openapi.json"}.do(t, newRecommendServer(t, &got))
	for _, p := range []string{"/v1/users/{id}/recommendations", "/v1/items/{id}/similar", "/v1/items/{id}/also-bought", "/v1/popular", "include_bought", "user_id", "recommendation_id"} {
		if !strings.Contains(rec.Body.String(), p) {
			t.Errorf("openapi.json lacks %s", p)
		}
	}
}

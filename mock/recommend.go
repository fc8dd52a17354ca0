package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

// Recommender is a shopmind.Recommender whose methods call the function
// fields; a nil field panics with the method's name.
type Recommender struct {
	RecommendForUserFn func(ctx context.Context, userID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error)
	SimilarItemsFn     func(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error)
	AlsoBoughtFn       func(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error)
	PopularFn          func(ctx context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error)
}

var _ shopmind.Recommender = (*Recommender)(nil)

// RecommendForUser calls RecommendForUserFn.
func (r *Recommender) RecommendForUser(ctx context.Context, userID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if r.RecommendForUserFn == nil {
		missing("RecommendForUser")
	}
	return r.RecommendForUserFn(ctx, userID, opt)
}

// SimilarItems calls SimilarItemsFn.
func (r *Recommender) SimilarItems(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if r.SimilarItemsFn == nil {
		missing("SimilarItems")
	}
	return r.SimilarItemsFn(ctx, itemID, opt)
}

// AlsoBought calls AlsoBoughtFn.
func (r *Recommender) AlsoBought(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if r.AlsoBoughtFn == nil {
		missing("AlsoBought")
	}
	return r.AlsoBoughtFn(ctx, itemID, opt)
}

// Popular calls PopularFn.
func (r *Recommender) Popular(ctx context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if r.PopularFn == nil {
		missing("Popular")
	}
	return r.PopularFn(ctx, opt)
}

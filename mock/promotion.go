package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

var _ shopmind.PromotionService = (*PromotionService)(nil)

// PromotionService is a mock shopmind.PromotionService. Store embeds it,
// so a mock Store's promotion methods are set here (store.PromotionsFn).
type PromotionService struct {
	PromotionFn        func(ctx context.Context, id string) (*shopmind.Promotion, error)
	PromotionsFn       func(ctx context.Context, f shopmind.PromotionFilter) ([]*shopmind.Promotion, string, error)
	UpsertPromotionsFn func(ctx context.Context, ps []*shopmind.Promotion) error
	DeletePromotionFn  func(ctx context.Context, id string) error
}

// Promotion calls PromotionFn.
func (s *PromotionService) Promotion(ctx context.Context, id string) (*shopmind.Promotion, error) {
	if s.PromotionFn == nil {
		missing("Promotion")
	}
	return s.PromotionFn(ctx, id)
}

// Promotions calls PromotionsFn.
func (s *PromotionService) Promotions(ctx context.Context, f shopmind.PromotionFilter) ([]*shopmind.Promotion, string, error) {
	if s.PromotionsFn == nil {
		missing("Promotions")
	}
	return s.PromotionsFn(ctx, f)
}

// UpsertPromotions calls UpsertPromotionsFn.
func (s *PromotionService) UpsertPromotions(ctx context.Context, ps []*shopmind.Promotion) error {
	if s.UpsertPromotionsFn == nil {
		missing("UpsertPromotions")
	}
	return s.UpsertPromotionsFn(ctx, ps)
}

// DeletePromotion calls DeletePromotionFn.
func (s *PromotionService) DeletePromotion(ctx context.Context, id string) error {
	if s.DeletePromotionFn == nil {
		missing("DeletePromotion")
	}
	return s.DeletePromotionFn(ctx, id)
}

package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

// CatalogVersion calls CatalogVersionFn.
func (s *Store) CatalogVersion(ctx context.Context) (int64, error) {
	if s.CatalogVersionFn == nil {
		missing("CatalogVersion")
	}
	return s.CatalogVersionFn(ctx)
}

// Item calls ItemFn.
func (s *Store) Item(ctx context.Context, id string) (*shopmind.Item, error) {
	if s.ItemFn == nil {
		missing("Item")
	}
	return s.ItemFn(ctx, id)
}

// Items calls ItemsFn.
func (s *Store) Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	if s.ItemsFn == nil {
		missing("Items")
	}
	return s.ItemsFn(ctx, f)
}

// UpsertItems calls UpsertItemsFn.
func (s *Store) UpsertItems(ctx context.Context, items []*shopmind.Item) error {
	if s.UpsertItemsFn == nil {
		missing("UpsertItems")
	}
	return s.UpsertItemsFn(ctx, items)
}

// DeleteItem calls DeleteItemFn.
func (s *Store) DeleteItem(ctx context.Context, id string) error {
	if s.DeleteItemFn == nil {
		missing("DeleteItem")
	}
	return s.DeleteItemFn(ctx, id)
}

// Image calls ImageFn.
func (s *Store) Image(ctx context.Context, hash string) (*shopmind.Image, error) {
	if s.ImageFn == nil {
		missing("Image")
	}
	return s.ImageFn(ctx, hash)
}

// PutImage calls PutImageFn.
func (s *Store) PutImage(ctx context.Context, img *shopmind.Image) error {
	if s.PutImageFn == nil {
		missing("PutImage")
	}
	return s.PutImageFn(ctx, img)
}

// DeleteImage calls DeleteImageFn.
func (s *Store) DeleteImage(ctx context.Context, hash string) error {
	if s.DeleteImageFn == nil {
		missing("DeleteImage")
	}
	return s.DeleteImageFn(ctx, hash)
}

// Review calls ReviewFn.
func (s *Store) Review(ctx context.Context, id string) (*shopmind.Review, error) {
	if s.ReviewFn == nil {
		missing("Review")
	}
	return s.ReviewFn(ctx, id)
}

// Reviews calls ReviewsFn.
func (s *Store) Reviews(ctx context.Context, f shopmind.ReviewFilter) ([]*shopmind.Review, string, error) {
	if s.ReviewsFn == nil {
		missing("Reviews")
	}
	return s.ReviewsFn(ctx, f)
}

// UpsertReviews calls UpsertReviewsFn.
func (s *Store) UpsertReviews(ctx context.Context, reviews []*shopmind.Review) error {
	if s.UpsertReviewsFn == nil {
		missing("UpsertReviews")
	}
	return s.UpsertReviewsFn(ctx, reviews)
}

// DeleteReview calls DeleteReviewFn.
func (s *Store) DeleteReview(ctx context.Context, id string) error {
	if s.DeleteReviewFn == nil {
		missing("DeleteReview")
	}
	return s.DeleteReviewFn(ctx, id)
}

// Categories calls CategoriesFn.
func (s *Store) Categories(ctx context.Context) ([]shopmind.CategoryCount, error) {
	if s.CategoriesFn == nil {
		missing("Categories")
	}
	return s.CategoriesFn(ctx)
}

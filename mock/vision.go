package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

// Vision is a shopmind.Vision whose methods call the function fields; a
// nil field panics with the method's name.
type Vision struct {
	ClassifyImageFn  func(ctx context.Context, data []byte) (*shopmind.ImagePrediction, error)
	DetectProductsFn func(ctx context.Context, data []byte) (*shopmind.Detection, error)
	SimilarImagesFn  func(ctx context.Context, id string, n int) ([]*shopmind.SimilarImage, error)
	CatalogIssuesFn  func(ctx context.Context) ([]*shopmind.CatalogIssue, error)
}

var _ shopmind.Vision = (*Vision)(nil)

// ClassifyImage calls ClassifyImageFn.
func (v *Vision) ClassifyImage(ctx context.Context, data []byte) (*shopmind.ImagePrediction, error) {
	if v.ClassifyImageFn == nil {
		missing("ClassifyImage")
	}
	return v.ClassifyImageFn(ctx, data)
}

// DetectProducts calls DetectProductsFn.
func (v *Vision) DetectProducts(ctx context.Context, data []byte) (*shopmind.Detection, error) {
	if v.DetectProductsFn == nil {
		missing("DetectProducts")
	}
	return v.DetectProductsFn(ctx, data)
}

// SimilarImages calls SimilarImagesFn.
func (v *Vision) SimilarImages(ctx context.Context, id string, n int) ([]*shopmind.SimilarImage, error) {
	if v.SimilarImagesFn == nil {
		missing("SimilarImages")
	}
	return v.SimilarImagesFn(ctx, id, n)
}

// CatalogIssues calls CatalogIssuesFn.
func (v *Vision) CatalogIssues(ctx context.Context) ([]*shopmind.CatalogIssue, error) {
	if v.CatalogIssuesFn == nil {
		missing("CatalogIssues")
	}
	return v.CatalogIssuesFn(ctx)
}

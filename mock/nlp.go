package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

var _ shopmind.ReviewInsights = (*ReviewInsights)(nil)

// ReviewInsights is a mock shopmind.ReviewInsights.
type ReviewInsights struct {
	AnalyzeReviewFn    func(ctx context.Context, r *shopmind.Review) (*shopmind.ReviewAnalysis, error)
	ReviewAnalysisFn   func(ctx context.Context, reviewID string) (*shopmind.ReviewAnalysis, error)
	ReviewSummaryFn    func(ctx context.Context, itemID string) (*shopmind.ReviewSummary, error)
	FallingSentimentFn func(ctx context.Context, f shopmind.SentimentChangeFilter) ([]*shopmind.SentimentChange, error)
}

// AnalyzeReview calls AnalyzeReviewFn.
func (m *ReviewInsights) AnalyzeReview(ctx context.Context, r *shopmind.Review) (*shopmind.ReviewAnalysis, error) {
	if m.AnalyzeReviewFn == nil {
		missing("AnalyzeReview")
	}
	return m.AnalyzeReviewFn(ctx, r)
}

// ReviewAnalysis calls ReviewAnalysisFn.
func (m *ReviewInsights) ReviewAnalysis(ctx context.Context, reviewID string) (*shopmind.ReviewAnalysis, error) {
	if m.ReviewAnalysisFn == nil {
		missing("ReviewAnalysis")
	}
	return m.ReviewAnalysisFn(ctx, reviewID)
}

// ReviewSummary calls ReviewSummaryFn.
func (m *ReviewInsights) ReviewSummary(ctx context.Context, itemID string) (*shopmind.ReviewSummary, error) {
	if m.ReviewSummaryFn == nil {
		missing("ReviewSummary")
	}
	return m.ReviewSummaryFn(ctx, itemID)
}

// FallingSentiment calls FallingSentimentFn.
func (m *ReviewInsights) FallingSentiment(ctx context.Context, f shopmind.SentimentChangeFilter) ([]*shopmind.SentimentChange, error) {
	if m.FallingSentimentFn == nil {
		missing("FallingSentiment")
	}
	return m.FallingSentimentFn(ctx, f)
}

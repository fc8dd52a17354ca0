package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

var _ shopmind.FairnessService = (*Fairness)(nil)

// Fairness is a mock shopmind.FairnessService: each method calls the
// function field of the same name with an Fn suffix and panics when it is
// nil.
type Fairness struct {
	FairnessReportFn func(ctx context.Context) (*shopmind.FairnessReport, error)
	ModelCardFn      func(ctx context.Context, id string) (*shopmind.ModelCard, error)
}

// FairnessReport calls FairnessReportFn.
func (m *Fairness) FairnessReport(ctx context.Context) (*shopmind.FairnessReport, error) {
	if m.FairnessReportFn == nil {
		panic("mock: Fairness.FairnessReport called but FairnessReportFn is nil")
	}
	return m.FairnessReportFn(ctx)
}

// ModelCard calls ModelCardFn.
func (m *Fairness) ModelCard(ctx context.Context, id string) (*shopmind.ModelCard, error) {
	if m.ModelCardFn == nil {
		panic("mock: Fairness.ModelCard called but ModelCardFn is nil")
	}
	return m.ModelCardFn(ctx, id)
}

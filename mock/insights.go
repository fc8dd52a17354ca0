package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

var _ shopmind.InsightsService = (*Insights)(nil)

// Insights is a mock shopmind.InsightsService: each method calls the function field
// of the same name with an Fn suffix and panics when it is nil.
type Insights struct {
	SegmentationFn func(ctx context.Context) (*shopmind.Segmentation, error)
	CustomersFn    func(ctx context.Context, f shopmind.CustomerFilter) ([]*shopmind.CustomerInsight, int, error)
	CustomerFn     func(ctx context.Context, userID string) (*shopmind.CustomerInsight, error)
	TargetsFn      func(ctx context.Context, q shopmind.TargetQuery) (*shopmind.TargetList, error)
	FunnelFn       func(ctx context.Context, q shopmind.FunnelQuery) (*shopmind.Funnel, error)
	CohortsFn      func(ctx context.Context, q shopmind.CohortQuery) (*shopmind.Cohorts, error)
	RefreshFn      func(ctx context.Context) error
}

// Segmentation calls SegmentationFn.
func (m *Insights) Segmentation(ctx context.Context) (*shopmind.Segmentation, error) {
	if m.SegmentationFn == nil {
		panic("mock: Insights.Segmentation called but SegmentationFn is nil")
	}
	return m.SegmentationFn(ctx)
}

// Customers calls CustomersFn.
func (m *Insights) Customers(ctx context.Context, f shopmind.CustomerFilter) ([]*shopmind.CustomerInsight, int, error) {
	if m.CustomersFn == nil {
		panic("mock: Insights.Customers called but CustomersFn is nil")
	}
	return m.CustomersFn(ctx, f)
}

// Customer calls CustomerFn.
func (m *Insights) Customer(ctx context.Context, userID string) (*shopmind.CustomerInsight, error) {
	if m.CustomerFn == nil {
		panic("mock: Insights.Customer called but CustomerFn is nil")
	}
	return m.CustomerFn(ctx, userID)
}

// Targets calls TargetsFn.
func (m *Insights) Targets(ctx context.Context, q shopmind.TargetQuery) (*shopmind.TargetList, error) {
	if m.TargetsFn == nil {
		panic("mock: Insights.Targets called but TargetsFn is nil")
	}
	return m.TargetsFn(ctx, q)
}

// Funnel calls FunnelFn.
func (m *Insights) Funnel(ctx context.Context, q shopmind.FunnelQuery) (*shopmind.Funnel, error) {
	if m.FunnelFn == nil {
		panic("mock: Insights.Funnel called but FunnelFn is nil")
	}
	return m.FunnelFn(ctx, q)
}

// Cohorts calls CohortsFn.
func (m *Insights) Cohorts(ctx context.Context, q shopmind.CohortQuery) (*shopmind.Cohorts, error) {
	if m.CohortsFn == nil {
		panic("mock: Insights.Cohorts called but CohortsFn is nil")
	}
	return m.CohortsFn(ctx, q)
}

// Refresh calls RefreshFn.
func (m *Insights) Refresh(ctx context.Context) error {
	if m.RefreshFn == nil {
		panic("mock: Insights.Refresh called but RefreshFn is nil")
	}
	return m.RefreshFn(ctx)
}

var _ shopmind.SupplyService = (*Supply)(nil)

// Supply is a mock shopmind.SupplyService: each method calls the function field
// of the same name with an Fn suffix and panics when it is nil.
type Supply struct {
	ForecastFn        func(ctx context.Context, q shopmind.DemandQuery) (*shopmind.DemandForecast, error)
	StockAdviceFn     func(ctx context.Context, f shopmind.StockFilter) (*shopmind.StockReport, error)
	ItemStockAdviceFn func(ctx context.Context, itemID string) (*shopmind.StockAdvice, error)
	RefreshFn         func(ctx context.Context) error
}

// Forecast calls ForecastFn.
func (m *Supply) Forecast(ctx context.Context, q shopmind.DemandQuery) (*shopmind.DemandForecast, error) {
	if m.ForecastFn == nil {
		panic("mock: Supply.Forecast called but ForecastFn is nil")
	}
	return m.ForecastFn(ctx, q)
}

// StockAdvice calls StockAdviceFn.
func (m *Supply) StockAdvice(ctx context.Context, f shopmind.StockFilter) (*shopmind.StockReport, error) {
	if m.StockAdviceFn == nil {
		panic("mock: Supply.StockAdvice called but StockAdviceFn is nil")
	}
	return m.StockAdviceFn(ctx, f)
}

// ItemStockAdvice calls ItemStockAdviceFn.
func (m *Supply) ItemStockAdvice(ctx context.Context, itemID string) (*shopmind.StockAdvice, error) {
	if m.ItemStockAdviceFn == nil {
		panic("mock: Supply.ItemStockAdvice called but ItemStockAdviceFn is nil")
	}
	return m.ItemStockAdviceFn(ctx, itemID)
}

// Refresh calls RefreshFn.
func (m *Supply) Refresh(ctx context.Context) error {
	if m.RefreshFn == nil {
		panic("mock: Supply.Refresh called but RefreshFn is nil")
	}
	return m.RefreshFn(ctx)
}

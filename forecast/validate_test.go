package forecast

import (
	"context"
	"math"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestBadInput(t *testing.T) {
	methods := []Method{SeasonalNaive{}, &ETS{}, FastETS(), &Croston{Variant: CrostonTSB}, &Auto{}}
	tests := []struct {
		name   string
		y      []float64
		season int
		field  string
	}{
		{"Empty", nil, 1, "values"},
		{"AllMissing", []float64{math.NaN(), math.NaN()}, 1, "values"},
		{"Negative", []float64{1, 2, -3, 4}, 1, "values[2]"},
		{"Infinite", []float64{1, math.Inf(1)}, 1, "values[1]"},
		{"NegativeSeason", []float64{1, 2, 3}, -1, "season"},
	}
	for _, tt := range tests {
		for _, m := range methods {
			t.Run(tt.name+"/"+m.Name(), func(t *testing.T) {
				_, err := m.Fit(tt.y, tt.season)
				wantInvalid(t, err, tt.field)
			})
		}
	}
}

func TestBadForecastArgs(t *testing.T) {
	for _, m := range []Method{SeasonalNaive{}, SES(), &Croston{}} {
		md := mustFit(t, m, []float64{1, 2, 3, 4, 5}, 1)
		_, err := md.Forecast(0, 0.9)
		wantInvalid(t, err, "horizon")
		_, err = md.Forecast(3, 1.2)
		wantInvalid(t, err, "level")
	}
}

func TestLookups(t *testing.T) {
	_, err := MethodByName("prophet")
	wantInvalid(t, err, "method")
	if m, err := MethodByName(" ETS "); err != nil || m.Name() != "ets" {
		t.Errorf("MethodByName(ETS) = %v, %v", m, err)
	}
	p := Panel{"sku-1": {ID: "sku-1", Values: []float64{1}}}
	if _, err := p.Get("sku-1"); err != nil {
		t.Error(err)
	}
	_, err = p.Get("sku-2")
	if shopmind.ErrorCode(err) != shopmind.ENOTFOUND || shopmind.ErrorField(err) != "item" {
		t.Errorf("unknown item: %v, want ENOTFOUND on item", err)
	}
}

func TestBacktestInvalid(t *testing.T) {
	ctx := context.Background()
	_, err := Backtest(ctx, nil, []Method{SES()}, BacktestConfig{Horizon: 0})
	wantInvalid(t, err, "horizon")
	_, err = Backtest(ctx, nil, nil, BacktestConfig{Horizon: 3})
	wantInvalid(t, err, "methods")
	_, err = Backtest(ctx, nil, []Method{SES()}, BacktestConfig{Horizon: 3, Season: -2})
	wantInvalid(t, err, "season")
}

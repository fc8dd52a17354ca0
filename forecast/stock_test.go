package forecast

import (
	"math"
	"testing"
)

// flatForecast is demand 10 a period with independent sd 3 a period.
func flatForecast(h int) *Forecast {
	fc := &Forecast{Mean: make([]float64, h), CumSD: make([]float64, h), Level: 0.95}
	for i := range fc.Mean {
		fc.Mean[i] = 10
		fc.CumSD[i] = 3 * math.Sqrt(float64(i+1))
	}
	return fc
}

func TestAdvise(t *testing.T) {
	z := 1.6448536269514722
	tests := []struct {
		name   string
		p      Policy
		qty    float64
		rule   string
		cover  float64
		risk   float64
		reord  bool
		atRisk bool
	}{
		// Lead time 4: demand 40, sd 6, SS 6z, ROP 40+6z = 49.87. Cover
		// order: ROP + 10*16 - 30 = 179.87, rounded up to packs of 12: 180.
		{"CoverOrder", Policy{OnHand: 30, LeadTime: 4, PackSize: 12}, 180, "cover", 3, 1 - normalCDF(-10.0/6), true, true},
		// EOQ = sqrt(2*10*50/0.1) = 100 > ROP - position.
		{"EOQ", Policy{OnHand: 30, LeadTime: 4, OrderCost: 50, HoldingCost: 0.1}, 100, "eoq", 3, 1 - normalCDF(-10.0/6), true, true},
		{"NoReorder", Policy{OnHand: 100, LeadTime: 4}, 0, "cover", 10, 1 - normalCDF(60.0/6), false, false},
		// Position counts stock on order; minimum order applies.
		{"OnOrderMinOrder", Policy{OnHand: 20, OnOrder: 25, LeadTime: 4, CoverPeriods: 1, MinOrder: 50}, 50, "cover", 2, 1 - normalCDF(5.0/6), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Advise(flatForecast(14), tt.p)
			if err != nil {
				t.Fatal(err)
			}
			approx(t, "demand", a.Demand, 40, 1e-12)
			approx(t, "safety", a.SafetyStock, 6*z, 1e-9)
			approx(t, "rop", a.ReorderPoint, 40+6*z, 1e-9)
			approx(t, "qty", a.OrderQuantity, tt.qty, 1e-9)
			approx(t, "cover", a.DaysOfCover, tt.cover, 1e-12)
			approx(t, "risk", a.StockoutRisk, tt.risk, 1e-12)
			if a.OrderRule != tt.rule || a.Reorder != tt.reord || a.AtRisk != tt.atRisk {
				t.Errorf("rule %s reorder %v atRisk %v, want %s %v %v", a.OrderRule, a.Reorder, a.AtRisk, tt.rule, tt.reord, tt.atRisk)
			}
		})
	}
}

func TestAdviseReviewPeriodAndZeroDemand(t *testing.T) {
	a, err := Advise(flatForecast(14), Policy{OnHand: 0, LeadTime: 2, ReviewPeriod: 7, ServiceLevel: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	approx(t, "demand", a.Demand, 90, 1e-12)
	approx(t, "safety (z=0)", a.SafetyStock, 0, 1e-9)
	zero := &Forecast{Mean: make([]float64, 5), CumSD: make([]float64, 5)}
	a, err = Advise(zero, Policy{OnHand: 3, LeadTime: 2})
	if err != nil {
		t.Fatal(err)
	}
	if a.DaysOfCover != -1 || a.Reorder || a.StockoutRisk != 0 {
		t.Errorf("zero demand: cover %g reorder %v risk %g", a.DaysOfCover, a.Reorder, a.StockoutRisk)
	}
}

func TestAdviseInvalid(t *testing.T) {
	tests := []struct {
		name  string
		p     Policy
		field string
	}{
		{"LeadTime", Policy{LeadTime: 0}, "lead_time"},
		{"ServiceLevel", Policy{LeadTime: 1, ServiceLevel: 1.5}, "service_level"},
		{"OnHand", Policy{LeadTime: 1, OnHand: -1}, "on_hand"},
		{"OnHandNaN", Policy{LeadTime: 1, OnHand: math.NaN()}, "on_hand"},
		{"PackSize", Policy{LeadTime: 1, PackSize: -2}, "pack_size"},
		{"ForecastTooShort", Policy{LeadTime: 10, ReviewPeriod: 7}, "lead_time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Advise(flatForecast(14), tt.p)
			wantInvalid(t, err, tt.field)
		})
	}
}

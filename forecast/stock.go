package forecast

import (
	"math"

	"github.com/shopmind/shopmind"
)

// DefaultServiceLevel is the cycle service level used when Policy leaves it 0.
const DefaultServiceLevel = 0.95

// Policy describes one item's stock position and replenishment terms. All
// quantities are in units; all durations in forecast periods (days for a
// daily series).
type Policy struct {
	OnHand  float64 // units in stock now (>= 0)
	OnOrder float64 // units ordered and not yet received (>= 0)
	// LeadTime is the number of periods from placing an order to receiving
	// it (>= 1).
	LeadTime int
	// ReviewPeriod is the number of periods between stock reviews; 0 means
	// continuous review.
	ReviewPeriod int
	// ServiceLevel is the wanted probability of no stock-out before the
	// next order arrives (0 < level < 1; 0 means DefaultServiceLevel).
	ServiceLevel float64
	// OrderCost (per order) and HoldingCost (per unit per period) select
	// the EOQ order quantity when both are positive.
	OrderCost, HoldingCost float64
	// CoverPeriods is how many periods of demand a cover-based order buys
	// beyond the reorder point (used without costs; default 4*LeadTime).
	CoverPeriods int
	// PackSize rounds order quantities up to a multiple (0 means 1 unit
	// granularity is not enforced). MinOrder is a minimum order quantity.
	PackSize, MinOrder float64
}

// Advice is the stock advice for one item.
type Advice struct {
	// Protection is LeadTime + ReviewPeriod, the periods an order must cover.
	Protection int `json:"protection_periods"`
	// Demand and DemandSD are the mean and sd of demand over Protection.
	Demand   float64 `json:"demand"`
	DemandSD float64 `json:"demand_sd"`
	// Z is the normal quantile of the service level.
	Z float64 `json:"z"`
	// SafetyStock = Z * DemandSD; ReorderPoint = Demand + SafetyStock.
	SafetyStock  float64 `json:"safety_stock"`
	ReorderPoint float64 `json:"reorder_point"`
	// Position is the inventory position OnHand + OnOrder.
	Position float64 `json:"inventory_position"`
	// Reorder is true when Position <= ReorderPoint.
	Reorder bool `json:"reorder"`
	// OrderQuantity is what to order now (0 when Reorder is false), by
	// OrderRule "eoq" or "cover".
	OrderQuantity float64 `json:"order_quantity"`
	OrderRule     string  `json:"order_rule"`
	EOQ           float64 `json:"eoq,omitempty"`
	// DaysOfCover is how many periods OnHand lasts at the forecast demand;
	// -1 when the forecast demand is zero (it lasts indefinitely).
	DaysOfCover float64 `json:"days_of_cover"`
	// StockoutRisk is P(demand over LeadTime > Position): the chance of
	// running out before an order placed now arrives.
	StockoutRisk float64 `json:"stockout_risk"`
	// AtRisk is true when StockoutRisk exceeds 1 - ServiceLevel.
	AtRisk bool `json:"at_risk"`
}

// Advise turns a forecast into stock advice under a (s, Q) or order-up-to
// policy with normal lead-time demand:
//
//	protection P  = LeadTime + ReviewPeriod
//	demand D_P    = sum of fc.Mean[0:P];  sd_P = fc.CumSD[P-1]
//	safety stock  = z(ServiceLevel) * sd_P
//	reorder point = D_P + safety stock
//	EOQ           = sqrt(2 * d * OrderCost / HoldingCost), d = D_P / P
//	order qty     = max(EOQ, ROP - position) with costs, else
//	                ROP + d*CoverPeriods - position; rounded up to
//	                PackSize, at least MinOrder, 0 unless position <= ROP
//
// It returns EINVALID naming the field for a negative quantity, a lead time
// below 1, a service level outside (0, 1), or a forecast shorter than P.
func Advise(fc *Forecast, p Policy) (Advice, error) {
	if err := p.validate(); err != nil {
		return Advice{}, err
	}
	if p.ServiceLevel == 0 {
		p.ServiceLevel = DefaultServiceLevel
	}
	P := p.LeadTime + p.ReviewPeriod
	if fc == nil || len(fc.Mean) < P || len(fc.CumSD) < P {
		h := 0
		if fc != nil {
			h = len(fc.Mean)
		}
		return Advice{}, shopmind.FieldErrorf("lead_time", "forecast covers %d periods, lead time plus review period needs %d", h, P)
	}
	a := Advice{Protection: P, Position: p.OnHand + p.OnOrder}
	for _, v := range fc.Mean[:P] {
		a.Demand += v
	}
	a.DemandSD = fc.CumSD[P-1]
	a.Z = normalQuantile(p.ServiceLevel)
	a.SafetyStock = math.Max(0, a.Z*a.DemandSD)
	a.ReorderPoint = a.Demand + a.SafetyStock
	a.Reorder = a.Position <= a.ReorderPoint
	rate := a.Demand / float64(P)

	if p.OrderCost > 0 && p.HoldingCost > 0 {
		a.OrderRule = "eoq"
		a.EOQ = math.Sqrt(2 * rate * p.OrderCost / p.HoldingCost)
		if a.Reorder {
			a.OrderQuantity = math.Max(a.EOQ, a.ReorderPoint-a.Position)
		}
	} else {
		a.OrderRule = "cover"
		cover := p.CoverPeriods
		if cover <= 0 {
			cover = 4 * p.LeadTime
		}
		if a.Reorder {
			a.OrderQuantity = math.Max(0, a.ReorderPoint+rate*float64(cover)-a.Position)
		}
	}
	if a.OrderQuantity > 0 {
		a.OrderQuantity = math.Max(a.OrderQuantity, p.MinOrder)
		if p.PackSize > 0 {
			a.OrderQuantity = math.Ceil(a.OrderQuantity/p.PackSize-1e-9) * p.PackSize
		}
	}

	a.DaysOfCover = periodsOfCover(p.OnHand, fc.Mean)

	// Lead-time risk: demand before an order placed now can arrive.
	var lt float64
	for _, v := range fc.Mean[:p.LeadTime] {
		lt += v
	}
	sd := fc.CumSD[p.LeadTime-1]
	switch {
	case sd > 0:
		a.StockoutRisk = 1 - normalCDF((a.Position-lt)/sd)
	case lt > a.Position:
		a.StockoutRisk = 1
	}
	a.AtRisk = a.StockoutRisk > 1-p.ServiceLevel
	return a, nil
}

// periodsOfCover returns how many periods stock lasts against demand,
// interpolating within a period and extrapolating past the horizon at the
// mean forecast rate; -1 when demand is all zero.
func periodsOfCover(stock float64, demand []float64) float64 {
	var total float64
	for i, d := range demand {
		if d > 0 && stock <= d {
			return float64(i) + stock/d
		}
		stock -= d
		total += d
	}
	if total <= 0 {
		return -1
	}
	return float64(len(demand)) + stock/(total/float64(len(demand)))
}

func (p Policy) validate() error {
	switch {
	case !(p.OnHand >= 0):
		return shopmind.FieldErrorf("on_hand", "on-hand stock must be non-negative, got %g", p.OnHand)
	case !(p.OnOrder >= 0):
		return shopmind.FieldErrorf("on_order", "on-order stock must be non-negative, got %g", p.OnOrder)
	case p.LeadTime < 1:
		return shopmind.FieldErrorf("lead_time", "lead time must be at least 1 period, got %d", p.LeadTime)
	case p.ReviewPeriod < 0:
		return shopmind.FieldErrorf("review_period", "review period must be non-negative, got %d", p.ReviewPeriod)
	case p.ServiceLevel != 0 && !(p.ServiceLevel > 0 && p.ServiceLevel < 1):
		return shopmind.FieldErrorf("service_level", "service level must be in (0, 1), got %g", p.ServiceLevel)
	case p.OrderCost < 0:
		return shopmind.FieldErrorf("order_cost", "order cost must be non-negative, got %g", p.OrderCost)
	case p.HoldingCost < 0:
		return shopmind.FieldErrorf("holding_cost", "holding cost must be non-negative, got %g", p.HoldingCost)
	case p.PackSize < 0:
		return shopmind.FieldErrorf("pack_size", "pack size must be non-negative, got %g", p.PackSize)
	case p.MinOrder < 0:
		return shopmind.FieldErrorf("min_order", "minimum order must be non-negative, got %g", p.MinOrder)
	case p.CoverPeriods < 0:
		return shopmind.FieldErrorf("cover_periods", "cover periods must be non-negative, got %d", p.CoverPeriods)
	}
	return nil
}

package supply

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/forecast"
)

// Options are the replenishment terms and forecasting settings of stock
// advice. Zero fields take the defaults named.
type Options struct {
	LeadTime     int     // days from placing an order to receiving it; default 7
	ReviewPeriod int     // days between stock reviews; default 0 (continuous review)
	ServiceLevel float64 // wanted chance of no stock-out per cycle; default 0.95
	Level        float64 // prediction-interval level of forecasts; default 0.95
	// Horizon is how many days each item is forecast for advice; default
	// 28, at least LeadTime+ReviewPeriod.
	Horizon int
	// HistoryDays caps the days of history fitted per item; default 365.
	HistoryDays int
	// Workers is how many items are forecast at once; default GOMAXPROCS.
	Workers int
}

// Defaults returns o with zero fields set to their defaults.
func (o Options) Defaults() Options {
	if o.LeadTime <= 0 {
		o.LeadTime = 7
	}
	if o.ServiceLevel == 0 {
		o.ServiceLevel = forecast.DefaultServiceLevel
	}
	if o.Level == 0 {
		o.Level = forecast.DefaultLevel
	}
	if o.Horizon <= 0 {
		o.Horizon = 28
	}
	o.Horizon = max(o.Horizon, o.LeadTime+o.ReviewPeriod)
	if o.HistoryDays <= 0 {
		o.HistoryDays = 365
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// Validate returns EINVALID naming the field for impossible terms.
func (o Options) Validate() error {
	switch {
	case o.LeadTime < 0:
		return shopmind.FieldErrorf("lead_time_days", "lead time must be at least 1 day, got %d", o.LeadTime)
	case o.ReviewPeriod < 0:
		return shopmind.FieldErrorf("review_period_days", "review period must be non-negative, got %d", o.ReviewPeriod)
	case o.ServiceLevel != 0 && !(o.ServiceLevel > 0 && o.ServiceLevel < 1):
		return shopmind.FieldErrorf("service_level", "service level must be in (0, 1), got %g", o.ServiceLevel)
	case o.Level != 0 && !(o.Level > 0 && o.Level < 1):
		return shopmind.FieldErrorf("level", "level must be in (0, 1), got %g", o.Level)
	}
	return nil
}

// Advise forecasts item i of d (daily, the last HistoryDays days, with the
// promotions covering it as events: see PredictEvents) and turns the
// forecast into stock advice with forecast.Advise. Negative stock
// (back-orders) counts as none on hand, with a note.
func Advise(d *Demand, i int, o Options, thorough bool) (*shopmind.StockAdvice, error) {
	o = o.Defaults()
	it := d.Items[i]
	dates, y := d.Series(i, shopmind.BucketDay)
	if len(y) > o.HistoryDays {
		dates, y = dates[len(y)-o.HistoryDays:], y[len(y)-o.HistoryDays:]
	}
	var past []string
	if len(dates) > 0 {
		past = d.itemLabels(i, dates[0], len(y))
	}
	fc, err := PredictEvents(y, past, d.itemLabels(i, d.End(), o.Horizon), shopmind.BucketDay, o.Horizon, o.Level, thorough)
	if err != nil {
		return nil, fmt.Errorf("forecast item %s: %w", it.ID, err)
	}
	out := &shopmind.StockAdvice{ItemID: it.ID, Title: it.Title, Stock: it.Stock, LeadTime: o.LeadTime, Method: fc.Method, Notes: fc.Notes}
	onHand := float64(it.Stock)
	if onHand < 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("stock %d is back-ordered: counted as none on hand", it.Stock))
		onHand = 0
	}
	a, err := forecast.Advise(fc, forecast.Policy{OnHand: onHand, LeadTime: o.LeadTime, ReviewPeriod: o.ReviewPeriod, ServiceLevel: o.ServiceLevel})
	if err != nil {
		return nil, fmt.Errorf("advise item %s: %w", it.ID, err)
	}
	var lt float64
	for _, v := range fc.Mean[:o.LeadTime] {
		lt += v
	}
	out.DailyDemand = round2(lt / float64(o.LeadTime))
	out.SafetyStock = round2(a.SafetyStock)
	out.ReorderPoint = round2(a.ReorderPoint)
	out.OrderQuantity = math.Max(0, math.Ceil(a.OrderQuantity-1e-9)) // never -0
	out.DaysOfCover = round2(a.DaysOfCover)
	out.StockoutRisk = math.Round(a.StockoutRisk*1e4) / 1e4
	out.Reorder, out.AtRisk = a.Reorder, a.AtRisk
	return out, nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// AdviseAll advises every item of d with Workers goroutines and returns the
// advice sorted by descending stock-out risk, then item id. An item whose
// forecast fails is skipped and its error returned in errs (by item id).
func AdviseAll(ctx context.Context, d *Demand, o Options) ([]*shopmind.StockAdvice, map[string]error, error) {
	o = o.Defaults()
	out := make([]*shopmind.StockAdvice, len(d.Items))
	errs := make([]error, len(d.Items))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = Advise(d, i, o, false)
			}
		}()
	}
	var cancelled error
	for i := range d.Items {
		if cancelled = ctx.Err(); cancelled != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if cancelled != nil {
		return nil, nil, cancelled
	}
	failed := map[string]error{}
	res := out[:0]
	for i, a := range out {
		if errs[i] != nil {
			failed[d.Items[i].ID] = errs[i]
			continue
		}
		res = append(res, a)
	}
	sort.SliceStable(res, func(a, b int) bool {
		if res[a].StockoutRisk != res[b].StockoutRisk {
			return res[a].StockoutRisk > res[b].StockoutRisk
		}
		return res[a].ItemID < res[b].ItemID
	})
	return res, failed, nil
}

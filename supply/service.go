package supply

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.SupplyService = (*Service)(nil)

// MaxHorizon is the most buckets one forecast request may ask for.
const MaxHorizon = 366

type snapshot struct {
	demand     *Demand
	advice     []*shopmind.StockAdvice
	computedAt time.Time
	atRisk     int
	reorder    int
}

// Service implements shopmind.SupplyService over a store. Set the exported
// fields before the first call.
type Service struct {
	Store   shopmind.SupplyStore
	Options Options
	Now     func() time.Time
	Logger  *slog.Logger
	// Skew is how far after Now a sale may be dated and still count
	// (shopmind.DefaultEventSkew from NewService).
	Skew time.Duration

	snap    atomic.Pointer[snapshot]
	refresh sync.Mutex
}

// NewService returns a Service over store with the given options.
func NewService(store shopmind.SupplyStore, o Options) *Service {
	return &Service{Store: store, Options: o, Now: time.Now, Logger: slog.New(slog.DiscardHandler), Skew: shopmind.DefaultEventSkew}
}

func (s *Service) current() (*snapshot, error) {
	sn := s.snap.Load()
	if sn == nil {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "demand is being computed; try again shortly")
	}
	return sn, nil
}

// Refresh implements shopmind.SupplyService.
func (s *Service) Refresh(ctx context.Context) error {
	s.refresh.Lock()
	defer s.refresh.Unlock()
	d, err := LoadDemand(ctx, s.Store, s.Now().Add(s.Skew))
	if err != nil {
		return err
	}
	advice, failed, err := AdviseAll(ctx, d, s.Options)
	if err != nil {
		return err
	}
	for id, e := range failed {
		s.Logger.Warn("no stock advice", "item", id, "err", e)
	}
	sn := &snapshot{demand: d, advice: advice, computedAt: s.Now().UTC()}
	for _, a := range advice {
		if a.AtRisk {
			sn.atRisk++
		}
		if a.Reorder {
			sn.reorder++
		}
	}
	s.snap.Store(sn)
	return nil
}

// Forecast implements shopmind.SupplyService with the latest demand. It
// uses the thorough method choice (see Method).
func (s *Service) Forecast(ctx context.Context, q shopmind.DemandQuery) (*shopmind.DemandForecast, error) {
	if (q.ItemID == "") == (q.Category == "") {
		return nil, shopmind.FieldErrorf("item", "give exactly one of item and category")
	}
	if q.Bucket == "" {
		q.Bucket = shopmind.BucketDay
	}
	if q.Bucket != shopmind.BucketDay && q.Bucket != shopmind.BucketWeek {
		return nil, shopmind.FieldErrorf("bucket", "bucket must be day or week, not %q", q.Bucket)
	}
	if q.Horizon == 0 {
		q.Horizon = 28
		if q.Bucket == shopmind.BucketWeek {
			q.Horizon = 8
		}
	}
	if q.Horizon < 1 || q.Horizon > MaxHorizon {
		return nil, shopmind.FieldErrorf("horizon", "horizon must be from 1 to %d, not %d", MaxHorizon, q.Horizon)
	}
	if q.History < 0 {
		return nil, shopmind.FieldErrorf("history", "history must not be negative")
	}
	if q.History == 0 {
		q.History = 4 * q.Horizon
	}
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	d := sn.demand
	var dates []time.Time
	var y []float64
	if q.ItemID != "" {
		i, ok := d.Item(q.ItemID)
		if !ok {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", q.ItemID)
		}
		dates, y = d.Series(i, q.Bucket)
	} else if dates, y, err = d.CategorySeries(q.Category, q.Bucket); err != nil {
		return nil, err
	}
	fit, fitFrom := y, 0
	if hd := s.Options.Defaults().HistoryDays; q.Bucket == shopmind.BucketDay && len(fit) > hd {
		fitFrom = len(fit) - hd
		fit = fit[fitFrom:]
	}
	// Promotions are events of daily forecasts, and are named on their
	// days; weekly ones rely on the spike rule alone.
	var past, future, pastNames, futureNames []string
	from := max(0, len(y)-q.History)
	if q.Bucket == shopmind.BucketDay && len(fit) > 0 {
		i := -1
		if q.ItemID != "" {
			i, _ = d.Item(q.ItemID)
		}
		covers := d.covering(i, q.Category)
		past, future = labels(d.Promotions, covers, dates[fitFrom], len(fit)), labels(d.Promotions, covers, d.End(), q.Horizon)
		pastNames, futureNames = names(d.Promotions, covers, dates[from], len(y)-from), names(d.Promotions, covers, d.End(), q.Horizon)
	}
	fc, err := PredictEvents(fit, past, future, q.Bucket, q.Horizon, q.Level, true)
	if err != nil {
		return nil, err
	}
	out := &shopmind.DemandForecast{ItemID: q.ItemID, Category: q.Category, Bucket: q.Bucket, Method: fc.Method,
		Level: fc.Level, Notes: fc.Notes, History: []shopmind.DemandPoint{}, Forecast: make([]shopmind.DemandPoint, q.Horizon)}
	if q.Bucket == shopmind.BucketWeek && len(y) == 0 && d.Days > 0 {
		out.Notes = append(out.Notes, "less than one full week of history")
	}
	for k := from; k < len(y); k++ {
		p := shopmind.DemandPoint{Date: dates[k].Format(time.DateOnly), Value: y[k]}
		if pastNames != nil {
			p.Event = pastNames[k-from]
		}
		out.History = append(out.History, p)
	}
	next := d.End()
	if len(dates) > 0 {
		next = dates[len(dates)-1].AddDate(0, 0, 1)
		if q.Bucket == shopmind.BucketWeek {
			next = dates[len(dates)-1].AddDate(0, 0, 7)
		}
	}
	for k := range out.Forecast {
		step := k
		if q.Bucket == shopmind.BucketWeek {
			step = 7 * k
		}
		out.Forecast[k] = shopmind.DemandPoint{Date: next.AddDate(0, 0, step).Format(time.DateOnly),
			Value: round2(fc.Mean[k]), Lower: round2(fc.Lower[k]), Upper: round2(fc.Upper[k])}
		if futureNames != nil {
			out.Forecast[k].Event = futureNames[k]
		}
	}
	return out, nil
}

// StockAdvice implements shopmind.SupplyService.
func (s *Service) StockAdvice(ctx context.Context, f shopmind.StockFilter) (*shopmind.StockReport, error) {
	if f.Offset < 0 {
		return nil, shopmind.FieldErrorf("offset", "offset must not be negative")
	}
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = shopmind.DefaultLimit
	}
	limit = min(limit, shopmind.MaxLimit)
	rep := &shopmind.StockReport{AsOf: sn.demand.End(), ComputedAt: sn.computedAt, Items: len(sn.advice),
		AtRisk: sn.atRisk, Reorder: sn.reorder, Advice: []*shopmind.StockAdvice{}}
	for _, a := range sn.advice {
		if (f.AtRisk != nil && a.AtRisk != *f.AtRisk) || (f.Reorder != nil && a.Reorder != *f.Reorder) {
			continue
		}
		if rep.Total >= f.Offset && len(rep.Advice) < limit {
			c := *a
			rep.Advice = append(rep.Advice, &c)
		}
		rep.Total++
	}
	return rep, nil
}

// ItemStockAdvice implements shopmind.SupplyService: the item's current
// stock from the store against the latest demand, with the thorough
// method choice.
func (s *Service) ItemStockAdvice(ctx context.Context, itemID string) (*shopmind.StockAdvice, error) {
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	it, err := s.Store.Item(ctx, itemID)
	if err != nil {
		return nil, err
	}
	d := sn.demand
	i, ok := d.Item(itemID)
	if !ok {
		// Created after the last refresh: no demand recorded yet.
		d = NewDemand([]*shopmind.Item{it}, nil, nil, d.End())
		i = 0
	} else {
		// Same demand, current stock.
		dd := *d
		dd.Items = append([]*shopmind.Item(nil), d.Items...)
		dd.Items[i] = it
		d = &dd
	}
	return Advise(d, i, s.Options, true)
}

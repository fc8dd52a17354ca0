package overview

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// DefaultDays is the length of the period when the query gives no From.
const DefaultDays = 30

// cacheTTL is how long a computed overview is reused for the same period:
// the console asks again on every visit, and a year's events take seconds
// to read.
const cacheTTL = time.Minute

// Service implements shopmind.OverviewService. Store is required; each of
// the other services is optional, and its attention section reads
// "unavailable" without it.
type Service struct {
	Store    shopmind.Store
	Supply   shopmind.SupplyService
	Insights shopmind.InsightsService
	Reviews  shopmind.ReviewInsights
	Vision   shopmind.Vision
	// Now tells the time (time.Now).
	Now func() time.Time

	mu    sync.Mutex
	cache map[[2]int64]cached
}

type cached struct {
	at time.Time
	ov *shopmind.Overview
}

var _ shopmind.OverviewService = (*Service)(nil)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Period resolves q's period: To defaults to the end of today (UTC), From
// to DefaultDays before To. It returns EINVALID naming the field for a
// reversed, empty or too long period.
func Period(q shopmind.OverviewQuery, now time.Time) (from, to time.Time, err error) {
	to, from = q.To.UTC(), q.From.UTC()
	if to.IsZero() {
		to = now.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
	}
	if from.IsZero() {
		from = to.AddDate(0, 0, -DefaultDays)
	}
	switch {
	case !from.Before(to):
		return from, to, &shopmind.Error{Code: shopmind.EINVALID, Field: "from",
			Message: fmt.Sprintf("from (%s) must be before to (%s)", from.Format(time.RFC3339), to.Format(time.RFC3339))}
	case to.Sub(from) > shopmind.MaxOverviewDays*24*time.Hour:
		return from, to, &shopmind.Error{Code: shopmind.EINVALID, Field: "from",
			Message: fmt.Sprintf("the period is longer than %d days", shopmind.MaxOverviewDays)}
	}
	return from, to, nil
}

// Overview implements shopmind.OverviewService.
func (s *Service) Overview(ctx context.Context, q shopmind.OverviewQuery) (*shopmind.Overview, error) {
	now := s.now()
	from, to, err := Period(q, now)
	if err != nil {
		return nil, err
	}
	n := q.Attention
	if n <= 0 {
		n = 5
	}
	key := [2]int64{from.UnixNano(), to.UnixNano()}
	if n == 5 {
		s.mu.Lock()
		c, ok := s.cache[key]
		s.mu.Unlock()
		if ok && now.Sub(c.at) < cacheTTL && now.Sub(c.at) >= 0 {
			return c.ov, nil
		}
	}
	ov, err := s.compute(ctx, from, to, n)
	if err != nil {
		return nil, err
	}
	if n == 5 {
		s.mu.Lock()
		if s.cache == nil || len(s.cache) >= 16 {
			s.cache = map[[2]int64]cached{}
		}
		s.cache[key] = cached{at: now, ov: ov}
		s.mu.Unlock()
	}
	return ov, nil
}

func (s *Service) compute(ctx context.Context, from, to time.Time, n int) (*shopmind.Overview, error) {
	prevFrom := from.Add(-to.Sub(from))
	ov := &shopmind.Overview{From: from, To: to, Experiments: map[string]int{}}
	sales, err := readOrders(ctx, s.Store, prevFrom, from, to)
	if err != nil {
		return nil, err
	}
	ov.Currency = sales.currency
	ov.OverviewTotals = sales.current
	ov.Previous = sales.previous
	ov.Days = sales.days
	if err := s.readEvents(ctx, prevFrom, from, to, ov); err != nil {
		return nil, err
	}
	if ov.EventSpan, err = s.Store.EventSpan(ctx); err != nil {
		return nil, err
	}
	exps, err := s.Store.Experiments(ctx, shopmind.ExperimentFilter{})
	if err != nil {
		return nil, err
	}
	for _, e := range exps {
		ov.Experiments[string(e.Status)]++
	}
	ov.Attention = s.attention(ctx, n)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ov, nil
}

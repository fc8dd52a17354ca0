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

// DefaultMaxAge is how long a computed overview is reused for the same
// period when Service.MaxAge is zero: the console asks again on every
// visit, and a period's events and the orders take seconds to read.
const DefaultMaxAge = time.Minute

// Service implements shopmind.OverviewService. Store is required; each of
// the other services is optional, and its attention section reads
// "unavailable" without it.
type Service struct {
	Store    shopmind.OverviewStore
	Supply   shopmind.SupplyService
	Insights shopmind.InsightsService
	Reviews  shopmind.ReviewInsights
	Vision   shopmind.Vision
	// Now tells the time (time.Now).
	Now func() time.Time
	// MaxAge is how long an overview is reused (DefaultMaxAge when zero).
	MaxAge time.Duration

	mu    sync.Mutex // guards cache
	busy  sync.Mutex // one computation at a time: a second request for the same period waits and reuses it
	cache map[[2]int64]entry
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
	if n != 5 {
		return s.compute(ctx, from, to, n, now)
	}
	key := [2]int64{from.UnixNano(), to.UnixNano()}
	if ov := s.cached(key, now); ov != nil {
		return ov, nil
	}
	s.busy.Lock()
	defer s.busy.Unlock()
	if ov := s.cached(key, s.now()); ov != nil { // computed while this one waited
		return ov, nil
	}
	ov, err := s.compute(ctx, from, to, n, s.now())
	if err != nil {
		return nil, err
	}
	s.store(key, ov)
	return ov, nil
}

// entry is a cached overview. transient is set when a section was
// unavailable for a reason that passes (a capability still computing):
// such an overview is reused for RetryAfter at most.
type entry struct {
	ov        *shopmind.Overview
	transient bool
}

// RetryAfter bounds the reuse of an overview with a section that was not
// ready.
const RetryAfter = 10 * time.Second

// store keeps ov for key.
func (s *Service) store(key [2]int64, ov *shopmind.Overview) {
	transient := false
	for _, sec := range ov.Attention {
		transient = transient || (sec.Status == "unavailable" && sec.Message != notRunning)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache == nil || len(s.cache) >= 16 {
		s.cache = map[[2]int64]entry{}
	}
	s.cache[key] = entry{ov: ov, transient: transient}
}

// Refresh computes the overview of the default period (the last 30 days
// to today, what the console shows first) now, so that it is ready when
// someone asks; serve calls it on a schedule shorter than MaxAge.
func (s *Service) Refresh(ctx context.Context) error {
	s.busy.Lock()
	defer s.busy.Unlock()
	now := s.now()
	from, to, err := Period(shopmind.OverviewQuery{}, now)
	if err != nil {
		return err
	}
	ov, err := s.compute(ctx, from, to, 5, now)
	if err != nil {
		return err
	}
	s.store([2]int64{from.UnixNano(), to.UnixNano()}, ov)
	return nil
}

// cached returns the overview of key computed less than MaxAge before now.
func (s *Service) cached(key [2]int64, now time.Time) *shopmind.Overview {
	maxAge := s.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.cache[key]
	if e.transient {
		maxAge = min(maxAge, RetryAfter)
	}
	if e.ov == nil || now.Sub(e.ov.ComputedAt) >= maxAge || now.Before(e.ov.ComputedAt) {
		return nil
	}
	return e.ov
}

func (s *Service) compute(ctx context.Context, from, to time.Time, n int, now time.Time) (*shopmind.Overview, error) {
	prevFrom := from.Add(-to.Sub(from))
	ov := &shopmind.Overview{From: from, To: to, ComputedAt: now, Experiments: map[string]int{}}
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

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

// DefaultMaxAge is how long a computed overview is served before it is
// computed again (in the background, when asked) if Service.MaxAge is zero.
const DefaultMaxAge = time.Minute

// DefaultWait is how long a request for a period that is not computed yet
// waits for its computation before it is answered EUNAVAILABLE with the
// progress, if Service.Wait is zero.
const DefaultWait = time.Second

// MaxAttention is the most findings an overview lists per kind: an
// overview is computed with as many, and a request for fewer is cut from
// it.
const MaxAttention = 100

// Service implements shopmind.OverviewService. Store is required; each of
// the other services is optional, and its attention section reads
// "unavailable" without it.
//
// A request never computes: it is answered from the overview computed for
// its period, even when that is older than MaxAge or had a section that
// was not ready (it is then computed again in the background, and later
// requests get the new one). A period not computed yet is computed in the
// background, one period at a time; the request waits for it at most Wait,
// then gets EUNAVAILABLE saying how far the computation has come.
type Service struct {
	Store    shopmind.OverviewStore
	Supply   shopmind.SupplyService
	Insights shopmind.InsightsService
	Reviews  shopmind.ReviewInsights
	Vision   shopmind.Vision
	// Now tells the time (time.Now).
	Now func() time.Time
	// MaxAge is how long an overview is served before it is computed
	// again (DefaultMaxAge when zero).
	MaxAge time.Duration
	// Wait is how long a request waits for a period's first computation
	// (DefaultWait when zero; negative: not at all).
	Wait time.Duration
	// Context is the context of the background computations
	// (context.Background() when nil); serve cancels it when it stops.
	Context context.Context

	mu      sync.Mutex // guards slots, queue and working
	slots   map[[2]int64]*slot
	queue   [][2]int64
	working bool           // a worker goroutine is running the queue
	busy    sync.Mutex     // one computation at a time
	wg      sync.WaitGroup // the worker goroutine
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

// compute computes the overview of [from, to) as of now, telling progress
// how far it has come (0 to 1).
func (s *Service) compute(ctx context.Context, from, to, now time.Time, progress func(float64)) (*shopmind.Overview, error) {
	prevFrom := from.Add(-to.Sub(from))
	ov := &shopmind.Overview{From: from, To: to, ComputedAt: now, Experiments: map[string]int{}}
	sales, err := readOrders(ctx, s.Store, prevFrom, from, to)
	if err != nil {
		return nil, err
	}
	progress(progressOrders)
	ov.Currency = sales.currency
	ov.OverviewTotals = sales.current
	ov.Previous = sales.previous
	ov.Days = sales.days
	if err := s.readEvents(ctx, prevFrom, from, to, ov, progress); err != nil {
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
	progress(progressEvents)
	ov.Attention = s.attention(ctx, MaxAttention)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ov, nil
}

// The share of a computation done once the orders are read, and once the
// events are: reading the events of both periods is most of the work.
const (
	progressOrders = 0.2
	progressEvents = 0.95
)

// trim returns ov with at most n findings listed per kind (ov itself when
// none has more). ov is shared and never changed.
func trim(ov *shopmind.Overview, n int) *shopmind.Overview {
	cut := false
	for _, sec := range ov.Attention {
		cut = cut || len(sec.Items) > n
	}
	if !cut {
		return ov
	}
	out := *ov
	out.Attention = make([]shopmind.AttentionSection, len(ov.Attention))
	for i, sec := range ov.Attention {
		sec.Items = sec.Items[:min(n, len(sec.Items))]
		out.Attention[i] = sec
	}
	return &out
}

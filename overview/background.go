package overview

import (
	"context"
	"errors"
	"time"

	"github.com/shopmind/shopmind"
)

// RetryAfter is how soon an overview with a section that was not ready (a
// capability still computing) has that section computed again.
const RetryAfter = 10 * time.Second

// maxSlots bounds the periods whose overviews are kept, and maxQueue the
// computations waiting for their turn.
const (
	maxSlots = 16
	maxQueue = 4
)

// slot is one period's computed overview and its computation.
type slot struct {
	from, to time.Time
	// ov is the latest overview computed (nil before the first), with at
	// most MaxAttention findings per kind.
	ov *shopmind.Overview
	// transient is set when a section of ov was unavailable for a reason
	// that passes (a capability still computing); attentionAt is when its
	// sections were gathered.
	transient   bool
	attentionAt time.Time
	// queued and running tell where the next computation is; progress is
	// how far the running one has come (0 to 1), err how the last one
	// failed, and done is closed when the queued or running one ends.
	queued, running bool
	progress        float64
	err             error
	done            chan struct{}
	used            time.Time // last asked for
}

// Overview implements shopmind.OverviewService: it answers from the
// overview computed for q's period (see Service) and returns EUNAVAILABLE
// with the progress of its computation while there is none yet.
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
	s.mu.Lock()
	sl := s.slot(key, from, to, now)
	if sl.ov != nil {
		if s.stale(sl, now) {
			s.enqueue(key, sl)
		}
		ov := sl.ov
		s.mu.Unlock()
		return trim(ov, n), nil
	}
	if err := sl.err; err != nil && !sl.queued && !sl.running {
		sl.err = nil // the next request tries again
		s.mu.Unlock()
		return nil, err
	}
	s.enqueue(key, sl)
	done := sl.done
	s.mu.Unlock()

	if wait := s.wait(); wait > 0 && done != nil {
		t := time.NewTimer(wait)
		select {
		case <-done:
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sl.ov != nil {
		return trim(sl.ov, n), nil
	}
	if err := sl.err; err != nil && !sl.queued && !sl.running {
		sl.err = nil
		return nil, err
	}
	last := to.Add(-time.Nanosecond).Format(time.DateOnly)
	if !sl.queued && !sl.running {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE,
			"the overview of %s to %s waits for other periods to be computed first; try again shortly", from.Format(time.DateOnly), last)
	}
	return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "the overview of %s to %s is being computed (%.0f%% done); try again shortly",
		from.Format(time.DateOnly), last, 100*sl.progress)
}

// Refresh computes the overview of the default period (the last 30 days
// to today, what the console shows first) now, so that it is ready when
// someone asks; serve calls it on a schedule shorter than MaxAge.
func (s *Service) Refresh(ctx context.Context) error {
	now := s.now()
	from, to, err := Period(shopmind.OverviewQuery{}, now)
	if err != nil {
		return err
	}
	key := [2]int64{from.UnixNano(), to.UnixNano()}
	s.mu.Lock()
	sl := s.slot(key, from, to, now)
	s.mu.Unlock()
	return s.run(ctx, sl, true)
}

// Close waits for the background computation to end; cancel Context
// first.
func (s *Service) Close() { s.wg.Wait() }

func (s *Service) wait() time.Duration {
	if s.Wait == 0 {
		return DefaultWait
	}
	return s.Wait
}

func (s *Service) maxAge() time.Duration {
	if s.MaxAge <= 0 {
		return DefaultMaxAge
	}
	return s.MaxAge
}

// slot returns key's slot, making it (and making room for it) if need be.
// s.mu is held.
func (s *Service) slot(key [2]int64, from, to, now time.Time) *slot {
	if sl := s.slots[key]; sl != nil {
		sl.used = now
		return sl
	}
	if s.slots == nil {
		s.slots = map[[2]int64]*slot{}
	}
	if len(s.slots) >= maxSlots {
		var oldest [2]int64
		found := false
		for k, sl := range s.slots {
			if !sl.queued && !sl.running && (!found || sl.used.Before(s.slots[oldest].used)) {
				oldest, found = k, true
			}
		}
		if found {
			delete(s.slots, oldest)
		}
	}
	sl := &slot{from: from, to: to, used: now}
	s.slots[key] = sl
	return sl
}

// stale reports whether sl's overview is to be computed again: it is older
// than MaxAge, or a section was not ready RetryAfter ago. s.mu is held.
func (s *Service) stale(sl *slot, now time.Time) bool {
	age := now.Sub(sl.ov.ComputedAt)
	return age >= s.maxAge() || age < 0 || (sl.transient && now.Sub(sl.attentionAt) >= RetryAfter)
}

// enqueue queues sl's computation unless it is queued or running, or
// maxQueue computations are queued already (a client asking for many
// periods at once), and starts the worker if it is not running. s.mu is
// held.
func (s *Service) enqueue(key [2]int64, sl *slot) {
	if sl.queued || sl.running || len(s.queue) >= maxQueue {
		return
	}
	sl.queued, sl.progress = true, 0
	if sl.done == nil {
		sl.done = make(chan struct{})
	}
	s.queue = append(s.queue, key)
	if !s.working {
		s.working = true
		s.wg.Add(1)
		go s.work()
	}
}

// work computes the queued periods one after the other.
func (s *Service) work() {
	defer s.wg.Done()
	ctx := s.Context
	if ctx == nil {
		ctx = context.Background()
	}
	for {
		s.mu.Lock()
		if len(s.queue) == 0 || ctx.Err() != nil {
			s.working = false
			s.mu.Unlock()
			return
		}
		sl := s.slots[s.queue[0]]
		s.queue = s.queue[1:]
		queued := sl != nil && sl.queued // not when Refresh took it meanwhile
		s.mu.Unlock()
		if queued {
			s.run(ctx, sl, false)
		}
	}
}

// run computes sl's overview: all of it when there is none, when it is
// older than MaxAge or when full is set, otherwise only its attention
// sections (a section was not ready).
func (s *Service) run(ctx context.Context, sl *slot, full bool) error {
	s.busy.Lock()
	defer s.busy.Unlock()
	now := s.now()
	s.mu.Lock()
	sl.queued, sl.running, sl.progress = false, true, 0
	if sl.done == nil {
		sl.done = make(chan struct{})
	}
	prev := sl.ov
	full = full || prev == nil || now.Sub(prev.ComputedAt) >= s.maxAge() || now.Before(prev.ComputedAt)
	s.mu.Unlock()

	progress := func(p float64) {
		s.mu.Lock()
		sl.progress = p
		s.mu.Unlock()
	}
	var ov *shopmind.Overview
	var err error
	if full {
		ov, err = s.compute(ctx, sl.from, sl.to, now, progress)
	} else {
		cp := *prev
		cp.Attention = s.attention(ctx, MaxAttention)
		ov, err = &cp, ctx.Err()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	sl.running = false
	if err == nil {
		sl.ov, sl.attentionAt, sl.err = ov, now, nil
		sl.transient = false
		for _, sec := range ov.Attention {
			sl.transient = sl.transient || (sec.Status == "unavailable" && sec.Message != notRunning)
		}
	} else if !errors.Is(err, context.Canceled) || ctx.Err() == nil {
		sl.err = err
	}
	if sl.done != nil && !sl.queued {
		close(sl.done)
		sl.done = nil
	}
	return err
}

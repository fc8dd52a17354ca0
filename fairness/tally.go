package fairness

import (
	"context"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// DefaultMaxItems is how many distinct items a Tally counts by default.
const DefaultMaxItems = 1_000_000

// Tally counts the items shown in served recommendation lists. It is safe
// for concurrent use. Its memory is bounded by MaxItems distinct items:
// impressions of further items are only summed in Overflow.
type Tally struct {
	mu       sync.Mutex
	since    time.Time
	maxItems int
	counts   map[string]int64
	lists    int64
	shown    int64
	overflow int64
}

// NewTally returns an empty tally counting from since, keeping at most
// maxItems distinct items (DefaultMaxItems when <= 0).
func NewTally(since time.Time, maxItems int) *Tally {
	if maxItems <= 0 {
		maxItems = DefaultMaxItems
	}
	return &Tally{since: since, maxItems: maxItems, counts: map[string]int64{}}
}

// Add counts one served list.
func (t *Tally) Add(list *shopmind.RecommendationList) {
	if list == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lists++
	for _, r := range list.Items {
		t.shown++
		if _, ok := t.counts[r.ItemID]; !ok && len(t.counts) >= t.maxItems {
			t.overflow++
			continue
		}
		t.counts[r.ItemID]++
	}
}

// Exposure is a copy of a Tally's counts.
type Exposure struct {
	Since       time.Time
	Lists       int64            // lists served
	Impressions int64            // items shown, summed over lists
	Counts      map[string]int64 // impressions by item id
	Overflow    int64            // impressions of items beyond the tally's bound
}

// Snapshot returns a copy of the counts.
func (t *Tally) Snapshot() Exposure {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := make(map[string]int64, len(t.counts))
	for id, n := range t.counts {
		c[id] = n
	}
	return Exposure{Since: t.since, Lists: t.lists, Impressions: t.shown, Counts: c, Overflow: t.overflow}
}

// Recommender serves from Next and counts every list it answers in Tally.
type Recommender struct {
	Next  shopmind.Recommender
	Tally *Tally
}

var _ shopmind.Recommender = (*Recommender)(nil)

func (r *Recommender) count(l *shopmind.RecommendationList, err error) (*shopmind.RecommendationList, error) {
	if err == nil {
		r.Tally.Add(l)
	}
	return l, err
}

// RecommendForUser implements shopmind.Recommender.
func (r *Recommender) RecommendForUser(ctx context.Context, userID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.count(r.Next.RecommendForUser(ctx, userID, opt))
}

// SimilarItems implements shopmind.Recommender.
func (r *Recommender) SimilarItems(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.count(r.Next.SimilarItems(ctx, itemID, opt))
}

// AlsoBought implements shopmind.Recommender.
func (r *Recommender) AlsoBought(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.count(r.Next.AlsoBought(ctx, itemID, opt))
}

// Popular implements shopmind.Recommender.
func (r *Recommender) Popular(ctx context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.count(r.Next.Popular(ctx, opt))
}

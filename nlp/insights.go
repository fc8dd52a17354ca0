package nlp

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// Insights implements shopmind.ReviewInsights over a review store. It keeps
// the analysis of every review in memory: Sync (run by Run every interval)
// analyses new and changed reviews and forgets deleted ones, and an item's
// summary first analyses any of its reviews Sync has not seen yet, so a
// review posted through the API shows in its item's summary at once.
type Insights struct {
	Reviews shopmind.ReviewReader
	Items   shopmind.ItemReader // optional: names in FallingSentiment
	Now     func() time.Time

	mu       sync.RWMutex
	analyzer *Analyzer
	entries  map[string]*entry // by review id
	df       *DocFreq
}

var _ shopmind.ReviewInsights = (*Insights)(nil)

// entry is a review's analysis with what summaries need from the review.
type entry struct {
	hash      uint64
	itemID    string
	rating    int
	createdAt time.Time
	words     []string // token texts, for tags
	sentences []ScoredSentence
	analysis  *shopmind.ReviewAnalysis
}

// NewInsights returns an Insights analysing with a.
func NewInsights(reviews shopmind.ReviewReader, items shopmind.ItemReader, a *Analyzer) *Insights {
	return &Insights{Reviews: reviews, Items: items, Now: time.Now, analyzer: a, entries: map[string]*entry{}, df: NewDocFreq()}
}

// SetAnalyzer swaps the analyzer (a newly trained model); every review is
// analysed again by the next Sync.
func (s *Insights) SetAnalyzer(a *Analyzer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.analyzer = a
	s.entries = map[string]*entry{}
	s.df = NewDocFreq()
}

func reviewHash(r *shopmind.Review) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%s\x00%d", r.ItemID, r.Title, r.Text, r.Rating, r.Language, r.CreatedAt.UnixNano())
	return h.Sum64()
}

// analyze returns the entry of r, reusing the kept one when r is unchanged.
func (s *Insights) analyze(r *shopmind.Review) (*entry, bool) {
	h := reviewHash(r)
	s.mu.RLock()
	e, ok := s.entries[r.ID]
	a := s.analyzer
	s.mu.RUnlock()
	if ok && e.hash == h {
		return e, false
	}
	rd := a.read(r)
	e = &entry{hash: h, itemID: r.ItemID, rating: r.Rating, createdAt: r.CreatedAt,
		words: rd.words, sentences: rd.sentences, analysis: rd.analysis}
	return e, true
}

// keep stores e for id, updating document frequencies.
func (s *Insights) keep(id string, e *entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.entries[id]; !ok {
		s.df.Add(e.words)
	}
	s.entries[id] = e
}

// Sync analyses the reviews that are new or changed since the last Sync
// and forgets deleted ones. It returns how many reviews it analysed.
func (s *Insights) Sync(ctx context.Context) (int, error) {
	seen := map[string]bool{}
	n := 0
	for r, err := range shopmind.All(ctx, shopmind.ListReviews(s.Reviews, shopmind.ReviewFilter{})) {
		if err != nil {
			return n, fmt.Errorf("list reviews: %w", err)
		}
		seen[r.ID] = true
		if e, changed := s.analyze(r); changed {
			s.keep(r.ID, e)
			n++
		}
	}
	s.mu.Lock()
	for id := range s.entries {
		if !seen[id] {
			delete(s.entries, id)
		}
	}
	s.mu.Unlock()
	return n, nil
}

// Run syncs every interval until ctx is cancelled, reporting errors to
// onErr (which may be nil).
func (s *Insights) Run(ctx context.Context, interval time.Duration, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Sync(ctx); err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// AnalyzeReview analyses r without keeping it.
func (s *Insights) AnalyzeReview(ctx context.Context, r *shopmind.Review) (*shopmind.ReviewAnalysis, error) {
	if r.Text == "" && r.Title == "" {
		return nil, shopmind.FieldErrorf("text", "text is required")
	}
	s.mu.RLock()
	a := s.analyzer
	s.mu.RUnlock()
	return a.Analyze(r), nil
}

// ReviewAnalysis returns the analysis of a stored review.
func (s *Insights) ReviewAnalysis(ctx context.Context, id string) (*shopmind.ReviewAnalysis, error) {
	r, err := s.Reviews.Review(ctx, id)
	if err != nil {
		return nil, err
	}
	e, changed := s.analyze(r)
	if changed {
		s.keep(r.ID, e)
	}
	return e.analysis, nil
}

// itemEntries fetches an item's reviews and returns their entries,
// analysing any that are new.
func (s *Insights) itemEntries(ctx context.Context, itemID string) ([]*entry, error) {
	var out []*entry
	for r, err := range shopmind.All(ctx, shopmind.ListReviews(s.Reviews, shopmind.ReviewFilter{ItemID: itemID})) {
		if err != nil {
			return nil, fmt.Errorf("list reviews: %w", err)
		}
		e, changed := s.analyze(r)
		if changed {
			s.keep(r.ID, e)
		}
		out = append(out, e)
	}
	return out, nil
}

// SummaryOptions are the sizes of a summary's lists.
const (
	summaryTags     = 8
	summaryExamples = 3
	summaryAspects  = 10
)

// ReviewSummary summarises an item's reviews.
func (s *Insights) ReviewSummary(ctx context.Context, itemID string) (*shopmind.ReviewSummary, error) {
	es, err := s.itemEntries(ctx, itemID)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q has no reviews", itemID)
	}
	return s.summarize(itemID, es), nil
}

func (s *Insights) summarize(itemID string, es []*entry) *shopmind.ReviewSummary {
	sum := &shopmind.ReviewSummary{ItemID: itemID, Reviews: len(es), Languages: map[string]int{},
		Aspects: []shopmind.AspectSummary{}, Tags: []string{}, Positives: []string{}, Negatives: []string{},
		Entities: []string{}, Trend: []shopmind.SentimentPoint{}}
	sort.Slice(es, func(i, j int) bool { return es[i].createdAt.Before(es[j].createdAt) })
	type agg struct {
		n, pos, neg int
		bestPos     *shopmind.AspectMention // the most positive positive mention
		bestNeg     *shopmind.AspectMention // the most negative negative mention
	}
	aspects := map[string]*agg{}
	entities := map[string]int{}
	var rated, stars int
	var docs [][]string
	// Example sentences: the review text's sentences (not titles) and the
	// sentences quoted for aspects, on the side they were read as.
	liked, disliked := map[string]float64{}, map[string]float64{}
	keep := func(m map[string]float64, text string, p float64, better func(a, b float64) bool) {
		if old, ok := m[text]; !ok || better(p, old) {
			m[text] = p
		}
	}
	higher := func(a, b float64) bool { return a > b }
	lower := func(a, b float64) bool { return a < b }
	analyzer := s.currentAnalyzer()
	months := map[time.Time]*shopmind.SentimentPoint{}
	for _, e := range es {
		a := e.analysis
		switch a.Sentiment {
		case shopmind.SentimentPositive:
			sum.Positive++
		case shopmind.SentimentNegative:
			sum.Negative++
		default:
			sum.Neutral++
		}
		if e.rating > 0 {
			rated++
			stars += e.rating
		}
		sum.Languages[a.Language]++
		docs = append(docs, e.words)
		for i := range a.Aspects {
			m := &a.Aspects[i]
			g := aspects[m.Aspect]
			if g == nil {
				g = &agg{}
				aspects[m.Aspect] = g
			}
			g.n++
			switch m.Sentiment {
			case shopmind.SentimentPositive:
				g.pos++
				if g.bestPos == nil || m.Positive > g.bestPos.Positive {
					g.bestPos = m
				}
				keep(liked, m.Text, m.Positive, higher)
			case shopmind.SentimentNegative:
				g.neg++
				if g.bestNeg == nil || m.Positive < g.bestNeg.Positive {
					g.bestNeg = m
				}
				keep(disliked, m.Text, m.Positive, lower)
			}
		}
		for _, x := range e.sentences {
			if x.Title {
				continue
			}
			switch analyzer.Label(x.Positive) {
			case shopmind.SentimentPositive:
				keep(liked, x.Text, x.Positive, higher)
			case shopmind.SentimentNegative:
				keep(disliked, x.Text, x.Positive, lower)
			}
		}
		for _, en := range a.Entities {
			if en.Kind != EntityModel {
				entities[en.Text]++
			}
		}
		m := time.Date(e.createdAt.Year(), e.createdAt.Month(), 1, 0, 0, 0, 0, time.UTC)
		pt := months[m]
		if pt == nil {
			pt = &shopmind.SentimentPoint{Start: m}
			months[m] = pt
		}
		pt.Reviews++
		if a.Sentiment == shopmind.SentimentPositive {
			pt.Positive++
		}
	}
	n := float64(len(es))
	sum.Positive, sum.Negative, sum.Neutral = sum.Positive/n, sum.Negative/n, sum.Neutral/n
	if rated > 0 {
		sum.Rating = float64(stars) / float64(rated)
	}
	for name, g := range aspects {
		as := shopmind.AspectSummary{Aspect: name, Reviews: g.n, Positive: float64(g.pos) / float64(g.n), Negative: float64(g.neg) / float64(g.n)}
		// The quote illustrates the larger side of the shares shown.
		switch {
		case g.pos >= g.neg && g.bestPos != nil:
			as.Example = g.bestPos.Text
		case g.neg > g.pos && g.bestNeg != nil:
			as.Example = g.bestNeg.Text
		}
		sum.Aspects = append(sum.Aspects, as)
	}
	sort.Slice(sum.Aspects, func(i, j int) bool {
		if sum.Aspects[i].Reviews != sum.Aspects[j].Reviews {
			return sum.Aspects[i].Reviews > sum.Aspects[j].Reviews
		}
		return sum.Aspects[i].Aspect < sum.Aspects[j].Aspect
	})
	if len(sum.Aspects) > summaryAspects {
		sum.Aspects = sum.Aspects[:summaryAspects]
	}
	s.mu.RLock()
	minDocs := 1
	if len(docs) >= 10 {
		minDocs = 2
	}
	for _, k := range Keywords(docs, s.df, summaryTags, minDocs) {
		sum.Tags = append(sum.Tags, k.Word)
	}
	s.mu.RUnlock()
	sum.Positives = examples(liked, higher)
	sum.Negatives = examples(disliked, lower)
	for e := range entities {
		sum.Entities = append(sum.Entities, e)
	}
	sort.Slice(sum.Entities, func(i, j int) bool {
		a, b := sum.Entities[i], sum.Entities[j]
		if entities[a] != entities[b] {
			return entities[a] > entities[b]
		}
		return a < b
	})
	for _, pt := range months {
		pt.Positive /= float64(pt.Reviews)
		sum.Trend = append(sum.Trend, *pt)
	}
	sort.Slice(sum.Trend, func(i, j int) bool { return sum.Trend[i].Start.Before(sum.Trend[j].Start) })
	return sum
}

// examples returns the summaryExamples sentences of m that come first by
// better (then by text).
func examples(m map[string]float64, better func(a, b float64) bool) []string {
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return better(m[out[i]], m[out[j]])
		}
		return out[i] < out[j]
	})
	if len(out) > summaryExamples {
		out = out[:summaryExamples]
	}
	return out
}

func (s *Insights) currentAnalyzer() *Analyzer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.analyzer
}

// FallingSentiment lists items whose share of positive reviews fell from
// the window before the recent one to the recent one, steepest fall first.
// It covers the reviews seen by the last Sync.
func (s *Insights) FallingSentiment(ctx context.Context, f shopmind.SentimentChangeFilter) ([]*shopmind.SentimentChange, error) {
	if f.Window < 0 || f.MinReviews < 0 || f.Limit < 0 {
		return nil, shopmind.Errorf(shopmind.EINVALID, "window, min_reviews and limit must not be negative")
	}
	if f.Window == 0 {
		f.Window = 30 * 24 * time.Hour
	}
	if f.MinReviews == 0 {
		f.MinReviews = 3
	}
	if f.Limit == 0 {
		f.Limit = 20
	}
	now := s.Now()
	type win struct {
		n, pos, nb, posb int
		neg              map[string]int
	}
	items := map[string]*win{}
	s.mu.RLock()
	for _, e := range s.entries {
		age := now.Sub(e.createdAt)
		if age < 0 || age >= 2*f.Window {
			continue
		}
		w := items[e.itemID]
		if w == nil {
			w = &win{neg: map[string]int{}}
			items[e.itemID] = w
		}
		pos := e.analysis.Sentiment == shopmind.SentimentPositive
		if age < f.Window {
			w.n++
			if pos {
				w.pos++
			}
			for _, m := range e.analysis.Aspects {
				if m.Sentiment == shopmind.SentimentNegative {
					w.neg[m.Aspect]++
				}
			}
		} else {
			w.nb++
			if pos {
				w.posb++
			}
		}
	}
	s.mu.RUnlock()
	var out []*shopmind.SentimentChange
	for id, w := range items {
		if w.n < f.MinReviews || w.nb < f.MinReviews {
			continue
		}
		c := &shopmind.SentimentChange{ItemID: id, Recent: float64(w.pos) / float64(w.n), Before: float64(w.posb) / float64(w.nb), NRecent: w.n, NBefore: w.nb}
		c.Change = c.Recent - c.Before
		if c.Change >= 0 {
			continue
		}
		best := 0
		for a, k := range w.neg {
			if k > best || k == best && a < c.Negative {
				best, c.Negative = k, a
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Change != out[j].Change {
			return out[i].Change < out[j].Change
		}
		return out[i].ItemID < out[j].ItemID
	})
	if len(out) > f.Limit {
		out = out[:f.Limit]
	}
	if s.Items != nil {
		for _, c := range out {
			if it, err := s.Items.Item(ctx, c.ItemID); err == nil {
				c.Name = it.Title
			}
		}
	}
	return out, nil
}

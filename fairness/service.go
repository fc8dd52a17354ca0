package fairness

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// DefaultPopularityWindow is how far before the newest event item
// popularity is counted.
const DefaultPopularityWindow = 30 * 24 * time.Hour

// Service computes fairness reports and model cards. It implements
// shopmind.FairnessService. Set Store and Tally; the other fields are
// optional.
type Service struct {
	Store shopmind.FairnessStore
	// Tally counts the served recommendations (nil: none counted).
	Tally *Tally
	// Served returns the model the recommendation API serves by default
	// (name and version), or nil before one is loaded; its holdout quality
	// by user group goes into the report. Without it, the newest
	// "recommend/" model is taken.
	Served func() *shopmind.Model
	// Describe maps model names (or name prefixes ending in "/") to what
	// the models are for and read.
	Describe map[string]Description
	// PopularityWindow is how far before the newest event popularity is
	// counted (DefaultPopularityWindow).
	PopularityWindow time.Duration
	Now              func() time.Time
}

var _ shopmind.FairnessService = (*Service)(nil)

// FairnessReport implements shopmind.FairnessService.
func (s *Service) FairnessReport(ctx context.Context) (*shopmind.FairnessReport, error) {
	catalog, err := s.activeItems(ctx)
	if err != nil {
		return nil, err
	}
	var ex Exposure
	if s.Tally != nil {
		ex = s.Tally.Snapshot()
	}
	r := &shopmind.FairnessReport{GeneratedAt: s.now(), Exposure: summarize(ex, catalog),
		Brands: brandShares(ex, catalog), PriceBands: priceBands(ex, catalog)}
	if s.Tally != nil {
		r.Exposure.Source = fmt.Sprintf("recommendation lists served since %s (counted in memory; serve restarts it)", ex.Since.UTC().Format(time.RFC3339))
	} else {
		r.Exposure.Source = "no recommendations are served"
	}
	if ex.Overflow > 0 {
		r.Exposure.Source += fmt.Sprintf("; %d impressions of items beyond the tally's bound are not itemised", ex.Overflow)
	}
	window := s.PopularityWindow
	if window <= 0 {
		window = DefaultPopularityWindow
	}
	pop, until, err := s.popularity(ctx, window)
	if err != nil {
		return nil, err
	}
	r.Popularity = popularityBias(ex, catalog, pop)
	r.Popularity.WindowDays, r.Popularity.Until = int(window/(24*time.Hour)), until

	models, err := s.Store.Models(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("fairness report: models: %w", err)
	}
	served := s.served(models)
	r.Models = make([]shopmind.ModelCard, 0, len(models))
	for _, m := range models {
		r.Models = append(r.Models, Card(m, describe(s.Describe, m.Name), s.isServed(m, served)))
	}
	if served != nil && !containsVersion(models, served) {
		r.Models = append(r.Models, Card(served, describe(s.Describe, served.Name), true))
	}
	r.Quality = []shopmind.GroupQuality{}
	switch {
	case served == nil:
		r.QualityNote = "No recommendation model is served yet."
	default:
		c := Card(served, Description{}, true)
		r.Quality = c.Groups
		if len(c.Groups) == 0 {
			r.QualityNote = fmt.Sprintf("%s v%d was trained without a holdout evaluation by user group (recommend.holdout = 0, or trained before this report existed).", served.Name, served.Version)
		} else {
			r.QualityNote = fmt.Sprintf("Holdout evaluation of %s v%d: each user's held-out events against the top %d list served right after training. New users have fewer than 5 items in training.", served.Name, served.Version, c.Groups[0].K)
		}
	}
	return r, nil
}

// ModelCard implements shopmind.FairnessService.
func (s *Service) ModelCard(ctx context.Context, id string) (*shopmind.ModelCard, error) {
	if err := shopmind.ValidateID("id", id); err != nil {
		return nil, err
	}
	name := strings.ReplaceAll(id, ".", "/")
	m, err := s.Store.Model(ctx, name, 0)
	if err != nil {
		return nil, err
	}
	m.Data = nil
	models, err := s.Store.Models(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("model card: models: %w", err)
	}
	served := s.served(models)
	if served != nil && served.Name == m.Name && served.Version != m.Version {
		m = served // the card of what is served, not of a newer unserved version
	}
	c := Card(m, describe(s.Describe, m.Name), s.isServed(m, served))
	return &c, nil
}

// served returns the served recommendation model: Served's, else the
// newest "recommend/" model.
func (s *Service) served(models []*shopmind.Model) *shopmind.Model {
	if s.Served != nil {
		return s.Served()
	}
	var newest *shopmind.Model
	for _, m := range models {
		if strings.HasPrefix(m.Name, "recommend/") && (newest == nil || m.CreatedAt.After(newest.CreatedAt)) {
			newest = m
		}
	}
	return newest
}

// isServed: a recommendation model is served when it is the served one;
// other models are served in their newest version.
func (s *Service) isServed(m, served *shopmind.Model) bool {
	if strings.HasPrefix(m.Name, "recommend/") {
		return served != nil && served.Name == m.Name && served.Version == m.Version
	}
	return true
}

func containsVersion(models []*shopmind.Model, m *shopmind.Model) bool {
	for _, x := range models {
		if x.Name == m.Name && x.Version == m.Version {
			return true
		}
	}
	return false
}

// activeItems reads the active catalog, sorted by id.
func (s *Service) activeItems(ctx context.Context) ([]*shopmind.Item, error) {
	active := true
	out, err := shopmind.Collect(ctx, nil, shopmind.ListItems(s.Store, shopmind.ItemFilter{Active: &active}))
	if err != nil {
		return nil, fmt.Errorf("fairness report: items: %w", err)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out, nil
}

// popularity counts events per item in the window before the newest event.
func (s *Service) popularity(ctx context.Context, window time.Duration) (map[string]int64, time.Time, error) {
	span, err := s.Store.EventSpan(ctx)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("fairness report: event span: %w", err)
	}
	pop := map[string]int64{}
	if span.Last.IsZero() {
		return pop, time.Time{}, nil
	}
	for e, err := range shopmind.All(ctx, shopmind.ListEvents(s.Store, shopmind.EventFilter{Since: span.Last.Add(-window), Until: span.Last.Add(time.Microsecond)})) {
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("fairness report: events: %w", err)
		}
		pop[e.ItemID]++
	}
	return pop, span.Last, nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

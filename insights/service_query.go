package insights

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopmind/shopmind"
)

// relatedWeight is how much evidence on an item the recommender finds
// similar to (or bought with) the target counts, at most.
const relatedWeight = 0.5

// Targets implements shopmind.InsightsService.
func (s *Service) Targets(ctx context.Context, q shopmind.TargetQuery) (*shopmind.TargetList, error) {
	if (q.ItemID == "") == (q.Category == "") {
		return nil, shopmind.FieldErrorf("item", "give exactly one of item and category")
	}
	if q.Limit < 0 || q.Limit > shopmind.MaxTargets {
		return nil, shopmind.FieldErrorf("limit", "limit must be from 1 to %d, not %d", shopmind.MaxTargets, q.Limit)
	}
	if q.Limit == 0 {
		q.Limit = shopmind.DefaultLimit
	}
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	h := sn.History
	weight := make([]float64, len(h.Items))
	source := "history"
	if q.ItemID != "" {
		i, ok := h.ItemIndex(q.ItemID)
		if !ok {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", q.ItemID)
		}
		weight[i] = 1
		if s.Recommender != nil {
			if name, err := s.related(ctx, h, q.ItemID, weight); err != nil {
				s.Logger.Warn("targeting without the recommender", "err", err)
			} else if name != "" {
				source = "history+" + name
			}
		}
	} else {
		n := 0
		for i, it := range h.Items {
			if InCategory(it, q.Category) {
				weight[i] = 1
				n++
			}
		}
		if n == 0 {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "no items in category %q", q.Category)
		}
	}
	// Consent is read now, not with the snapshot: a refusal applies to the
	// next campaign at once.
	refusing, err := shopmind.OptedOutSet(ctx, s.Store, shopmind.PurposeMarketing)
	if err != nil {
		return nil, err
	}
	tl := RankTargets(h, sn.Customers, sn.idx, TargetOptions{AsOf: h.End, Limit: q.Limit, Days: sn.Segmentation.PropensityDays,
		Weight: func(i int32) float64 { return weight[i] }, Skip: func(id string) bool { return refusing[id] }})
	tl.ItemID, tl.Category, tl.Source = q.ItemID, q.Category, source
	tl.Features = []string{"units bought (weight 1), carts (0.3) and views (0.1) of the target's items before " + h.End.Format("2006-01-02")}
	if source != "history" {
		tl.Features = append(tl.Features, fmt.Sprintf("items %s finds similar to the target or bought with it (weight up to %g)", source[len("history+"):], relatedWeight))
	}
	if sn.Segmentation.Model == "" {
		tl.Source += " (no propensity model: shop-wide purchase rate)"
		tl.Features = append(tl.Features, "the shop-wide share of customers ordering in the propensity window")
	} else {
		tl.Features = append(tl.Features, fmt.Sprintf("propensity model %s, from each customer's %s", sn.Segmentation.Model, strings.Join(FeatureNames, ", ")))
	}
	tl.Features = append(tl.Features, "the shop's mean number of lines per order")
	return &tl, nil
}

// related gives the items the recommender finds similar to itemID or bought
// with it a weight up to relatedWeight, by score relative to the best, and
// returns the recommender's model name.
func (s *Service) related(ctx context.Context, h *History, itemID string, weight []float64) (string, error) {
	opt := shopmind.RecommendOptions{N: 50}
	name := ""
	for _, f := range []func(context.Context, string, shopmind.RecommendOptions) (*shopmind.RecommendationList, error){
		s.Recommender.SimilarItems, s.Recommender.AlsoBought,
	} {
		l, err := f(ctx, itemID, opt)
		if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			continue
		}
		if err != nil {
			return "", err
		}
		name = l.Model
		var best float64
		for _, r := range l.Items {
			best = max(best, r.Score)
		}
		for _, r := range l.Items {
			i, ok := h.ItemIndex(r.ItemID)
			if !ok || r.ItemID == itemID || best <= 0 || r.Score <= 0 {
				continue
			}
			weight[i] = max(weight[i], relatedWeight*r.Score/best)
		}
	}
	return name, nil
}

// Funnel implements shopmind.InsightsService: it reads the events of the
// window from the store. The default window is the 30 days before the end
// of the data.
func (s *Service) Funnel(ctx context.Context, q shopmind.FunnelQuery) (*shopmind.Funnel, error) {
	if q.Unit != "" && q.Unit != "user" && q.Unit != "session" {
		return nil, shopmind.FieldErrorf("unit", "unit must be user or session, not %q", q.Unit)
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return nil, shopmind.FieldErrorf("since", "since must be before until")
	}
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	h := sn.History
	if q.Until.IsZero() {
		q.Until = h.End
	}
	if q.Since.IsZero() {
		q.Since = q.Until.AddDate(0, 0, -30)
	}
	var keep func(string) bool
	switch {
	case q.ItemID != "":
		if _, ok := h.ItemIndex(q.ItemID); !ok {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", q.ItemID)
		}
		keep = func(id string) bool { return id == q.ItemID }
	case q.Category != "":
		set := map[string]bool{}
		for _, it := range h.Items {
			if InCategory(it, q.Category) {
				set[it.ID] = true
			}
		}
		if len(set) == 0 {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "no items in category %q", q.Category)
		}
		keep = func(id string) bool { return set[id] }
	}
	fc := NewFunnelCounter(q.Unit, keep)
	for e, err := range shopmind.All(ctx, shopmind.ListEvents(s.Store, shopmind.EventFilter{Since: q.Since, Until: q.Until, ItemID: q.ItemID})) {
		if err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
		fc.Add(e)
	}
	out := fc.Result()
	out.Since, out.Until = q.Since.UTC(), q.Until.UTC()
	return &out, nil
}

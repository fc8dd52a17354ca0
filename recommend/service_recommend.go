package recommend

import (
	"context"
	"strings"

	"github.com/shopmind/shopmind"
)

// serving returns the model being served, or EUNAVAILABLE.
func (s *Service) serving() (*serving, error) {
	sv := s.cur.Load()
	if sv == nil {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE,
			"no recommendation model is trained yet; run \"shopmind train recommend\" (or wait for serve to train one)")
	}
	return sv, nil
}

// list builds the response from ranked items (offset applied here).
func (s *Service) list(sv *serving, top []Scored, opt shopmind.RecommendOptions, explain func(i int) explanation) *shopmind.RecommendationList {
	out := &shopmind.RecommendationList{ID: s.newID(), Model: sv.meta.Name, Version: sv.meta.Version,
		Items: []shopmind.Recommendation{}, CreatedAt: s.Now().UTC()}
	if opt.Offset < len(top) {
		top = top[opt.Offset:]
	} else {
		top = nil
	}
	for _, sc := range top {
		e := explain(sc.Item)
		out.Items = append(out.Items, shopmind.Recommendation{ItemID: sv.bundle.Items[sc.Item], Score: float64(sc.Score),
			Explanation: e.text, Reason: e.reason, BecauseOf: e.because, Item: sv.catalog[sc.Item]})
	}
	return out
}

// RecommendForUser implements shopmind.Recommender.
func (s *Service) RecommendForUser(ctx context.Context, userID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if err := shopmind.ValidateID("id", userID); err != nil {
		return nil, err
	}
	sv, err := s.serving()
	if err != nil {
		return nil, err
	}
	h, err := s.history(ctx, sv, userID)
	if err != nil {
		return nil, err
	}
	excl := map[int]bool{}
	for i := range h.disliked {
		excl[i] = true
	}
	if !opt.IncludeBought {
		for i := range h.bought {
			excl[i] = true
		}
	}
	ok := sv.candidates(opt, excl)
	need := opt.Offset + opt.N
	if len(h.items) == 0 {
		out := s.list(sv, sv.popular(need, ok), opt, sv.explainPopular)
		out.ColdStart = true
		return out, nil
	}
	hist := make([]int, len(h.items))
	for k, it := range h.items {
		hist[k] = it.index
	}
	top := sv.rank(hist, need, ok)
	return s.list(sv, top, opt, func(i int) explanation { return sv.explainForUser(i, h.items) }), nil
}

// item finds an item for the item endpoints: its model index, or -1 with
// the stored item when the model does not know it yet. ENOTFOUND when
// neither does.
func (s *Service) item(ctx context.Context, sv *serving, itemID string) (int, *shopmind.Item, error) {
	if err := shopmind.ValidateID("id", itemID); err != nil {
		return 0, nil, err
	}
	if i, ok := sv.bundle.itemIdx[itemID]; ok && (sv.catalog[i] != nil || !sv.anyItems) {
		return i, sv.catalog[i], nil
	}
	it, err := s.Store.Item(ctx, itemID)
	if err != nil {
		return 0, nil, err
	}
	return -1, it, nil
}

// newItemFallback answers an item endpoint for an item the model has not
// seen: popular items of its category.
func (s *Service) newItemFallback(sv *serving, it *shopmind.Item, opt shopmind.RecommendOptions) *shopmind.RecommendationList {
	if opt.Category == "" && len(it.Category) > 0 {
		opt.Category = strings.Join(it.Category, "/")
	}
	ok := sv.candidates(opt, map[int]bool{})
	ok2 := func(i int) bool { return sv.bundle.Items[i] != it.ID && ok(i) }
	out := s.list(sv, sv.popular(opt.Offset+opt.N, ok2), opt, sv.explainPopular)
	out.ColdStart = true
	return out
}

// SimilarItems implements shopmind.Recommender.
func (s *Service) SimilarItems(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	sv, err := s.serving()
	if err != nil {
		return nil, err
	}
	i, it, err := s.item(ctx, sv, itemID)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return s.newItemFallback(sv, it, opt), nil
	}
	ok := sv.candidates(opt, map[int]bool{i: true})
	top := sv.similar(i, opt.Offset+opt.N, ok)
	return s.list(sv, top, opt, func(j int) explanation {
		if sv.sparse == nil && len(sv.explain) == 0 {
			// A factor model: its similarity is latent.
			return explanation{"Liked by the same shoppers as " + sv.title(i), "similar", itemID}
		}
		return explanation{sv.similarText(i, j), "similar", itemID}
	}), nil
}

// AlsoBought implements shopmind.Recommender.
func (s *Service) AlsoBought(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	sv, err := s.serving()
	if err != nil {
		return nil, err
	}
	i, _, err := s.item(ctx, sv, itemID)
	if err != nil {
		return nil, err
	}
	out := &shopmind.RecommendationList{ID: s.newID(), Model: sv.meta.Name, Version: sv.meta.Version,
		Items: []shopmind.Recommendation{}, CreatedAt: s.Now().UTC()}
	if i < 0 {
		return out, nil // nobody bought it yet, as far as the model knows
	}
	ok := sv.candidates(opt, map[int]bool{i: true})
	top := sv.alsoBought(i, opt.Offset+opt.N, ok)
	name := sv.title(i)
	return s.list(sv, top, opt, func(int) explanation {
		return explanation{"Often bought together with " + name, "also_bought", itemID}
	}), nil
}

// Popular implements shopmind.Recommender.
func (s *Service) Popular(ctx context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	sv, err := s.serving()
	if err != nil {
		return nil, err
	}
	ok := sv.candidates(opt, map[int]bool{})
	return s.list(sv, sv.popular(opt.Offset+opt.N, ok), opt, sv.explainPopular), nil
}

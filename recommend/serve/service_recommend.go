package serve

import (
	"context"
	"strings"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// serving returns the model being served, or EUNAVAILABLE.
func (s *Service) serving() (*recommend.Serving, error) {
	sv := s.cur.Load()
	if sv == nil {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE,
			"no recommendation model is trained yet; run \"shopmind train recommend\" (or wait for serve to train one)")
	}
	return sv, nil
}

// list builds the response from ranked items (offset applied here).
func (s *Service) list(sv *recommend.Serving, top []recommend.Scored, opt shopmind.RecommendOptions, explain func(i int) recommend.Explanation) *shopmind.RecommendationList {
	out := &shopmind.RecommendationList{ID: s.newID(), Model: sv.Meta().Name, Version: sv.Meta().Version,
		Items: []shopmind.Recommendation{}, CreatedAt: s.Now().UTC()}
	if opt.Offset < len(top) {
		top = top[opt.Offset:]
	} else {
		top = nil
	}
	for _, sc := range top {
		e := explain(sc.Item)
		out.Items = append(out.Items, shopmind.Recommendation{ItemID: sv.Bundle().Items[sc.Item], Score: float64(sc.Score),
			Explanation: e.Text, Reason: e.Reason, BecauseOf: e.Because, Item: sv.Item(sc.Item)})
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
	top, cold := sv.ForUser(h, s.Config.Exclude.Compile(), opt)
	if cold {
		out := s.list(sv, top, opt, sv.ExplainPopular)
		out.ColdStart = true
		return out, nil
	}
	return s.list(sv, top, opt, func(i int) recommend.Explanation { return sv.ExplainForUser(i, h) }), nil
}

// userExcluded returns what the item lists leave out for opt.UserID (none
// when it is empty): the items their personal list would leave out.
func (s *Service) userExcluded(ctx context.Context, sv *recommend.Serving, opt shopmind.RecommendOptions) (map[int]bool, error) {
	if opt.UserID == "" {
		return map[int]bool{}, nil
	}
	h, err := s.history(ctx, sv, opt.UserID)
	if err != nil {
		return nil, err
	}
	return sv.Excluded(h, s.Config.Exclude.Compile(), opt.IncludeBought), nil
}

// item finds an item for the item endpoints: its model index, or -1 with
// the stored item when the model does not know it yet. ENOTFOUND when
// neither does.
func (s *Service) item(ctx context.Context, sv *recommend.Serving, itemID string) (int, *shopmind.Item, error) {
	if err := shopmind.ValidateID("id", itemID); err != nil {
		return 0, nil, err
	}
	if i, ok := sv.Bundle().ItemIndex(itemID); ok && (sv.Item(i) != nil || !sv.AnyItems()) {
		return i, sv.Item(i), nil
	}
	it, err := s.Store.Item(ctx, itemID)
	if err != nil {
		return 0, nil, err
	}
	return -1, it, nil
}

// newItemFallback answers an item endpoint for an item the model has not
// seen: popular items of its category.
func (s *Service) newItemFallback(sv *recommend.Serving, it *shopmind.Item, opt shopmind.RecommendOptions, excl map[int]bool) *shopmind.RecommendationList {
	if opt.Category == "" && len(it.Category) > 0 {
		opt.Category = strings.Join(it.Category, "/")
	}
	ok := sv.Candidates(opt, excl)
	ok2 := func(i int) bool { return sv.Bundle().Items[i] != it.ID && ok(i) }
	out := s.list(sv, sv.Popular(opt.Offset+opt.N, ok2), opt, sv.ExplainPopular)
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
	excl, err := s.userExcluded(ctx, sv, opt)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return s.newItemFallback(sv, it, opt, excl), nil
	}
	excl[i] = true
	ok := sv.Candidates(opt, excl)
	top := sv.Similar(i, opt.Offset+opt.N, ok)
	return s.list(sv, top, opt, func(j int) recommend.Explanation {
		if sv.Latent() {
			// A factor model: its similarity is latent.
			return recommend.Explanation{Text: "Liked by the same shoppers as " + sv.Title(i), Reason: "similar", Because: itemID}
		}
		return recommend.Explanation{Text: sv.SimilarText(i, j), Reason: "similar", Because: itemID}
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
	out := &shopmind.RecommendationList{ID: s.newID(), Model: sv.Meta().Name, Version: sv.Meta().Version,
		Items: []shopmind.Recommendation{}, CreatedAt: s.Now().UTC()}
	if i < 0 {
		return out, nil // nobody bought it yet, as far as the model knows
	}
	excl, err := s.userExcluded(ctx, sv, opt)
	if err != nil {
		return nil, err
	}
	excl[i] = true
	ok := sv.Candidates(opt, excl)
	top := sv.AlsoBought(i, opt.Offset+opt.N, ok)
	name := sv.Title(i)
	return s.list(sv, top, opt, func(int) recommend.Explanation {
		return recommend.Explanation{Text: "Often bought together with " + name, Reason: "also_bought", Because: itemID}
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
	excl, err := s.userExcluded(ctx, sv, opt)
	if err != nil {
		return nil, err
	}
	ok := sv.Candidates(opt, excl)
	return s.list(sv, sv.Popular(opt.Offset+opt.N, ok), opt, sv.ExplainPopular), nil
}

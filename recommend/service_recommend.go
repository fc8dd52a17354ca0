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
	top, cold := sv.forUser(h, s.Config.Exclude.compile(), opt)
	if cold {
		out := s.list(sv, top, opt, sv.explainPopular)
		out.ColdStart = true
		return out, nil
	}
	return s.list(sv, top, opt, func(i int) explanation { return sv.explainForUser(i, h.items) }), nil
}

// forUser ranks the opt.Offset+opt.N best items for a user with history h:
// the model scores their positive items (popular items when they have none:
// cold), among the items opt's filters accept, less the items h has that x
// excludes (all of them but the disliked when opt.IncludeBought). Serving
// and Evaluate both rank through it, so the offline metrics describe the
// served lists.
func (sv *serving) forUser(h *userHistory, x *exclusion, opt shopmind.RecommendOptions) (top []Scored, cold bool) {
	ok := sv.candidates(opt, sv.excluded(h, x, opt.IncludeBought))
	need := opt.Offset + opt.N
	if len(h.items) == 0 {
		return sv.popular(need, ok), true
	}
	hist := make([]int, len(h.items))
	for k, it := range h.items {
		hist[k] = it.index
	}
	return sv.rank(hist, need, ok), false
}

// excluded returns the items of h that lists for its user leave out: the
// disliked, and, unless keep, those x excludes.
func (sv *serving) excluded(h *userHistory, x *exclusion, keep bool) map[int]bool {
	excl := make(map[int]bool, len(h.disliked))
	for i := range h.disliked {
		excl[i] = true
	}
	if keep {
		return excl
	}
	for i, set := range h.types {
		if x.excludes(set, sv.catalog[i]) {
			excl[i] = true
		}
	}
	return excl
}

// userExcluded returns what the item lists leave out for opt.UserID (none
// when it is empty): the items their personal list would leave out.
func (s *Service) userExcluded(ctx context.Context, sv *serving, opt shopmind.RecommendOptions) (map[int]bool, error) {
	if opt.UserID == "" {
		return map[int]bool{}, nil
	}
	h, err := s.history(ctx, sv, opt.UserID)
	if err != nil {
		return nil, err
	}
	return sv.excluded(h, s.Config.Exclude.compile(), opt.IncludeBought), nil
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
func (s *Service) newItemFallback(sv *serving, it *shopmind.Item, opt shopmind.RecommendOptions, excl map[int]bool) *shopmind.RecommendationList {
	if opt.Category == "" && len(it.Category) > 0 {
		opt.Category = strings.Join(it.Category, "/")
	}
	ok := sv.candidates(opt, excl)
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
	excl, err := s.userExcluded(ctx, sv, opt)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return s.newItemFallback(sv, it, opt, excl), nil
	}
	excl[i] = true
	ok := sv.candidates(opt, excl)
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
	excl, err := s.userExcluded(ctx, sv, opt)
	if err != nil {
		return nil, err
	}
	excl[i] = true
	ok := sv.candidates(opt, excl)
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
	excl, err := s.userExcluded(ctx, sv, opt)
	if err != nil {
		return nil, err
	}
	ok := sv.candidates(opt, excl)
	return s.list(sv, sv.popular(opt.Offset+opt.N, ok), opt, sv.explainPopular), nil
}

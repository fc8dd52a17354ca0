package privacy

import (
	"context"

	"github.com/shopmind/shopmind"
)

// ConsentRecommender serves users who refuse personalisation
// (shopmind.Consent.NoPersonalisation) only what an anonymous visitor
// gets, and everyone else what Next serves. It asks Consents at every
// request: serve's Consents (cache.Consents) answers from memory, so a
// consent set through serve applies to the next list, and one set by
// another process (another node, "shopmind import") within
// cluster.refresh_every (2s by default).
//
//   - RecommendForUser for such a user answers Next.Popular without a
//     user: the list an unknown user gets (cold start), flagged ColdStart
//     and NoPersonalisation, with nothing from their history.
//   - SimilarItems, AlsoBought and Popular shown to such a user (opt.UserID)
//     are asked of Next without the user, so their history does not filter
//     or shape them and no experiment assigns them.
//
// That their events stay out of training is the trainers' part
// (recommend/serve.Service reads the opt-outs with the events).
type ConsentRecommender struct {
	Next     shopmind.Recommender
	Consents shopmind.RefusalChecker
}

var _ shopmind.Recommender = (*ConsentRecommender)(nil)

// refuses reports whether userID refuses personalisation; "" never does.
func (c *ConsentRecommender) refuses(ctx context.Context, userID string) (bool, error) {
	if userID == "" {
		return false, nil
	}
	return c.Consents.RefusesPersonalisation(ctx, userID)
}

// RecommendForUser implements shopmind.Recommender.
func (c *ConsentRecommender) RecommendForUser(ctx context.Context, userID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	if err := shopmind.ValidateID("id", userID); err != nil {
		return nil, err
	}
	no, err := c.refuses(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !no {
		return c.Next.RecommendForUser(ctx, userID, opt)
	}
	opt.UserID = ""
	list, err := c.Next.Popular(ctx, opt)
	if err != nil {
		return nil, err
	}
	list.ColdStart, list.NoPersonalisation = true, true
	return list, nil
}

// anonymous returns opt without its user when the user refuses
// personalisation, and whether it did.
func (c *ConsentRecommender) anonymous(ctx context.Context, opt shopmind.RecommendOptions) (shopmind.RecommendOptions, bool, error) {
	no, err := c.refuses(ctx, opt.UserID)
	if err != nil || !no {
		return opt, false, err
	}
	opt.UserID = ""
	return opt, true, nil
}

// SimilarItems implements shopmind.Recommender.
func (c *ConsentRecommender) SimilarItems(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return c.shown(ctx, opt, func(opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
		return c.Next.SimilarItems(ctx, itemID, opt)
	})
}

// AlsoBought implements shopmind.Recommender.
func (c *ConsentRecommender) AlsoBought(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return c.shown(ctx, opt, func(opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
		return c.Next.AlsoBought(ctx, itemID, opt)
	})
}

// Popular implements shopmind.Recommender.
func (c *ConsentRecommender) Popular(ctx context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return c.shown(ctx, opt, func(opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
		return c.Next.Popular(ctx, opt)
	})
}

// shown runs a list shown to opt.UserID, anonymously when they refuse
// personalisation.
func (c *ConsentRecommender) shown(ctx context.Context, opt shopmind.RecommendOptions,
	call func(shopmind.RecommendOptions) (*shopmind.RecommendationList, error)) (*shopmind.RecommendationList, error) {
	opt, anon, err := c.anonymous(ctx, opt)
	if err != nil {
		return nil, err
	}
	list, err := call(opt)
	if err == nil && anon {
		list.NoPersonalisation = true
	}
	return list, err
}

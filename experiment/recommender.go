package experiment

import (
	"context"
	"log/slog"

	"github.com/shopmind/shopmind"
)

// Recommender serves recommendations under the experiments running on the
// recommendation routes (see Route): for each request with a user (the
// path's user, or RecommendOptions.UserID on item and popular lists) it
// assigns the user on the route's surfaces, asks the recommender of the
// variant's Config["model"] (Variants; Default when the variant names no
// model; "none" serves an empty list, a hold-out) and logs the exposure
// under the answer's recommendation id. Requests without a user or a
// running experiment pass to Default.
//
// A variant whose model cannot answer yet (not in Variants, or answering
// EUNAVAILABLE while serve loads or trains it) gets Default's list, which
// names the model that served it and is not logged as an exposure: results
// count only lists a variant's own model served.
type Recommender struct {
	Default     shopmind.Recommender
	Variants    map[string]shopmind.Recommender // by Config["model"]
	Experiments shopmind.Experiments
	Logger      *slog.Logger // assignment and exposure logging failures; nil discards
}

var _ shopmind.Recommender = (*Recommender)(nil)

// RecommendForUser implements shopmind.Recommender on surface SurfaceUser.
func (r *Recommender) RecommendForUser(ctx context.Context, userID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.serve(ctx, SurfaceUser, userID, opt, func(rec shopmind.Recommender) (*shopmind.RecommendationList, error) {
		return rec.RecommendForUser(ctx, userID, opt)
	})
}

// SimilarItems implements shopmind.Recommender on surface SurfaceSimilar,
// for the shopper opt.UserID.
func (r *Recommender) SimilarItems(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.serve(ctx, SurfaceSimilar, opt.UserID, opt, func(rec shopmind.Recommender) (*shopmind.RecommendationList, error) {
		return rec.SimilarItems(ctx, itemID, opt)
	})
}

// AlsoBought implements shopmind.Recommender on surface SurfaceAlsoBought,
// for the shopper opt.UserID.
func (r *Recommender) AlsoBought(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.serve(ctx, SurfaceAlsoBought, opt.UserID, opt, func(rec shopmind.Recommender) (*shopmind.RecommendationList, error) {
		return rec.AlsoBought(ctx, itemID, opt)
	})
}

// Popular implements shopmind.Recommender on surface SurfacePopular, for
// the shopper opt.UserID.
func (r *Recommender) Popular(ctx context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.serve(ctx, SurfacePopular, opt.UserID, opt, func(rec shopmind.Recommender) (*shopmind.RecommendationList, error) {
		return rec.Popular(ctx, opt)
	})
}

// serve answers one request on route for userID ("" for nobody known).
func (r *Recommender) serve(ctx context.Context, route, userID string, opt shopmind.RecommendOptions,
	call func(shopmind.Recommender) (*shopmind.RecommendationList, error)) (*shopmind.RecommendationList, error) {
	if userID == "" {
		return call(r.Default)
	}
	a, err := r.Experiments.Assign(ctx, route, userID)
	if err != nil || a == nil {
		if err != nil {
			if shopmind.ErrorCode(err) == shopmind.EINVALID {
				return nil, err // a malformed user id
			}
			r.warn("experiment assignment failed; serving the default", "surface", route, "user", userID, "error", err)
		}
		return call(r.Default)
	}
	var list *shopmind.RecommendationList
	switch model := variantModel(shopmind.Variant{Config: a.Config}); model {
	case ModelNone:
		if err := opt.Validate(); err != nil {
			return nil, err
		}
		list = &shopmind.RecommendationList{Model: ModelNone, Items: []shopmind.Recommendation{}}
	case "":
		if list, err = call(r.Default); err != nil {
			return nil, err
		}
	default:
		rec, ok := r.Variants[model]
		if !ok {
			r.warn("variant's model is not served; serving the default, not logged as an exposure",
				"experiment", a.ExperimentID, "variant", a.Variant, "model", model)
			return call(r.Default)
		}
		list, err = call(rec)
		if shopmind.ErrorCode(err) == shopmind.EUNAVAILABLE {
			r.warn("variant's model is not ready; serving the default, not logged as an exposure",
				"experiment", a.ExperimentID, "variant", a.Variant, "model", model)
			return call(r.Default)
		}
		if err != nil {
			return nil, err
		}
	}
	x := &shopmind.Exposure{RecommendationID: list.ID, ExperimentID: a.ExperimentID, Variant: a.Variant, UserID: userID,
		Time: list.CreatedAt}
	for _, it := range list.Items {
		x.ItemIDs = append(x.ItemIDs, it.ItemID)
	}
	if err := r.Experiments.LogExposure(ctx, x); err != nil {
		r.warn("exposure not logged", "experiment", a.ExperimentID, "user", userID, "error", err)
	}
	list.ID = x.RecommendationID // a hold-out list gets its id from LogExposure
	if list.CreatedAt.IsZero() {
		list.CreatedAt = x.Time
	}
	return list, nil
}

func (r *Recommender) warn(msg string, args ...any) {
	if r.Logger != nil {
		r.Logger.Warn(msg, args...)
	}
}

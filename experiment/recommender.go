package experiment

import (
	"context"
	"log/slog"

	"github.com/shopmind/shopmind"
)

// Surfaces of the recommendation API an experiment can run on.
const (
	SurfaceUser       = "user"        // GET /v1/users/{id}/recommendations
	SurfaceSimilar    = "similar"     // GET /v1/items/{id}/similar
	SurfaceAlsoBought = "also_bought" // GET /v1/items/{id}/also-bought
	SurfacePopular    = "popular"     // GET /v1/popular
)

// Recommender serves recommendations under the experiment running on the
// "user" surface: it assigns the user, asks the recommender the variant's
// config names (Config["model"], looked up in Variants; Default when absent;
// "none" serves an empty list, a hold-out) and logs the exposure under the
// answer's recommendation id. Without a running experiment it passes
// requests to Default. Item and popular lists carry no user, so they pass
// through unchanged.
type Recommender struct {
	Default     shopmind.Recommender
	Variants    map[string]shopmind.Recommender // by Config["model"]
	Experiments shopmind.Experiments
	Logger      *slog.Logger // exposure logging failures; nil discards
}

var _ shopmind.Recommender = (*Recommender)(nil)

// RecommendForUser implements shopmind.Recommender.
func (r *Recommender) RecommendForUser(ctx context.Context, userID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	a, err := r.Experiments.Assign(ctx, SurfaceUser, userID)
	if err != nil || a == nil {
		if err != nil && r.Logger != nil {
			r.Logger.Warn("experiment assignment failed; serving the default", "user", userID, "error", err)
		}
		return r.Default.RecommendForUser(ctx, userID, opt)
	}
	var list *shopmind.RecommendationList
	if model := a.Config["model"]; model == "none" {
		if err := opt.Validate(); err != nil {
			return nil, err
		}
		list = &shopmind.RecommendationList{Model: "none", Items: []shopmind.Recommendation{}}
	} else {
		rec := r.Default
		if v, ok := r.Variants[model]; ok {
			rec = v
		}
		if list, err = rec.RecommendForUser(ctx, userID, opt); err != nil {
			return nil, err
		}
	}
	x := &shopmind.Exposure{RecommendationID: list.ID, ExperimentID: a.ExperimentID, Variant: a.Variant, UserID: userID,
		Time: list.CreatedAt}
	for _, it := range list.Items {
		x.ItemIDs = append(x.ItemIDs, it.ItemID)
	}
	if err := r.Experiments.LogExposure(ctx, x); err != nil {
		if r.Logger != nil {
			r.Logger.Warn("exposure not logged", "experiment", a.ExperimentID, "user", userID, "error", err)
		}
	}
	list.ID = x.RecommendationID // a hold-out list gets its id from LogExposure
	if list.CreatedAt.IsZero() {
		list.CreatedAt = x.Time
	}
	return list, nil
}

// SimilarItems implements shopmind.Recommender by passing through.
func (r *Recommender) SimilarItems(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.Default.SimilarItems(ctx, itemID, opt)
}

// AlsoBought implements shopmind.Recommender by passing through.
func (r *Recommender) AlsoBought(ctx context.Context, itemID string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.Default.AlsoBought(ctx, itemID, opt)
}

// Popular implements shopmind.Recommender by passing through.
func (r *Recommender) Popular(ctx context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.Default.Popular(ctx, opt)
}

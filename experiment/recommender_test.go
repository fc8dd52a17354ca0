package experiment_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/mock"
)

// fixedRecommender answers every user with one item, under its own name.
func fixedRecommender(name, item string) *mock.Recommender {
	return &mock.Recommender{RecommendForUserFn: func(_ context.Context, user string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
		return &shopmind.RecommendationList{ID: name + "-" + user, Model: name, CreatedAt: t0,
			Items: []shopmind.Recommendation{{ItemID: item}}}, nil
	}}
}

func TestRecommenderWrapper(t *testing.T) {
	ctx := context.Background()
	s, db := setup(t)
	r := &experiment.Recommender{Default: fixedRecommender("default", "hat"), Experiments: s,
		Variants: map[string]shopmind.Recommender{"ease": fixedRecommender("ease", "shoe")}}

	// No experiment: the default serves and nothing is logged.
	list, err := r.RecommendForUser(ctx, "u1", shopmind.RecommendOptions{})
	if err != nil || list.Model != "default" {
		t.Fatalf("without experiment: %+v, %v", list, err)
	}

	e := &shopmind.Experiment{ID: "exp", Surface: experiment.SurfaceUser, Horizon: 10, Status: shopmind.ExperimentRunning,
		Variants: []shopmind.Variant{{Name: "holdout", Share: 0.5, Config: map[string]string{"model": "none"}},
			{Name: "ease", Share: 0.5, Config: map[string]string{"model": "ease"}}}}
	if err := s.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	hold, trt := usersIn(e, "holdout", 1)[0], usersIn(e, "ease", 1)[0]
	list, err = r.RecommendForUser(ctx, trt, shopmind.RecommendOptions{})
	if err != nil || list.Model != "ease" || list.ID != "ease-"+trt {
		t.Fatalf("treatment: %+v, %v", list, err)
	}
	list, err = r.RecommendForUser(ctx, hold, shopmind.RecommendOptions{})
	if err != nil || len(list.Items) != 0 || list.ID == "" {
		t.Fatalf("hold-out: %+v, %v", list, err)
	}
	xs, _, err := db.Exposures(ctx, shopmind.ExposureFilter{ExperimentID: "exp"})
	if err != nil || len(xs) != 2 {
		t.Fatalf("exposures %v, %v", xs, err)
	}
	byUser := map[string]*shopmind.Exposure{}
	for _, x := range xs {
		byUser[x.UserID] = x
	}
	if x := byUser[trt]; x == nil || x.Variant != "ease" || x.RecommendationID != "ease-"+trt || len(x.ItemIDs) != 1 || !x.Time.Equal(t0) {
		t.Errorf("treatment exposure %+v", x)
	}
	if x := byUser[hold]; x == nil || x.Variant != "holdout" || x.RecommendationID != list.ID || !x.Time.Equal(t0.Truncate(time.Microsecond)) {
		t.Errorf("hold-out exposure %+v (list id %s)", x, list.ID)
	}
}

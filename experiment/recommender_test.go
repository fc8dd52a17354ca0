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

// TestRecommenderItemSurfaces runs an experiment on item pages: the shopper
// named in the options is assigned, and each arm gets its own model's list.
func TestRecommenderItemSurfaces(t *testing.T) {
	ctx := context.Background()
	s, db := setup(t)
	similar := func(name string) *mock.Recommender {
		return &mock.Recommender{SimilarItemsFn: func(_ context.Context, item string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
			return &shopmind.RecommendationList{ID: name + "-" + opt.UserID, Model: name, CreatedAt: t0, Items: []shopmind.Recommendation{{ItemID: "hat"}}}, nil
		}}
	}
	r := &experiment.Recommender{Default: similar("default"), Experiments: s,
		Variants: map[string]shopmind.Recommender{"popularity": similar("popularity"), "ease": similar("ease")}}
	e := &shopmind.Experiment{ID: "pdp", Surface: "product", Horizon: 10, Status: shopmind.ExperimentRunning,
		Variants: []shopmind.Variant{{Name: "pop", Share: 0.5, Config: map[string]string{"model": "popularity"}},
			{Name: "ease", Share: 0.5, Config: map[string]string{"model": "ease"}}}}
	if err := s.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct{ variant, model string }{{"pop", "popularity"}, {"ease", "ease"}} {
		u := usersIn(e, v.variant, 1)[0]
		list, err := r.SimilarItems(ctx, "shoe", shopmind.RecommendOptions{UserID: u})
		if err != nil || list.Model != v.model {
			t.Fatalf("arm %s: %+v, %v", v.variant, list, err)
		}
	}
	// Without a shopper nobody is assigned: the default serves, unlogged.
	if list, err := r.SimilarItems(ctx, "shoe", shopmind.RecommendOptions{}); err != nil || list.Model != "default" {
		t.Fatalf("anonymous: %+v, %v", list, err)
	}
	xs, _, err := db.Exposures(ctx, shopmind.ExposureFilter{ExperimentID: "pdp"})
	if err != nil || len(xs) != 2 {
		t.Fatalf("exposures %v, %v; want one per arm", xs, err)
	}
}

// TestRecommenderModelNotReady checks what a variant gets while its model
// loads: the default's list, named as such, and no exposure, so results
// count only the variant's own lists.
func TestRecommenderModelNotReady(t *testing.T) {
	ctx := context.Background()
	s, db := setup(t)
	loading := &mock.Recommender{RecommendForUserFn: func(context.Context, string, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "no recommendation model is trained yet")
	}}
	r := &experiment.Recommender{Default: fixedRecommender("default", "hat"), Experiments: s,
		Variants: map[string]shopmind.Recommender{"ease": loading}}
	e := &shopmind.Experiment{ID: "exp", Surface: "home", Horizon: 10, Status: shopmind.ExperimentRunning,
		Variants: []shopmind.Variant{{Name: "ease", Share: 0.5, Config: map[string]string{"model": "ease"}},
			{Name: "als", Share: 0.5, Config: map[string]string{"model": "als"}}}}
	if err := s.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"ease", "als"} { // als: not served at all
		list, err := r.RecommendForUser(ctx, usersIn(e, v, 1)[0], shopmind.RecommendOptions{})
		if err != nil || list.Model != "default" {
			t.Fatalf("arm %s while its model is not ready: %+v, %v", v, list, err)
		}
	}
	if xs, _, err := db.Exposures(ctx, shopmind.ExposureFilter{ExperimentID: "exp"}); err != nil || len(xs) != 0 {
		t.Fatalf("exposures %v, %v; want none", xs, err)
	}
}

package insights_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/store/sqlite"
)

func TestServiceOnDemoStore(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Seed: 3, Items: 200, Users: 600, Days: 240})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	s := insights.NewService(db)
	if _, err := s.Segmentation(ctx); shopmind.ErrorCode(err) != shopmind.EUNAVAILABLE {
		t.Fatalf("before refresh: err = %v, want EUNAVAILABLE", err)
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	seg, err := s.Segmentation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if seg.Customers < 300 || seg.Model != insights.ModelName+" v1" || seg.ModelMetrics["churn_auc"] < 0.6 {
		t.Fatalf("segmentation: %d customers, model %q, metrics %v", seg.Customers, seg.Model, seg.ModelMetrics)
	}
	// A second refresh reuses the stored model.
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if seg2, _ := s.Segmentation(ctx); seg2.Model != seg.Model {
		t.Errorf("second refresh model %q, want %q", seg2.Model, seg.Model)
	}

	t.Run("Customers", func(t *testing.T) {
		cs, total, err := s.Customers(ctx, shopmind.CustomerFilter{Sort: "churn_risk", Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if total != seg.Customers || len(cs) != 5 || cs[0].ChurnRisk < cs[4].ChurnRisk || cs[0].ChurnRisk < 0 {
			t.Fatalf("total %d, %d customers: %+v", total, len(cs), cs[0])
		}
		one, err := s.Customer(ctx, cs[0].UserID)
		if err != nil || one.UserID != cs[0].UserID {
			t.Fatalf("Customer: %v %v", one, err)
		}
		if _, err := s.Customer(ctx, "nobody"); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			t.Errorf("unknown user: %v", err)
		}
		if _, _, err := s.Customers(ctx, shopmind.CustomerFilter{Segment: "vip"}); shopmind.ErrorField(err) != "segment" {
			t.Errorf("bad segment: %v", err)
		}
	})
	t.Run("Targets", func(t *testing.T) {
		cat := shop.Items[0].Category[0]
		tl, err := s.Targets(ctx, shopmind.TargetQuery{Category: cat, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(tl.Targets) != 20 || tl.Targets[0].Uplift <= 0 || tl.Source != "history" {
			t.Fatalf("targets %+v", tl)
		}
		for _, q := range []struct {
			q    shopmind.TargetQuery
			code string
		}{
			{shopmind.TargetQuery{}, shopmind.EINVALID},
			{shopmind.TargetQuery{ItemID: "x", Category: "y"}, shopmind.EINVALID},
			{shopmind.TargetQuery{ItemID: "nope"}, shopmind.ENOTFOUND},
			{shopmind.TargetQuery{Category: "Nope"}, shopmind.ENOTFOUND},
		} {
			if _, err := s.Targets(ctx, q.q); shopmind.ErrorCode(err) != q.code {
				t.Errorf("%+v: err %v, want %s", q.q, err, q.code)
			}
		}
	})
	t.Run("TargetsWithRecommender", func(t *testing.T) {
		item := shop.Items[1].ID
		rec := &fakeRecommender{
			similar: func(ctx context.Context, id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
				return &shopmind.RecommendationList{Model: "recommend/test", Items: []shopmind.Recommendation{{ItemID: shop.Items[2].ID, Score: 2}}}, nil
			},
			also: func(ctx context.Context, id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
				return nil, shopmind.Errorf(shopmind.ENOTFOUND, "no")
			},
		}
		s.Recommender = rec
		defer func() { s.Recommender = nil }()
		tl, err := s.Targets(ctx, shopmind.TargetQuery{ItemID: item})
		if err != nil {
			t.Fatal(err)
		}
		if tl.Source != "history+recommend/test" {
			t.Errorf("source %q", tl.Source)
		}
	})
	t.Run("Funnel", func(t *testing.T) {
		f, err := s.Funnel(ctx, shopmind.FunnelQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Steps[0].Count == 0 || f.Steps[2].Count == 0 || f.Steps[1].Count > f.Steps[0].Count || f.Steps[2].Count > f.Steps[1].Count {
			t.Fatalf("funnel %+v", f.Steps)
		}
		if f.Until.Sub(f.Since) != 30*24*time.Hour {
			t.Errorf("default window %v..%v", f.Since, f.Until)
		}
		if _, err := s.Funnel(ctx, shopmind.FunnelQuery{Unit: "cart"}); shopmind.ErrorField(err) != "unit" {
			t.Errorf("bad unit: %v", err)
		}
	})
	t.Run("Cohorts", func(t *testing.T) {
		c, err := s.Cohorts(ctx, shopmind.CohortQuery{Months: 6})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Cohorts) != 6 || c.Cohorts[0].Customers == 0 || c.Cohorts[0].Retention[0] != 1 {
			t.Fatalf("cohorts %+v", c.Cohorts[0])
		}
	})
}

// fakeRecommender answers SimilarItems and AlsoBought; the other methods
// are not used by insights.
type fakeRecommender struct {
	shopmind.Recommender
	similar, also func(ctx context.Context, id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error)
}

func (f *fakeRecommender) SimilarItems(ctx context.Context, id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return f.similar(ctx, id, opt)
}

func (f *fakeRecommender) AlsoBought(ctx context.Context, id string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return f.also(ctx, id, opt)
}

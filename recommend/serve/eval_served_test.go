package serve

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// TestEvaluateRanksAsServed checks that the offline evaluation describes
// what is served: for every shopper of a demo shop, the list Evaluate
// scores is the list RecommendForUser serves (same history, candidates,
// exclusions, with a repurchasable department), and Evaluate's metrics equal
// the metrics of the served lists. Before, Evaluate scored known users by
// their training index and excluded every training item, so factor models
// were measured on lists nobody was served (BPR 0.328 offline against
// 0.386 as served on MovieLens-100K).
func TestEvaluateRanksAsServed(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"itemknn", "ease", "bpr", "als", "hybrid"} {
		t.Run(name, func(t *testing.T) {
			db, shop := mustShopStore(t)
			ex := recommend.Exclusion{Events: recommend.DefaultExclusion().Events, Repurchasable: []string{shop.Items[0].Category[0]}}
			s := NewService(db, ServiceConfig{Model: name, Holdout: -1, Exclude: ex})
			m, err := s.Train(ctx, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Swap(ctx, m); err != nil {
				t.Fatal(err)
			}
			model := s.cur.Load().Bundle().Model
			// What Train fitted on: the store's events and items.
			sd, err := s.readShop(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			d := recommend.NewDataset(sd.inter, sd.catalog)
			bought := map[[2]string]bool{}
			for _, p := range sd.purchases {
				bought[p] = true
			}
			// A test set: two random items per shopper that Holdout keeps.
			rng := rand.New(rand.NewPCG(1, 2))
			var test []recommend.Interaction
			for _, u := range d.Users {
				for range 2 {
					test = append(test, recommend.Interaction{User: u, Item: d.Items[rng.IntN(d.NumItems())], Value: 1})
				}
			}
			h := d.Holdout(test)
			opt := recommend.EvalOptions{K: 10, Exclude: ex, TrendWindow: s.Config.TrendWindow}
			got, err := recommend.Evaluate(ctx, model, d, h, opt)
			if err != nil {
				t.Fatal(err)
			}
			var want recommend.Metrics
			repurchased := 0
			for u, items := range h {
				list, err := s.RecommendForUser(ctx, d.Users[u], shopmind.RecommendOptions{N: 10})
				if err != nil {
					t.Fatal(err)
				}
				ranked := make([]int, len(list.Items))
				for r, it := range list.Items {
					ranked[r], _ = d.ItemIndex(it.ItemID)
					if bought[[2]string{d.Users[u], it.ItemID}] {
						repurchased++
					}
				}
				if eval := evalRank(recommend.NewEvalServing(model, d, opt.TrendWindow), d.Users[u], ex, 10); !slices.Equal(eval, ranked) {
					t.Fatalf("user %s: evaluated %v, served %v", d.Users[u], eval, ranked)
				}
				rel := map[int]bool{}
				for _, i := range items {
					rel[i] = true
				}
				nd, rc, pr, hr := recommend.UserMetrics(ranked, rel, 10)
				want.NDCG += nd
				want.Recall += rc
				want.Precision += pr
				want.HitRate += hr
			}
			n := float64(len(h))
			if got.Users != len(h) || math.Abs(got.NDCG-want.NDCG/n) > 1e-9 || math.Abs(got.Recall-want.Recall/n) > 1e-9 ||
				math.Abs(got.Precision-want.Precision/n) > 1e-9 || math.Abs(got.HitRate-want.HitRate/n) > 1e-9 {
				t.Fatalf("Evaluate %s, served lists ndcg=%.4f recall=%.4f precision=%.4f hr=%.4f", got,
					want.NDCG/n, want.Recall/n, want.Precision/n, want.HitRate/n)
			}
			if repurchased == 0 {
				t.Errorf("no list holds a bought item of the repurchasable department %q", ex.Repurchasable[0])
			}
			t.Logf("%s over %d users; %d served items were bought before", got, got.Users, repurchased)
		})
	}
}

// evalRank returns the item indices of the top k list Evaluate scores for
// userID: sv's list from their trained history.
func evalRank(sv *recommend.Serving, userID string, ex recommend.Exclusion, k int) []int {
	top, _ := sv.ForUser(recommend.NewUserHistory(sv.TrainedPairs(userID)), ex.Compile(), shopmind.RecommendOptions{N: k})
	ranked := make([]int, len(top))
	for r, s := range top {
		ranked[r] = s.Item
	}
	return ranked
}

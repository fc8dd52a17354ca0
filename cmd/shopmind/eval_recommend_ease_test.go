package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestEvalRecommendEASEFamilies: "shopmind eval recommend" tunes EASE and
// sparse-ease on a MovieLens-latest folder with fewer users than films (the
// Woodbury route of EASE), reports a tuned lambda for each, and the
// neighbourhood approximation stays close to EASE.
func TestEvalRecommendEASEFamilies(t *testing.T) {
	dir := writeMovieLensLatest(t, 60, 90)
	env, stdout, stderr := testEnv(t)
	err := Run(context.Background(), env, []string{"eval", "recommend", "--data", dir, "--models", "popularity,ease,sparse-ease", "--json"})
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr.String())
	}
	type row struct {
		Model   string
		Params  string
		Metrics struct{ NDCG float64 }
	}
	got := map[string]row{}
	dec := json.NewDecoder(strings.NewReader(stdout.String()))
	for dec.More() {
		var r row
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%v in %q", err, stdout.String())
		}
		got[r.Model] = r
	}
	ease, sparse, pop := got["ease"], got["sparse-ease"], got["popularity"]
	for _, r := range []row{ease, sparse} {
		if !strings.Contains(r.Params, "lambda=") || r.Metrics.NDCG <= 0 || r.Metrics.NDCG >= 1 {
			t.Errorf("%q: params %q, NDCG@10 %v", r.Model, r.Params, r.Metrics.NDCG)
		}
	}
	if sparse.Metrics.NDCG < 0.8*ease.Metrics.NDCG || sparse.Metrics.NDCG > 1.2*ease.Metrics.NDCG {
		t.Errorf("sparse-ease NDCG@10 %.4f not within 20%% of EASE's %.4f", sparse.Metrics.NDCG, ease.Metrics.NDCG)
	}
	if pop.Model != "popularity" {
		t.Errorf("no popularity row in %q", stdout.String())
	}
	t.Logf("ease %s %.4f, sparse-ease %s %.4f", ease.Params, ease.Metrics.NDCG, sparse.Params, sparse.Metrics.NDCG)
}

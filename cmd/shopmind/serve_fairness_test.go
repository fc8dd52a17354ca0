package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/fairness"
)

// TestServeFairnessReport trains on a demo shop, serves it, asks for
// recommendations as a shop's pages would, and checks the fairness report
// against what the client itself was shown: lists, impressions, coverage
// and Gini over the active catalog, plausible popularity bias and price
// bands, quality by user group (new/active and segments) and the model
// cards; campaign targeting says which features it used.
func TestServeFairnessReport(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 150, Users: 400, Days: 240})
	for _, args := range [][]string{{"train", "insights"}, {"train", "recommend", "--models", "hybrid"}} {
		if err := Run(ctx, env, args); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
	}
	key := createKey(t, env, stdout, "auditor", "read")
	base := startServe(t, env, stdout)

	// Serve lists: 60 users' own recommendations and 20 similar-item lists.
	shown := map[string]int64{}
	lists, impressions := int64(0), int64(0)
	serveList := func(path string) {
		var l shopmind.RecommendationList
		var code int
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if code = getJSON(t, base+path, key, &l); code != 503 {
				break
			}
		}
		if code != 200 {
			t.Fatalf("GET %s: %d", path, code)
		}
		lists++
		for _, r := range l.Items {
			shown[r.ItemID]++
			impressions++
		}
	}
	for i, u := range shop.Users[:60] {
		serveList(fmt.Sprintf("v1/users/%s/recommendations?n=%d", u.ID, 5+i%6))
	}
	for _, it := range shop.Items[:20] {
		serveList("v1/items/" + it.ID + "/similar?n=8")
	}

	var rep shopmind.FairnessReport
	if code := getJSON(t, base+"v1/reports/fairness", key, &rep); code != 200 {
		t.Fatalf("report: %d", code)
	}
	ex := rep.Exposure
	t.Logf("exposure %+v\npopularity %+v\nprice bands %+v\nquality %+v", ex, rep.Popularity, rep.PriceBands, rep.Quality)
	if ex.Lists != lists || ex.Impressions != impressions {
		t.Fatalf("report counts %d lists, %d impressions; the client was served %d, %d", ex.Lists, ex.Impressions, lists, impressions)
	}
	var counts []float64
	exposed := 0
	for _, it := range shop.Items {
		if it.Active {
			counts = append(counts, float64(shown[it.ID]))
			if shown[it.ID] > 0 {
				exposed++
			}
		}
	}
	if ex.CatalogItems != len(counts) || ex.ExposedItems != exposed || math.Abs(ex.Coverage-float64(exposed)/float64(len(counts))) > 1e-9 {
		t.Errorf("coverage %d of %d (%.4f), the client saw %d of %d active items", ex.ExposedItems, ex.CatalogItems, ex.Coverage, exposed, len(counts))
	}
	if g := fairness.Gini(counts); math.Abs(ex.Gini-g) > 1e-9 || ex.Gini < 0.3 || ex.Gini > 0.95 {
		t.Errorf("Gini %.4f, from the client's counts %.4f, want it within [0.3, 0.95]", ex.Gini, g)
	}
	if p := rep.Popularity; p.MeanPercentile < 0.55 || p.MeanPercentile > 0.98 || p.Lift < 1 || p.WindowDays != 30 {
		t.Errorf("popularity bias %+v: want a mean percentile in [0.55, 0.98] and lift >= 1 (lists lean to popular items)", p)
	}
	var catShare, expShare float64
	for _, b := range rep.PriceBands {
		catShare += b.CatalogShare
		expShare += b.ExposureShare
		if b.CatalogShare < 0.15 || b.CatalogShare > 0.35 {
			t.Errorf("price band %q holds %.3f of the catalog, want a quartile (0.15 to 0.35)", b.Name, b.CatalogShare)
		}
	}
	if len(rep.PriceBands) != 4 || math.Abs(catShare-1) > 1e-9 || math.Abs(expShare-1) > 1e-9 {
		t.Errorf("price bands %+v", rep.PriceBands)
	}
	if len(rep.Brands) == 0 || rep.Brands[0].ExposureShare < rep.Brands[len(rep.Brands)-1].ExposureShare {
		t.Errorf("brands %+v", rep.Brands)
	}

	// Quality by group, from the served model's holdout evaluation.
	groups := map[string]shopmind.GroupQuality{}
	segments := 0
	for _, g := range rep.Quality {
		groups[g.Group] = g
		if strings.HasPrefix(g.Group, "segment:") {
			segments++
		}
		if g.NDCG < 0 || g.NDCG > 1 || g.Users <= 0 || g.K != 10 {
			t.Errorf("group %+v", g)
		}
	}
	var card shopmind.ModelCard
	if code := getJSON(t, base+"v1/models/recommend.hybrid/card", key, &card); code != 200 {
		t.Fatalf("card: %d", code)
	}
	if n := groups["new"].Users + groups["active"].Users; n == 0 || float64(n) != card.Sizes["test_users"] || segments < 2 {
		t.Errorf("quality groups %+v: want new + active = %v test users, and 2+ segments", rep.Quality, card.Sizes["test_users"])
	}
	if a, ok := groups["active"]; !ok || a.NDCG < 0.02 || a.NDCG > 0.9 {
		t.Errorf("active users' NDCG %+v outside [0.02, 0.9]", a)
	}
	if !card.Served || card.Version != 1 || len(card.Inputs) < 2 || card.Sizes["events"] <= 0 ||
		card.DataFrom.IsZero() || !card.DataFrom.Before(card.DataTo) || card.Metrics["ndcg@10"] <= 0 || len(card.Groups) != len(rep.Quality) {
		t.Errorf("hybrid card %+v", card)
	}
	var churn shopmind.ModelCard
	if code := getJSON(t, base+"v1/models/insights.churn/card", key, &churn); code != 200 || !strings.Contains(strings.Join(churn.Inputs, " "), "recency_days") ||
		churn.DataFrom.IsZero() || !churn.DataFrom.Before(churn.DataTo) {
		t.Errorf("churn card: %d %+v", code, churn)
	}
	if len(rep.Models) < 2 {
		t.Errorf("report has %d model cards, want the hybrid and churn ones", len(rep.Models))
	}
	var e struct{ Code, Field string }
	if code := getJSON(t, base+"v1/models/no.such.model/card", key, &e); code != 404 {
		t.Errorf("unknown model: %d %+v", code, e)
	}
	if code := getJSON(t, base+"v1/models/%20x/card", key, &e); code != 400 || e.Field != "id" {
		t.Errorf("bad id: %d %+v", code, e)
	}

	// Campaign targeting names the features it used.
	var tl shopmind.TargetList
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if code := getJSON(t, base+"v1/insights/targets?category="+shop.Items[0].Category[0]+"&limit=5", key, &tl); code == 200 {
			break
		}
	}
	if f := strings.Join(tl.Features, "; "); !strings.Contains(f, "propensity model insights/churn v1") || !strings.Contains(f, "recency_days") || !strings.Contains(f, "units bought") {
		t.Errorf("targeting features %q", tl.Features)
	}
}

// TestServeTrainsWithSegments lets serve train the recommendation model
// itself at startup, before insights are computed: the served model's
// quality by user group must still include RFM segments.
func TestServeTrainsWithSegments(t *testing.T) {
	env, stdout, _ := testEnv(t)
	storeDemoShop(t, env, demo.Options{Items: 100, Users: 300, Days: 200})
	key := createKey(t, env, stdout, "auditor", "read")
	base := startServe(t, env, stdout)
	var rep shopmind.FairnessReport
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if code := getJSON(t, base+"v1/reports/fairness", key, &rep); code != 200 {
			t.Fatalf("report: %d", code)
		}
		if len(rep.Quality) > 0 {
			break
		}
	}
	segments := 0
	for _, g := range rep.Quality {
		if strings.HasPrefix(g.Group, "segment:") {
			segments++
		}
	}
	if segments < 2 || !strings.Contains(rep.QualityNote, "recommend/hybrid v1") {
		t.Fatalf("quality by group of the model serve trained: %+v (%s), want 2+ segments", rep.Quality, rep.QualityNote)
	}

	// Event writes are group-committed, and /metrics counts them.
	writer := createKey(t, env, stdout, "shop", "write")
	body := `{"events":[{"user_id":"u1","item_id":"i1","type":"view","time":"` + time.Now().Add(-time.Minute).UTC().Format(time.RFC3339) + `"}]}`
	req, _ := http.NewRequest("POST", base+"v1/events", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+writer)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("post event: %v %v", err, res)
	}
	res.Body.Close()
	req, _ = http.NewRequest("GET", base+"metrics", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"shopmind_sqlite_group_commits_total 1", "shopmind_sqlite_group_commit_calls_total 1"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("/metrics (%d) lacks %q", res.StatusCode, want)
		}
	}
}

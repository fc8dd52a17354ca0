package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/recommend"
)

func TestRecommendConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(*RecommendConfig)
		field string
	}{
		{"OK", func(*RecommendConfig) {}, ""},
		{"NeverRetrain", func(c *RecommendConfig) { c.RetrainEvery.Duration = 0 }, ""},
		{"ErrModel", func(c *RecommendConfig) { c.Model = "magic" }, "recommend.model"},
		{"ErrRetrainTooOften", func(c *RecommendConfig) { c.RetrainEvery.Duration = time.Second }, "recommend.retrain_every"},
		{"ErrHistoryLimit", func(c *RecommendConfig) { c.HistoryLimit = 0 }, "recommend.history_limit"},
		{"ErrHoldout", func(c *RecommendConfig) { c.Holdout = 1 }, "recommend.holdout"},
		{"ErrPurchase", func(c *RecommendConfig) { c.Weights.Purchase = 0 }, "recommend.weights.purchase"},
		{"ErrWeight", func(c *RecommendConfig) { c.Weights.View = 1e6 }, "recommend.weights.view"},
		{"ExcludeNothing", func(c *RecommendConfig) { c.ExcludeEvents = []string{} }, ""},
		{"Repurchasable", func(c *RecommendConfig) { c.Repurchasable = []string{"Grocery/Coffee", "/Pets/"} }, ""},
		{"ErrExcludeEvents", func(c *RecommendConfig) { c.ExcludeEvents = []string{"purchase", "bought"} }, "recommend.exclude_events"},
		{"ErrRepurchasable", func(c *RecommendConfig) { c.Repurchasable = []string{"Grocery//Coffee"} }, "recommend.repurchasable"},
		{"RecentEventsOff", func(c *RecommendConfig) { c.RecentEventsMax = 0 }, ""},
		{"ErrRecentEventsMax", func(c *RecommendConfig) { c.RecentEventsMax = -1 }, "recommend.recent_events_max"},
		{"ErrRecentEventsEvery", func(c *RecommendConfig) { c.RecentEventsEvery.Duration = -time.Second }, "recommend.recent_events_every"},
		{"ErrRecentEventsRare", func(c *RecommendConfig) { c.RecentEventsEvery.Duration = 2 * time.Hour }, "recommend.recent_events_every"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c.Recommend)
			if err := c.Validate(); shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err = %v, want field %q", err, tt.field)
			}
		})
	}
	t.Run("RecentEvents", func(t *testing.T) {
		c := DefaultConfig().Recommend
		logger := slog.New(slog.DiscardHandler)
		if tl := c.recentEvents(nil, "sqlite", logger); tl == nil || tl.Every != time.Second || tl.MaxEvents != 1_000_000 {
			t.Fatalf("SQLite default tail %+v, want every 1s, 1,000,000 events", tl)
		}
		if tl := c.recentEvents(nil, "postgres", logger); tl == nil || tl.Every != 5*time.Second {
			t.Fatalf("PostgreSQL default tail %+v, want every 5s", tl)
		}
		c.RecentEventsEvery.Duration = 300 * time.Millisecond
		if tl := c.recentEvents(nil, "postgres", logger); tl.Every != 300*time.Millisecond {
			t.Fatalf("recent_events_every 300ms gave every %s", tl.Every)
		}
		c.RecentEventsMax = 0
		if tl := c.recentEvents(nil, "sqlite", logger); tl != nil {
			t.Fatalf("recent_events_max 0 still made a tail")
		}
	})
	t.Run("Env", func(t *testing.T) {
		c := DefaultConfig()
		env := map[string]string{"SHOPMIND_RECOMMEND_MODEL": "als", "SHOPMIND_RECOMMEND_RETRAIN_EVERY": "0"}
		if err := c.ApplyEnv(func(k string) string { return env[k] }); err != nil {
			t.Fatal(err)
		}
		sc := c.Recommend.serviceConfig()
		if sc.Model != "als" || sc.RetrainEvery != 0 || sc.Weights.Purchase != 5 || sc.Holdout != 0.2 {
			t.Fatalf("service config %+v", sc)
		}
		if !reflect.DeepEqual(sc.Exclude.Events, recommend.DefaultExclusion().Events) || len(sc.Exclude.Repurchasable) != 0 {
			t.Fatalf("default exclusion %+v, want %+v", sc.Exclude, recommend.DefaultExclusion())
		}
		c.Recommend.ExcludeEvents = []string{}
		if sc := c.Recommend.serviceConfig(); sc.Exclude.Events == nil || len(sc.Exclude.Events) != 0 {
			t.Fatalf("exclude_events = [] became %#v, want an empty list", sc.Exclude.Events)
		}
	})
}

// TestTrainAndServeRecommendations trains with "shopmind train recommend",
// serves, and checks that an event posted through the API changes the
// user's next recommendations.
func TestTrainAndServeRecommendations(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 200, Users: 120, Days: 45})

	if err := Run(ctx, env, []string{"train", "recommend", "--models", "itemknn,hybrid"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"saved recommend/itemknn version 1", "saved recommend/hybrid version 1", "ndcg@10="} {
		if !strings.Contains(stdout.String(), want) {
			t.Fatalf("train output lacks %q: %s", want, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), "train hybrid: fit: ") {
		t.Errorf("no progress on stderr: %q", stderr.String())
	}
	if err := Run(ctx, env, []string{"train", "recommend", "--models", "nope"}); err == nil {
		t.Error("unknown model accepted")
	}
	key := createKey(t, env, stdout, "shop", "write")
	admin := createKey(t, env, stdout, "owner", "admin")
	base := startServe(t, env, stdout)

	var list shopmind.RecommendationList
	var code int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code = getJSON(t, base+"v1/users/new-visitor/recommendations?n=5", key, &list); code == 200 {
			break
		}
	}
	if code != 200 || !list.ColdStart || list.Model != "recommend/hybrid" || len(list.Items) != 5 {
		t.Fatalf("cold start: %d %+v", code, list)
	}
	item := shop.Items[3].ID
	body, _ := json.Marshal(map[string]any{"events": []map[string]any{{"user_id": "new-visitor", "item_id": item, "type": "cart",
		"time": time.Now().UTC().Format(time.RFC3339), "recommendation_id": list.ID}}})
	req, _ := http.NewRequest("POST", base+"v1/events", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("post event: %v %v", err, res)
	}
	res.Body.Close()
	var after shopmind.RecommendationList
	if code := getJSON(t, base+"v1/users/new-visitor/recommendations?n=5", key, &after); code != 200 || after.ColdStart {
		t.Fatalf("after the event: %d %+v", code, after)
	}
	explained := false
	for _, r := range after.Items {
		explained = explained || r.BecauseOf == item
	}
	if !explained {
		t.Fatalf("no recommendation explained by the carted item: %+v", after.Items)
	}
	var e struct{ Field string }
	if code := getJSON(t, base+"v1/users/new-visitor/recommendations?n=0", key, &e); code != 400 || e.Field != "n" {
		t.Fatalf("n=0: %d %+v", code, e)
	}
	if code := getJSON(t, base+"v1/items/no-such-item/similar", key, nil); code != 404 {
		t.Fatalf("unknown item: %d", code)
	}

	// A running experiment on the "user" surface: the served lists are
	// logged as exposures of the user's variant under their recommendation id.
	exp, _ := json.Marshal(map[string]any{"id": "hybrid-vs-holdout", "name": "Hybrid against no recommendations", "surface": "user",
		"status": "running", "horizon": 50, "attribution_hours": 24, "variants": []map[string]any{
			{"name": "hybrid", "share": 0.5, "config": map[string]string{"model": "hybrid"}},
			{"name": "holdout", "share": 0.5, "config": map[string]string{"model": "none"}}}})
	req, _ = http.NewRequest("POST", base+"v1/experiments", bytes.NewReader(exp))
	req.Header.Set("Authorization", "Bearer "+admin)
	if res, err = http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("create experiment: %v %v", err, res)
	}
	res.Body.Close()
	served := map[string]bool{}
	for _, u := range []string{shop.Users[0].ID, shop.Users[1].ID, shop.Users[2].ID, shop.Users[3].ID} {
		var l shopmind.RecommendationList
		if code := getJSON(t, base+"v1/users/"+u+"/recommendations?n=5", key, &l); code != 200 || l.ID == "" {
			t.Fatalf("recommendations for %s in the experiment: %d %+v", u, code, l)
		}
		served[l.ID] = true
	}
	var xs struct{ Exposures []*shopmind.Exposure }
	if code := getJSON(t, base+"v1/experiments/hybrid-vs-holdout/exposures", key, &xs); code != 200 || len(xs.Exposures) != 4 {
		t.Fatalf("exposures: %d, %d logged, want 4", code, len(xs.Exposures))
	}
	for _, x := range xs.Exposures {
		if !served[x.RecommendationID] || (x.Variant != "hybrid" && x.Variant != "holdout") {
			t.Fatalf("exposure %+v does not match a served list", x)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/httpapi"
)

// sendJSON sends body (nil for none) with method to url and decodes the
// answer into v when v is not nil; it returns the status code.
func sendJSON(t *testing.T, method, url, key string, body, v any) int {
	t.Helper()
	var r *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if v != nil {
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("%s %s: %d: %v", method, url, res.StatusCode, err)
		}
	}
	return res.StatusCode
}

type apiError struct {
	Code, Message, Field string
}

// popVsEASE defines an experiment "popularity vs ease" on surface.
func popVsEASE(id, surface, easeModel string) map[string]any {
	return map[string]any{"id": id, "name": "Popularity vs EASE", "surface": surface, "horizon": 10,
		"variants": []map[string]any{
			{"name": "popular", "share": 0.5, "config": map[string]string{"model": "popularity"}},
			{"name": "ease", "share": 0.5, "config": map[string]string{"model": easeModel}}}}
}

// startWhenReady starts an experiment, retrying while serve still trains a
// variant's model (409 naming the variant's model); anything else fails.
func startWhenReady(t *testing.T, base, admin, id string) {
	t.Helper()
	var e apiError
	code := 0
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		e = apiError{}
		if code = sendJSON(t, "POST", base+"v1/experiments/"+id+"/start", admin, nil, &e); code == 200 {
			return
		}
		if code != 409 || e.Field != "variants[0].config.model" && e.Field != "variants[1].config.model" {
			break
		}
	}
	t.Fatalf("start %s: %d %+v", id, code, e)
}

// consistentRanking reports whether every pair of items in lists appears in
// the same order wherever both appear: the lists are cuts of one ranking
// (less what each user is not shown).
func consistentRanking(lists [][]string) bool {
	pos := make([]map[string]int, len(lists))
	for k, l := range lists {
		pos[k] = map[string]int{}
		for i, id := range l {
			pos[k][id] = i
		}
	}
	for a := range lists {
		for b := range lists {
			for x, px := range pos[a] {
				for y, py := range pos[a] {
					qx, ok1 := pos[b][x]
					qy, ok2 := pos[b][y]
					if ok1 && ok2 && (px < py) != (qx < qy) {
						return false
					}
				}
			}
		}
	}
	return true
}

// overlap counts the items of a also in b.
func overlap(a, b []string) int {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return n
}

func itemIDs(l *shopmind.RecommendationList) []string {
	var out []string
	for _, r := range l.Items {
		out = append(out, r.ItemID)
	}
	return out
}

// TestServeExperimentPopularityVsEASE runs the experiment of the docs
// through serve's API: popularity against EASE on the home page and on item
// pages. Each arm must get lists from its own model (not the default
// hybrid), a variant naming a model serve cannot serve is refused, and the
// exposures and the clicks and purchases carrying their recommendation ids
// are counted per arm.
func TestServeExperimentPopularityVsEASE(t *testing.T) {
	env, stdout, _ := testEnv(t)
	shop := storeDemoShop(t, env, demo.Options{Items: 200, Users: 120, Days: 45})
	key := createKey(t, env, stdout, "shop", "write")
	admin := createKey(t, env, stdout, "owner", "admin")
	base := startServe(t, env, stdout)

	t.Log("a variant naming a model serve cannot serve is refused, naming the variant")
	var e apiError
	if code := sendJSON(t, "POST", base+"v1/experiments", admin, popVsEASE("typo", "home", "eas"), &e); code != 400 || e.Field != "variants[1].config.model" {
		t.Fatalf("unknown model: %d %+v, want 400 naming variants[1].config.model", code, e)
	}
	bad := popVsEASE("pop-again", "popular", "ease")
	if code := sendJSON(t, "POST", base+"v1/experiments", admin, bad, &e); code != 400 || e.Field != "variants[1].config.model" {
		t.Fatalf("two models on the popular surface, whose list no model changes: %d %+v", code, e)
	}

	for _, def := range []map[string]any{popVsEASE("home", "home", "ease"), popVsEASE("item-page", "item", "ease")} {
		if code := sendJSON(t, "POST", base+"v1/experiments", admin, def, &e); code != 201 {
			t.Fatalf("create %s: %d %+v", def["id"], code, e)
		}
		startWhenReady(t, base, admin, def["id"].(string))
	}
	// A second experiment on an alias of a route that runs one is refused.
	if code := sendJSON(t, "POST", base+"v1/experiments", admin, map[string]any{"id": "user-too", "surface": "user", "horizon": 10, "status": "running",
		"variants": []map[string]any{{"name": "a", "share": 0.5, "config": map[string]string{"model": "ease"}},
			{"name": "b", "share": 0.5, "config": map[string]string{"model": "none"}}}}, &e); code != 409 || e.Field != "surface" {
		t.Fatalf("second experiment on the user recommendations: %d %+v", code, e)
	}

	arms := map[string][]string{}
	for _, u := range shop.Users {
		var a struct {
			Assigned   bool
			Assignment shopmind.Assignment
		}
		if code := getJSON(t, base+"v1/assignment?surface=home&user_id="+u.ID, key, &a); code != 200 || !a.Assigned {
			t.Fatalf("assignment of %s: %d %+v", u.ID, code, a)
		}
		arms[a.Assignment.Variant] = append(arms[a.Assignment.Variant], u.ID)
	}
	if len(arms["popular"]) < 30 || len(arms["ease"]) < 30 {
		t.Fatalf("arms %d and %d users of 120", len(arms["popular"]), len(arms["ease"]))
	}
	wantModel := map[string]string{"popular": "recommend/popularity", "ease": "recommend/ease"}
	served := map[string]map[string]bool{} // variant -> recommendation ids
	lists := map[string][][]string{}
	firstList := map[string]*shopmind.RecommendationList{}
	for variant, users := range arms {
		served[variant] = map[string]bool{}
		for _, u := range users[:8] {
			var l shopmind.RecommendationList
			if code := getJSON(t, base+"v1/users/"+u+"/recommendations?n=5", key, &l); code != 200 || len(l.Items) != 5 {
				t.Fatalf("home recommendations of %s: %d %+v", u, code, l)
			}
			if l.Model != wantModel[variant] {
				t.Fatalf("user %s of arm %s was served %s, want %s", u, variant, l.Model, wantModel[variant])
			}
			served[variant][l.ID] = true
			if !l.ColdStart { // a shopper without history gets this week's best sellers from every model
				lists[variant] = append(lists[variant], itemIDs(&l))
			}
			if firstList[variant] == nil {
				firstList[variant] = &l
			}
		}
	}
	// Popularity ranks items the same for everyone (each user's own
	// purchases left out); EASE personalises.
	if len(lists["popular"]) < 4 || len(lists["ease"]) < 4 {
		t.Fatalf("too few shoppers with history: %d and %d", len(lists["popular"]), len(lists["ease"]))
	}
	if !consistentRanking(lists["popular"]) {
		t.Errorf("popularity arm lists are not cuts of one ranking: %v", lists["popular"])
	}
	for _, l := range lists["popular"][1:] {
		if shared := overlap(l, lists["popular"][0]); shared < 3 {
			t.Errorf("popularity lists %v and %v share %d items, want at least 3 of 5", l, lists["popular"][0], shared)
		}
	}
	distinct := map[string]bool{}
	for _, l := range lists["ease"] {
		distinct[fmt.Sprint(l)] = true
	}
	t.Logf("shoppers with history: %d in the popularity arm, %d in the EASE arm, given %d distinct lists", len(lists["popular"]), len(lists["ease"]), len(distinct))
	if len(distinct) < len(lists["ease"])-1 {
		t.Errorf("EASE served %d distinct lists to %d users: %v", len(distinct), len(lists["ease"]), lists["ease"])
	}

	t.Log("item pages: the experiment on surface item assigns the shopper named by user_id")
	itemA, itemB := shop.Items[0].ID, shop.Items[1].ID
	tried := map[string]bool{}
	for _, u := range shop.Users {
		variant := variantOf(t, base, key, "item", u.ID)
		if tried[variant] {
			continue
		}
		tried[variant] = true
		var la, lb shopmind.RecommendationList
		if code := getJSON(t, base+"v1/items/"+itemA+"/similar?n=5&user_id="+u.ID, key, &la); code != 200 || la.Model != wantModel[variant] {
			t.Fatalf("similar to %s for %s (arm %q): %d %s", itemA, u.ID, variant, code, la.Model)
		}
		if code := getJSON(t, base+"v1/items/"+itemB+"/similar?n=5&user_id="+u.ID, key, &lb); code != 200 || lb.Model != wantModel[variant] {
			t.Fatalf("similar to %s for %s (arm %q): %d %s", itemB, u.ID, variant, code, lb.Model)
		}
		if same := slices.Equal(itemIDs(&la), itemIDs(&lb)); same != (variant == "popular") {
			t.Errorf("arm %s: lists similar to two items equal = %v: %v, %v", variant, same, itemIDs(&la), itemIDs(&lb))
		}
	}
	if len(tried) != 2 {
		t.Fatalf("item page arms tried: %v", tried)
	}
	var anon shopmind.RecommendationList
	if code := getJSON(t, base+"v1/items/"+itemA+"/similar?n=5", key, &anon); code != 200 || anon.Model != "recommend/hybrid" {
		t.Fatalf("similar without a shopper: %d %s, want the default model", code, anon.Model)
	}
	if code := getJSON(t, base+"v1/items/"+itemA+"/similar?user_id=%20bad", key, &e); code != 400 || e.Field != "user_id" {
		t.Fatalf("bad user_id: %d %+v", code, e)
	}

	t.Log("exposures are the lists served, per arm")
	var xs struct{ Exposures []*shopmind.Exposure }
	if code := getJSON(t, base+"v1/experiments/home/exposures?limit=100", key, &xs); code != 200 || len(xs.Exposures) != 16 {
		t.Fatalf("home exposures: %d, %d, want 16", code, len(xs.Exposures))
	}
	for _, x := range xs.Exposures {
		if !served[x.Variant][x.RecommendationID] || len(x.ItemIDs) != 5 {
			t.Fatalf("exposure %+v is not a list served to its arm", x)
		}
	}

	t.Log("clicks and purchases carrying a recommendation id count for its arm")
	now := time.Now().UTC()
	pop, ease := firstList["popular"], firstList["ease"]
	popUser, easeUser := arms["popular"][0], arms["ease"][0]
	events := []map[string]any{
		{"user_id": popUser, "item_id": pop.Items[0].ItemID, "type": "click", "time": now, "recommendation_id": pop.ID},
		{"user_id": popUser, "item_id": pop.Items[0].ItemID, "type": "purchase", "value": 2, "time": now.Add(time.Second), "recommendation_id": pop.ID},
		{"user_id": easeUser, "item_id": ease.Items[1].ItemID, "type": "click", "time": now, "recommendation_id": ease.ID},
		{"user_id": easeUser, "item_id": ease.Items[2].ItemID, "type": "click", "time": now.Add(time.Second), "recommendation_id": ease.ID},
	}
	if code := sendJSON(t, "POST", base+"v1/events", key, map[string]any{"events": events}, nil); code != 200 {
		t.Fatalf("post events: %d", code)
	}
	var res shopmind.ExperimentResults
	if code := getJSON(t, base+"v1/experiments/home/results", key, &res); code != 200 {
		t.Fatalf("results: %d", code)
	}
	byVariant := map[string]shopmind.VariantResult{}
	for _, v := range res.Variants {
		byVariant[v.Variant] = v
	}
	price := 0.0
	for _, it := range shop.Items {
		if it.ID == pop.Items[0].ItemID {
			price = it.Price
		}
	}
	if p := byVariant["popular"]; p.Users != 8 || p.Exposures != 8 || p.Clicks != 1 || p.Purchases != 1 || p.Converters != 1 ||
		fmt.Sprintf("%.2f", p.Revenue) != fmt.Sprintf("%.2f", 2*price) {
		t.Errorf("popular arm results %+v, want 8 users and exposures, 1 click, 1 purchase of 2 × %.2f", p, price)
	}
	if q := byVariant["ease"]; q.Users != 8 || q.Exposures != 8 || q.Clicks != 1 || q.Purchases != 0 || q.Converters != 0 {
		t.Errorf("ease arm results %+v, want 8 users and exposures, 1 click (two on one list), no purchase", q)
	}

	t.Log("a stopped experiment serves the default again and logs nothing")
	if code := sendJSON(t, "POST", base+"v1/experiments/home/stop", admin, nil, &e); code != 200 {
		t.Fatalf("stop: %d %+v", code, e)
	}
	var after shopmind.RecommendationList
	if code := getJSON(t, base+"v1/users/"+popUser+"/recommendations?n=5", key, &after); code != 200 || after.Model != "recommend/hybrid" {
		t.Fatalf("after stop: %d %s", code, after.Model)
	}
	if code := getJSON(t, base+"v1/experiments/home/exposures?limit=100", key, &xs); code != 200 || len(xs.Exposures) != 16 {
		t.Fatalf("exposures after stop: %d, %d, want 16", code, len(xs.Exposures))
	}

	t.Log("a shopper who refuses personalisation is in no arm: GET /v1/assignment says so, as the lists do")
	refuser := arms["ease"][1]
	if v := variantOf(t, base, key, "item", refuser); v == "" {
		t.Fatalf("%s has no arm on the running item experiment before refusing", refuser)
	}
	if code := sendJSON(t, "PUT", base+"v1/users/"+refuser+"/consent", key, map[string]bool{"no_personalisation": true}, nil); code != 200 {
		t.Fatalf("PUT consent: %d", code)
	}
	if v := variantOf(t, base, key, "item", refuser); v != "" {
		t.Errorf("GET /v1/assignment gives %s, who refuses personalisation, arm %q of the item experiment; want none", refuser, v)
	}
	var xe apiError
	if code := sendJSON(t, "POST", base+"v1/experiments/item-page/exposures", key,
		map[string]any{"variant": "ease", "user_id": refuser, "item_ids": []string{itemA}}, &xe); code != 400 || xe.Field != "user_id" {
		t.Errorf("exposure of %s, who refuses personalisation: %d %+v, want 400 naming user_id", refuser, code, xe)
	}
	var refused shopmind.RecommendationList
	if code := getJSON(t, base+"v1/items/"+itemA+"/similar?n=5&user_id="+refuser, key, &refused); code != 200 ||
		refused.Model != "recommend/hybrid" || !refused.NoPersonalisation {
		t.Errorf("similar items for %s after refusing: %d model %s no_personalisation %t, want the default model, unpersonalised",
			refuser, code, refused.Model, refused.NoPersonalisation)
	}

	t.Log("the audit log records who created, started and stopped the experiment")
	var me httpapi.Me
	getJSON(t, base+"v1/me", admin, &me)
	var log httpapi.AuditList
	if code := getJSON(t, base+"v1/audit?target=experiment%2Fhome&oldest=true&limit=1000", admin, &log); code != 200 || len(log.Entries) < 3 {
		t.Fatalf("audit of experiment/home: %d %+v", code, log.Entries)
	}
	first, last := log.Entries[0], log.Entries[len(log.Entries)-1]
	started := 0
	for _, en := range log.Entries {
		if en.Actor != me.ID {
			t.Errorf("audit entry by %s, want the admin key %s", en.Actor, me.ID)
		}
		if en.Action == shopmind.AuditExperimentStart && en.Outcome == shopmind.OutcomeOK {
			started++
		}
	}
	if first.Action != shopmind.AuditExperimentCreate || first.Outcome != shopmind.OutcomeOK || started != 1 ||
		last.Action != shopmind.AuditExperimentStop || last.Outcome != shopmind.OutcomeOK {
		t.Errorf("audit of experiment/home: %+v, want created, started once (after refusals while training), stopped", log.Entries)
	}
	var typo httpapi.AuditList
	getJSON(t, base+"v1/audit?target=experiment%2Ftypo", admin, &typo)
	if len(typo.Entries) != 1 || typo.Entries[0].Outcome != shopmind.EINVALID {
		t.Errorf("audit of the refused experiment: %+v, want one create with outcome invalid", typo.Entries)
	}
}

// variantOf returns the variant userID gets on surface, or "".
func variantOf(t *testing.T, base, key, surface, userID string) string {
	t.Helper()
	var a struct {
		Assigned   bool
		Assignment shopmind.Assignment
	}
	if code := getJSON(t, base+"v1/assignment?surface="+surface+"&user_id="+userID, key, &a); code != 200 {
		t.Fatalf("assignment: %d", code)
	}
	return a.Assignment.Variant
}

// TestServeLoadsStoredVariantModels restarts serve on a store with a running
// experiment whose models were trained before: each arm serves its stored
// model again, loaded, not retrained.
func TestServeLoadsStoredVariantModels(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 120, Users: 80, Days: 30})
	if err := Run(ctx, env, []string{"train", "recommend", "--models", "popularity,ease,hybrid"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	store := openEnvStore(t, env)
	e := &shopmind.Experiment{ID: "home", Surface: "home", Horizon: 10, Status: shopmind.ExperimentRunning, Variants: []shopmind.Variant{
		{Name: "popular", Share: 0.5, Config: map[string]string{"model": "popularity"}},
		{Name: "ease", Share: 0.5, Config: map[string]string{"model": "ease"}}}}
	if err := experiment.NewService(store).Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	store.Close()
	key := createKey(t, env, stdout, "shop", "read")
	base := startServe(t, env, stdout)

	want := map[string]string{"popular": "recommend/popularity", "ease": "recommend/ease"}
	for _, u := range shop.Users[:20] {
		variant := experiment.Pick(e, u.ID).Name
		var l shopmind.RecommendationList
		code := 0
		// Until the variant's stored model is loaded, its arm gets the
		// default list (and no exposure).
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if code = getJSON(t, base+"v1/users/"+u.ID+"/recommendations?n=5", key, &l); code == 200 && l.Model == want[variant] {
				break
			}
			if code == 200 && l.Model != "recommend/hybrid" {
				break
			}
		}
		if code != 200 || l.Model != want[variant] || l.Version != 1 {
			t.Fatalf("user %s of arm %s: %d %s v%d, want %s v1", u.ID, variant, code, l.Model, l.Version, want[variant])
		}
	}
	var versions httpapi.ModelList
	if code := getJSON(t, base+"v1/models?name=recommend/ease", key, &versions); code != 200 || len(versions.Models) != 1 {
		t.Fatalf("recommend/ease versions: %d, %d, want the stored one only", code, len(versions.Models))
	}
}

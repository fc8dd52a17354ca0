package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// configEnv is testEnv with a shopmind.toml holding config.
func configEnv(t *testing.T, config string) (*Env, *syncBuffer, *syncBuffer) {
	t.Helper()
	env, stdout, stderr := testEnv(t)
	path := filepath.Join(t.TempDir(), "shopmind.toml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := env.Getenv
	env.Getenv = func(k string) string {
		if k == "SHOPMIND_CONFIG" {
			return path
		}
		return getenv(k)
	}
	return env, stdout, stderr
}

// writeMovieLensFixture writes a small data set in MovieLens-100K's format
// (u.data, u.item, u.user) to a new folder: users 1..users rate 12 to 24
// films each, mostly of their favourite genre, 1 to 5 stars.
func writeMovieLensFixture(t *testing.T, users, films int) string {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(11, 7))
	var data, item, user strings.Builder
	genre := func(f int) int { return 1 + f%6 } // u.item genre columns 1..6
	for f := 1; f <= films; f++ {
		flags := make([]string, 19)
		for g := range flags {
			flags[g] = "0"
		}
		flags[genre(f)] = "1"
		fmt.Fprintf(&item, "%d|Film %d (199%d)|01-Jan-199%d||http://example.com/%d|%s\n", f, f, f%10, f%10, f, strings.Join(flags, "|"))
	}
	for u := 1; u <= users; u++ {
		fmt.Fprintf(&user, "%d|%d|M|other|0000%d\n", u, 20+u%40, u)
		fav := 1 + u%6
		n := 12 + rng.IntN(13)
		seen := map[int]bool{}
		for len(seen) < n {
			f := 1 + rng.IntN(films)
			if genre(f) != fav && rng.Float64() < 0.7 {
				continue
			}
			if seen[f] {
				continue
			}
			seen[f] = true
			fmt.Fprintf(&data, "%d\t%d\t%d\t%d\n", u, f, 1+rng.IntN(5), 880000000+rng.IntN(1000000))
		}
	}
	for name, s := range map[string]string{"u.data": data.String(), "u.item": item.String(), "u.user": user.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ratedBy reads, from a MovieLens folder's u.data(.gz), the films each user
// rated.
func ratedBy(t *testing.T, dir string) map[string]map[string]bool {
	t.Helper()
	path := filepath.Join(dir, "u.data")
	f, err := os.Open(path)
	if err != nil {
		if f, err = os.Open(path + ".gz"); err != nil {
			t.Fatal(err)
		}
	}
	defer f.Close()
	var r = bufio.NewReader(f)
	var sc *bufio.Scanner
	if strings.HasSuffix(f.Name(), ".gz") {
		z, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		sc = bufio.NewScanner(z)
	} else {
		sc = bufio.NewScanner(r)
	}
	out := map[string]map[string]bool{}
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 {
			continue
		}
		if out[fs[0]] == nil {
			out[fs[0]] = map[string]bool{}
		}
		out[fs[0]][fs[1]] = true
	}
	return out
}

// TestServedListsLeaveOutRatedFilms imports MovieLens-100K (or a small
// fixture in its format), trains, serves, and asks the API for users'
// recommendations: none of the films served may be one the user rated (user
// 1 of MovieLens used to get 10 of 10).
func TestServedListsLeaveOutRatedFilms(t *testing.T) {
	for _, tt := range []struct {
		name   string
		dir    func(t *testing.T) string
		config string
		users  []string
	}{
		{"Fixture", func(t *testing.T) string { return writeMovieLensFixture(t, 60, 90) }, "", []string{"1", "2", "3", "17", "42", "60"}},
		// item-kNN keeps the full data set's training to a fraction of a
		// second; the exclusion does not depend on the model.
		{"MovieLens100K", movieLensDir, "model = \"itemknn\"\n", []string{"1", "2", "13", "405", "655"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			env, stdout, stderr := configEnv(t, "[recommend]\nholdout = 0\n"+tt.config)
			ctx := context.Background()
			if err := Run(ctx, env, []string{"import", "-quiet", dir}); err != nil {
				t.Fatalf("import: %v\n%s", err, stderr.String())
			}
			if err := Run(ctx, env, []string{"train", "recommend"}); err != nil {
				t.Fatalf("train: %v\n%s", err, stderr.String())
			}
			key := createKey(t, env, stdout, "shop", "read")
			base := startServe(t, env, stdout)
			rated := ratedBy(t, dir)
			for _, u := range tt.users {
				var l shopmind.RecommendationList
				if code := waitJSON(t, base+"v1/users/"+u+"/recommendations?n=20", key, &l); code != 200 || l.ColdStart || len(l.Items) != 20 {
					t.Fatalf("user %s: %d, cold start %v, %d items", u, code, l.ColdStart, len(l.Items))
				}
				var again []string
				for _, r := range l.Items {
					if rated[u][r.ItemID] {
						again = append(again, r.ItemID)
					}
				}
				if len(again) > 0 {
					t.Errorf("user %s (%d ratings) is served %d films they rated: %v", u, len(rated[u]), len(again), again)
				}
			}
		})
	}
}

// waitJSON is getJSON retried while serve is still loading its model (503).
func waitJSON(t *testing.T, url, key string, v any) int {
	t.Helper()
	code := 0
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code = getJSON(t, url, key, v); code != http.StatusServiceUnavailable {
			return code
		}
	}
	return code
}

// TestServedListsRepurchasable: a shopper's bought coffee (a repurchasable
// category, matched through its parent) stays recommendable while a bought
// grinder, a rated mug and a disliked kettle disappear, a viewed item stays;
// a purchase posted through the API takes the item out of the very next
// list, on the personal route and on similar items for that shopper.
func TestServedListsRepurchasable(t *testing.T) {
	env, stdout, stderr := configEnv(t, "[recommend]\nholdout = 0\nrepurchasable = [\"Grocery\"]\n")
	ctx := context.Background()
	store := openEnvStore(t, env)
	var items []*shopmind.Item
	cats := [][]string{{"Grocery", "Coffee"}, {"Kitchen", "Grinders"}, {"Kitchen", "Mugs"}, {"Kitchen", "Kettles"}}
	for c, cat := range cats {
		for k := 0; k < 10; k++ {
			items = append(items, &shopmind.Item{ID: fmt.Sprintf("%s-%d", strings.ToLower(cat[1]), k), Title: fmt.Sprintf("%s %d", cat[1], k),
				Category: cat, Price: float64(5 + c + k), Stock: 10, Active: true})
		}
	}
	if err := store.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var events []*shopmind.Event
	add := func(u, item string, typ shopmind.EventType, value float64) {
		day = day.Add(time.Minute)
		events = append(events, &shopmind.Event{ID: fmt.Sprintf("e%d", len(events)), UserID: u, ItemID: item, Type: typ, Value: value, Time: day})
	}
	for u := 0; u < 40; u++ {
		for n := 0; n < 6; n++ {
			add(fmt.Sprintf("u%d", u), items[rng.IntN(len(items))].ID, shopmind.EventPurchase, 0)
		}
	}
	const me = "shopper"
	add(me, "coffee-1", shopmind.EventPurchase, 0)
	add(me, "grinders-1", shopmind.EventPurchase, 0)
	add(me, "mugs-1", shopmind.EventRating, 5)
	add(me, "kettles-1", shopmind.EventDislike, 0)
	add(me, "coffee-2", shopmind.EventView, 0)
	for _, e := range events {
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.AddEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	store.Close()
	if err := Run(ctx, env, []string{"train", "recommend"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	read := createKey(t, env, stdout, "shop", "read")
	write := createKey(t, env, stdout, "backend", "write")
	base := startServe(t, env, stdout)

	served := func(path string) map[string]bool {
		t.Helper()
		var l shopmind.RecommendationList
		if code := waitJSON(t, base+path, read, &l); code != 200 {
			t.Fatalf("GET %s: %d", path, code)
		}
		out := map[string]bool{}
		for _, r := range l.Items {
			out[r.ItemID] = true
		}
		return out
	}
	check := func(what string, got map[string]bool, in, out []string) {
		t.Helper()
		for _, id := range in {
			if !got[id] {
				t.Errorf("%s: %s missing from %d items", what, id, len(got))
			}
		}
		for _, id := range out {
			if got[id] {
				t.Errorf("%s: %s served", what, id)
			}
		}
	}
	// 40 items: n=40 shows every item the shopper may be served.
	user := "v1/users/" + me + "/recommendations?n=40"
	check("personal", served(user), []string{"coffee-1", "coffee-2", "grinders-2", "mugs-2"}, []string{"grinders-1", "mugs-1", "kettles-1"})
	similar := "v1/items/coffee-3/similar?n=40&user_id=" + me
	check("similar for the shopper", served(similar), []string{"coffee-1"}, []string{"grinders-1", "mugs-1", "kettles-1"})
	check("similar for anyone", served("v1/items/coffee-3/similar?n=40"), []string{"grinders-1", "mugs-1"}, nil)
	check("popular for the shopper", served("v1/popular?n=40&user_id="+me), []string{"coffee-1"}, []string{"grinders-1", "mugs-1", "kettles-1"})

	body, _ := json.Marshal(map[string]any{"events": []map[string]any{
		{"user_id": me, "item_id": "mugs-2", "type": "purchase", "time": time.Now().UTC().Format(time.RFC3339)},
		{"user_id": me, "item_id": "coffee-4", "type": "purchase", "time": time.Now().UTC().Format(time.RFC3339)}}})
	req, _ := http.NewRequest("POST", base+"v1/events", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+write)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("post events: %v %v", err, res)
	}
	res.Body.Close()
	check("personal after a purchase", served(user), []string{"coffee-1", "coffee-4"}, []string{"mugs-2", "grinders-1", "mugs-1"})
	check("similar after a purchase", served(similar), []string{"coffee-4"}, []string{"mugs-2"})

	var e struct{ Field string }
	if code := getJSON(t, base+"v1/popular?user_id="+strings.Repeat("x", 300), read, &e); code != 400 || e.Field != "user_id" {
		t.Errorf("long user_id: %d %+v", code, e)
	}
}

// TestEvalRecommendExcludes runs "shopmind eval recommend" on a fixture in
// MovieLens' format: it reports metrics of the served lists, and refuses an
// unknown event type in --exclude-events naming the flag.
func TestEvalRecommendExcludes(t *testing.T) {
	dir := writeMovieLensFixture(t, 60, 90)
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	if err := Run(ctx, env, []string{"eval", "recommend", "--data", dir, "--models", "itemknn", "--no-tune", "--json"}); err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr.String())
	}
	var res struct {
		Model   string
		Metrics struct {
			NDCG  float64
			Users int
		}
	}
	if err := json.Unmarshal([]byte(stdout.String()), &res); err != nil || res.Model != "itemknn" || res.Metrics.Users != 60 || res.Metrics.NDCG <= 0 || res.Metrics.NDCG >= 1 {
		t.Fatalf("eval output %q: %+v, %v", stdout.String(), res, err)
	}
	err := Run(ctx, env, []string{"eval", "recommend", "--data", dir, "--exclude-events", "purchase,bought"})
	if err == nil || !strings.Contains(err.Error(), "--exclude-events") || !strings.Contains(err.Error(), "bought") {
		t.Fatalf("unknown event type: %v", err)
	}
}

// TestGuidedShoppingLeavesOutOwned: the assistant's guided shopping asks
// the recommender for a known shopper, so the running shoes it suggests
// leave out the pair they rated (the shop's best seller) and the pair they
// bought.
func TestGuidedShoppingLeavesOutOwned(t *testing.T) {
	env, stdout, stderr := configEnv(t, "[recommend]\nholdout = 0\n")
	ctx := context.Background()
	store := openEnvStore(t, env)
	var items []*shopmind.Item
	for k := 0; k < 8; k++ {
		items = append(items, &shopmind.Item{ID: fmt.Sprintf("r%d", k), Title: fmt.Sprintf("Acme Runner %d", k), Brand: "Acme",
			Category: []string{"Shoes", "Running"}, Price: float64(60 + 10*k), Stock: 5, Active: true})
		items = append(items, &shopmind.Item{ID: fmt.Sprintf("j%d", k), Title: fmt.Sprintf("Trail Jacket %d", k), Brand: "Acme",
			Category: []string{"Clothing", "Jackets"}, Price: float64(80 + 10*k), Stock: 5, Active: true})
	}
	if err := store.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var events []*shopmind.Event
	add := func(u, item string, typ shopmind.EventType, value float64) {
		at = at.Add(time.Minute)
		events = append(events, &shopmind.Event{ID: fmt.Sprintf("e%d", len(events)), UserID: u, ItemID: item, Type: typ, Value: value, Time: at})
	}
	for u := 0; u < 30; u++ {
		add(fmt.Sprintf("u%d", u), "r0", shopmind.EventPurchase, 0) // the best seller
		for n := 0; n < 3; n++ {
			add(fmt.Sprintf("u%d", u), items[rng.IntN(len(items))].ID, shopmind.EventPurchase, 0)
		}
	}
	add("me", "r0", shopmind.EventRating, 5)
	add("me", "r1", shopmind.EventPurchase, 0)
	add("me", "j2", shopmind.EventPurchase, 0)
	if _, err := store.AddEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	store.Close()
	if err := Run(ctx, env, []string{"train", "recommend"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	key := createKey(t, env, stdout, "shop", "write")
	base := startServe(t, env, stdout)
	post := func(path, body string, v any) int {
		t.Helper()
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("POST %s: %d: %v", path, res.StatusCode, err)
		}
		return res.StatusCode
	}
	var l shopmind.RecommendationList
	if code := waitJSON(t, base+"v1/users/me/recommendations", key, &l); code != 200 {
		t.Fatalf("recommender not serving: %d", code)
	}
	var conv struct{ ID string }
	if code := post("v1/conversations", `{"user_id":"me"}`, &conv); code != http.StatusCreated {
		t.Fatalf("start conversation: %d", code)
	}
	var turn shopmind.Turn
	for _, say := range []string{"can you recommend something?", "running shoes", "under 150 dollars"} {
		if code := post("v1/conversations/"+conv.ID+"/messages", fmt.Sprintf(`{"text":%q}`, say), &turn); code != 200 {
			t.Fatalf("%q: %d", say, code)
		}
	}
	var shown *shopmind.Action
	for k := range turn.Actions {
		if turn.Actions[k].Type == "show_items" {
			shown = &turn.Actions[k]
		}
	}
	if shown == nil || shown.Data["source"] != "recommender" || len(shown.ItemIDs) == 0 {
		t.Fatalf("guided shopping did not show the recommender's items: %+v (%q)", turn.Actions, turn.Reply)
	}
	for _, id := range shown.ItemIDs {
		if id == "r0" || id == "r1" || !strings.HasPrefix(id, "r") {
			t.Errorf("guided shopping suggests %s among %v: the shopper rated r0 and bought r1; running shoes asked", id, shown.ItemIDs)
		}
	}
}

package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// recentEventsMetrics reads serve's counts of recommendation requests by
// where they found the events since training, and the events it holds.
func recentEventsMetrics(t *testing.T, base, key string) (memory, store, held float64) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"metrics", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	value := func(re string) float64 {
		m := regexp.MustCompile(`(?m)^` + re + ` (\S+)$`).FindSubmatch(data)
		if m == nil {
			t.Fatalf("/metrics (%d) lacks %s", res.StatusCode, re)
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	return value(`shopmind_recommend_recent_events_total\{source="memory"\}`),
		value(`shopmind_recommend_recent_events_total\{source="store"\}`),
		value(`shopmind_recommend_recent_events_held`)
}

// TestServeRecentEventsFromMemory: serve answers recommendation requests
// from its in-memory tail of the events since training, not from a store
// read per request, and the lists stay what the events say: an event
// posted through the API counts in the very next list, one stored by
// another process (an import) within the poll interval, and an event
// deleted through the API stops counting at once.
func TestServeRecentEventsFromMemory(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 200, Users: 120, Days: 45})
	if err := Run(ctx, env, []string{"train", "recommend", "--models", "hybrid"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	key := createKey(t, env, stdout, "shop", "write")
	base := startServe(t, env, stdout)
	waitRecommendations(t, base, key, shop.Users[0].ID)

	// Steady state: the requests of known users are answered from memory.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		m0, s0, _ := recentEventsMetrics(t, base, key)
		for _, u := range shop.Users[:40] {
			waitRecommendations(t, base, key, u.ID)
		}
		m1, s1, _ := recentEventsMetrics(t, base, key)
		if m1-m0 == 40 && s1 == s0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("40 requests: %v from memory, %v read the store; want all from memory once serve has polled", m1-m0, s1-s0)
		}
	}

	// Posted through the API: counts in the next list.
	item := shop.Items[9].ID
	if code, e := postEvents(t, base, key, map[string]any{"id": "ev-api-1", "user_id": "visitor-api", "item_id": item, "type": "cart",
		"time": time.Now().UTC().Format(time.RFC3339)}); code != 200 {
		t.Fatalf("post: %d %+v", code, e)
	}
	if l := waitRecommendations(t, base, key, "visitor-api"); l.ColdStart || !explainedBy(l, item) {
		t.Fatalf("right after a cart of %s posted through the API: cold start %v, %+v", item, l.ColdStart, l.Items)
	}
	// Deleted through the API: gone from the next list.
	req, _ := http.NewRequest("DELETE", base+"v1/events/ev-api-1", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("delete event: %v %v", err, res)
	}
	res.Body.Close()
	if l := waitRecommendations(t, base, key, "visitor-api"); !l.ColdStart {
		t.Fatalf("right after its only event was deleted, visitor-api's list is not cold start: %+v", l.Items)
	}

	// Stored by another process: counts within the poll interval (1s).
	other := openEnvStore(t, env)
	imported := &shopmind.Event{ID: "ev-import-1", UserID: "visitor-import", ItemID: shop.Items[21].ID, Type: shopmind.EventCart, Time: time.Now().UTC()}
	if err := imported.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := other.AddEvents(ctx, []*shopmind.Event{imported}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if l := waitRecommendations(t, base, key, "visitor-import"); !l.ColdStart && explainedBy(l, imported.ItemID) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("an event another process stored never reached the lists in 10s")
		}
	}
	if _, _, held := recentEventsMetrics(t, base, key); held != 1 {
		t.Errorf("serve holds %v events since training, want 1 (the imported one)", held)
	}
	// Deleted by another process: gone once serve has polled.
	if err := other.DeleteEvent(ctx, imported.ID); err != nil {
		t.Fatal(err)
	}
	other.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if l := waitRecommendations(t, base, key, "visitor-import"); l.ColdStart {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("an event another process deleted still shaped the list after 10s")
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/supply"
)

// postEvents posts events to /v1/events and returns the status code and
// the decoded error body (for a 4xx).
func postEvents(t *testing.T, base, key string, events ...map[string]any) (int, struct{ Field, Error string }) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"events": events})
	req, _ := http.NewRequest("POST", base+"v1/events", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var e struct{ Field, Error string }
	if res.StatusCode != 200 {
		json.NewDecoder(res.Body).Decode(&e)
	}
	return res.StatusCode, e
}

// waitRecommendations polls a user's recommendations until serve answers
// 200 (it trains or loads its model in the background).
func waitRecommendations(t *testing.T, base, key, user string) shopmind.RecommendationList {
	t.Helper()
	var list shopmind.RecommendationList
	code := 0
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code = getJSON(t, base+"v1/users/"+url.PathEscape(user)+"/recommendations?n=5", key, &list); code == 200 {
			return list
		}
	}
	t.Fatalf("recommendations for %s: %d", user, code)
	return list
}

// explainedBy reports whether a recommendation of list is explained by item.
func explainedBy(list shopmind.RecommendationList, item string) bool {
	for _, r := range list.Items {
		if r.BecauseOf == item {
			return true
		}
	}
	return false
}

// TestServeRealTimeFollowsArrival: an event posted through the API counts
// for the next recommendation whatever its time (a back-dated one too), and
// an event dated beyond the allowed skew is refused naming its time.
func TestServeRealTimeFollowsArrival(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 200, Users: 120, Days: 45})
	if err := Run(ctx, env, []string{"train", "recommend", "--models", "hybrid"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	key := createKey(t, env, stdout, "shop", "write")
	base := startServe(t, env, stdout)

	before := waitRecommendations(t, base, key, "late-visitor")
	if !before.ColdStart {
		t.Fatalf("late-visitor is not a cold start: %+v", before)
	}
	// Three weeks before the newest training event: a shop replaying
	// yesterday's log, or a device that was offline.
	item := shop.Items[7].ID
	backdated := time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC)
	if code, e := postEvents(t, base, key, map[string]any{"user_id": "late-visitor", "item_id": item, "type": "cart",
		"time": backdated.Format(time.RFC3339)}); code != 200 {
		t.Fatalf("post a back-dated event: %d %+v", code, e)
	}
	after := waitRecommendations(t, base, key, "late-visitor")
	if after.ColdStart || !explainedBy(after, item) {
		t.Fatalf("after a back-dated cart of %s: cold start %v, %+v", item, after.ColdStart, after.Items)
	}

	t.Run("ErrFutureTime", func(t *testing.T) {
		for _, at := range []time.Time{time.Now().Add(48 * time.Hour), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)} {
			code, e := postEvents(t, base, key,
				map[string]any{"user_id": "u-ok", "item_id": item, "type": "view", "time": time.Now().UTC().Format(time.RFC3339)},
				map[string]any{"user_id": "u-future", "item_id": item, "type": "view", "time": at.UTC().Format(time.RFC3339)})
			if code != 400 || e.Field != "events[1].time" {
				t.Fatalf("event at %s: %d %+v, want 400 naming events[1].time", at, code, e)
			}
		}
		var list struct{ Events []*shopmind.Event }
		if code := getJSON(t, base+"v1/events?user_id=u-ok", key, &list); code != 200 || len(list.Events) != 0 {
			t.Fatalf("a refused batch stored events: %d %d", code, len(list.Events))
		}
		// Within the skew: an hour ahead of this clock is fine.
		if code, e := postEvents(t, base, key, map[string]any{"user_id": "u-soon", "item_id": item, "type": "view",
			"time": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}); code != 200 {
			t.Fatalf("an event an hour ahead: %d %+v", code, e)
		}
	})
}

// TestServeOddDatesInStore: a store that holds events dated in the year
// 3000 and on 9999-12-31 and an order of the year 3000 (stored before
// shopmind refused such dates, or by another program) neither freezes
// real-time recommendations for other users nor breaks or shifts the
// insights and stock advice.
func TestServeOddDatesInStore(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 120, Users: 200, Days: 120})

	// The insights as they are without the odd events.
	store := openEnvStore(t, env)
	h, err := insights.Load(ctx, store, insights.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := insights.ComputeRFM(h, h.End)
	want := insights.Summarize(cs)
	demand, err := supply.LoadDemand(ctx, store, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	odd := []*shopmind.Event{
		{UserID: shop.Users[0].ID, ItemID: shop.Items[0].ID, Type: shopmind.EventView, Time: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{UserID: shop.Users[1].ID, ItemID: shop.Items[1].ID, Type: shopmind.EventCart, Time: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{UserID: shop.Users[2].ID, ItemID: shop.Items[2].ID, Type: shopmind.EventPurchase, Time: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, e := range odd {
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.AddEvents(ctx, odd); err != nil { // the store's door does not check the skew
		t.Fatal(err)
	}
	it := shop.Items[3]
	if err := store.UpsertOrders(ctx, []*shopmind.Order{{ID: "order-3000", UserID: shop.Users[3].ID, Status: shopmind.OrderPaid,
		Currency: it.Currency, Total: it.Price, CreatedAt: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC),
		Lines: []shopmind.OrderLine{{ItemID: it.ID, Quantity: 1, UnitPrice: it.Price}}}}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	if err := Run(ctx, env, []string{"train", "recommend", "--models", "hybrid"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	key := createKey(t, env, stdout, "shop", "write")
	base := startServe(t, env, stdout)

	t.Run("RealTime", func(t *testing.T) {
		// Cold start shows what is trending over the last days of the
		// data, not of the year 3000.
		if before := waitRecommendations(t, base, key, "new-visitor"); !before.ColdStart || before.Items[0].Reason != "trending" {
			t.Errorf("cold start: %v, first %+v; want trending items", before.ColdStart, before.Items[0])
		}
		item := shop.Items[11].ID
		if code, e := postEvents(t, base, key, map[string]any{"user_id": "new-visitor", "item_id": item, "type": "cart",
			"time": time.Now().UTC().Format(time.RFC3339)}); code != 200 {
			t.Fatalf("post: %d %+v", code, e)
		}
		after := waitRecommendations(t, base, key, "new-visitor")
		if after.ColdStart || !explainedBy(after, item) {
			t.Fatalf("after a cart of %s: cold start %v, %+v", item, after.ColdStart, after.Items)
		}
	})

	t.Run("Insights", func(t *testing.T) {
		var seg shopmind.Segmentation
		code := 0
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if code = getJSON(t, base+"v1/insights/segments", key, &seg); code != http.StatusServiceUnavailable {
				break
			}
		}
		if code != 200 {
			t.Fatalf("segments: %d", code)
		}
		if !seg.AsOf.Equal(h.End) {
			t.Errorf("segments as of %s, want the end of the shop's data %s", seg.AsOf, h.End)
		}
		if len(seg.Segments) != len(want) {
			t.Fatalf("%d segments, want %d", len(seg.Segments), len(want))
		}
		for k, s := range seg.Segments {
			if s.Name != want[k].Name || s.Customers != want[k].Customers {
				t.Errorf("segment %s: %d customers, want %s with %d", s.Name, s.Customers, want[k].Name, want[k].Customers)
			}
		}
		var cl struct{ Customers []shopmind.CustomerInsight }
		if code := getJSON(t, base+"v1/insights/customers?sort=recency&limit=5", key, &cl); code != 200 || len(cl.Customers) != 5 {
			t.Fatalf("customers: %d %d", code, len(cl.Customers))
		}
		var f shopmind.Funnel
		if code := getJSON(t, base+"v1/insights/funnel", key, &f); code != 200 || len(f.Steps) == 0 || f.Steps[0].Count == 0 {
			t.Fatalf("funnel: %d %+v", code, f)
		}
		if !f.Until.Equal(h.End) {
			t.Errorf("funnel until %s, want %s", f.Until, h.End)
		}
		var co shopmind.Cohorts
		if code := getJSON(t, base+"v1/insights/cohorts?months=3", key, &co); code != 200 || len(co.Cohorts) != 3 {
			t.Fatalf("cohorts: %d %+v", code, co)
		}
		if last := co.Cohorts[len(co.Cohorts)-1].Month; last != h.End.Add(-time.Nanosecond).Format("2006-01") {
			t.Errorf("last cohort %s, want the month of %s", last, h.End)
		}
		var tl shopmind.TargetList
		if code := getJSON(t, base+"v1/insights/targets?item="+url.QueryEscape(shop.Items[0].ID)+"&limit=5", key, &tl); code != 200 {
			t.Fatalf("targets: %d", code)
		}
		var rep shopmind.StockReport
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if code = getJSON(t, base+"v1/stock/advice?limit=3", key, &rep); code != http.StatusServiceUnavailable {
				break
			}
		}
		if code != 200 {
			t.Fatalf("stock advice: %d", code)
		}
		if !rep.AsOf.Equal(demand.End()) {
			t.Errorf("stock advice as of %s, want the end of the shop's sales %s", rep.AsOf, demand.End())
		}
	})
}

// TestImportRefusesFutureEvents: "shopmind import" refuses an event dated
// beyond the skew as the API does, naming the file, line and column; the
// skew comes from [events] future_skew.
func TestImportRefusesFutureEvents(t *testing.T) {
	soon := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	year3000 := "user_id,item_id,type,time\n" +
		"u1,i1,view,2026-10-01T10:00:00Z\n" +
		"u1,i2,view,3000-01-01T00:00:00Z\n" +
		"u2,i1,cart," + soon + "\n"
	twoHours := "user_id,item_id,type,time\n" +
		"u1,i1,view,2026-10-01T10:00:00Z\n" +
		"u2,i1,cart," + soon + "\n"
	oneHour := "[events]\nfuture_skew = \"1h\"\n"
	for _, tt := range []struct {
		name, csv, config string
		flags             []string
		want              string // in the error or the report; "" when every row is stored
		stored            int64
	}{
		{"ErrYear3000", year3000, "", nil, `events.csv:3: column "time": time 3000-01-01T00:00:00Z is more than 24h0m0s in the future`, 0},
		{"SkipYear3000", year3000, "", []string{"-on-error", "skip"}, `events.csv:3: column "time"`, 2},
		{"TwoHoursAhead", twoHours, "", nil, "", 2},
		{"ErrTwoHoursAheadWithSkew1h", twoHours, oneHour, nil, `events.csv:3: column "time": time ` + soon + ` is more than 1h0m0s in the future`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env, _, stderr := testEnv(t)
			dir := t.TempDir()
			path := filepath.Join(dir, "events.csv")
			if err := os.WriteFile(path, []byte(tt.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.config != "" {
				cfg := filepath.Join(dir, "shopmind.toml")
				if err := os.WriteFile(cfg, []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
				get := env.Getenv
				env.Getenv = func(k string) string {
					if k == "SHOPMIND_CONFIG" {
						return cfg
					}
					return get(k)
				}
			}
			err := Run(context.Background(), env, append([]string{"import", "-quiet", path}, tt.flags...))
			switch {
			case tt.want == "" || tt.stored > 0:
				if err != nil {
					t.Fatalf("import: %v\n%s", err, stderr.String())
				}
				if !strings.Contains(stderr.String(), tt.want) {
					t.Errorf("report %q lacks %q", stderr.String(), tt.want)
				}
			case err == nil || !strings.Contains(err.Error(), tt.want):
				t.Fatalf("import: %v\n%s\nwant an error with %q", err, stderr.String(), tt.want)
			case shopmind.ErrorField(err) != "time":
				t.Errorf("error field %q, want time", shopmind.ErrorField(err))
			}
			store := openEnvStore(t, env)
			defer store.Close()
			if n, _ := store.Counts(context.Background()); n.Events != tt.stored {
				t.Errorf("%d events stored, want %d", n.Events, tt.stored)
			}
		})
	}
}

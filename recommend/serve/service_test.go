package serve

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/recommend"
	"github.com/shopmind/shopmind/store/sqlite"
)

// mustShopStore returns an in-memory store holding a small generated shop
// (300 items, 150 shoppers, 60 days).
func mustShopStore(tb testing.TB) (*sqlite.DB, *demo.Shop) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	shop, err := demo.Generate(demo.Options{Items: 300, Users: 150, Days: 60})
	if err != nil {
		tb.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		tb.Fatal(err)
	}
	return db, shop
}

// mustService returns a service over a fresh shop that serves a freshly
// trained model of the given family.
func mustService(tb testing.TB, model string) (*Service, *sqlite.DB, *demo.Shop) {
	tb.Helper()
	db, shop := mustShopStore(tb)
	s := NewService(db, ServiceConfig{Model: model})
	s.Now = func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	m, err := s.Train(context.Background(), model, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Swap(context.Background(), m); err != nil {
		tb.Fatal(err)
	}
	return s, db, shop
}

// buyer returns a user with at least two purchases.
func buyer(t *testing.T, shop *demo.Shop) (string, map[string]bool) {
	t.Helper()
	bought := map[string]map[string]bool{}
	for _, e := range shop.Events {
		if e.Type == shopmind.EventPurchase {
			if bought[e.UserID] == nil {
				bought[e.UserID] = map[string]bool{}
			}
			bought[e.UserID][e.ItemID] = true
		}
	}
	for _, u := range shop.Users {
		if len(bought[u.ID]) >= 2 {
			return u.ID, bought[u.ID]
		}
	}
	t.Fatal("no user with two purchases")
	return "", nil
}

func TestServiceTrainSavesVersions(t *testing.T) {
	s, db, _ := mustService(t, "hybrid")
	cur := s.Current()
	if cur.Name != "recommend/hybrid" || cur.Version != 1 || cur.ConfigHash != s.Config.Hash("hybrid") || len(cur.ConfigHash) != 16 {
		t.Fatalf("current model = %+v", cur)
	}
	for _, k := range []string{"ndcg@10", "recall@10", "precision@10", "hit_rate@10", "coverage@10", "train_seconds", "events"} {
		if _, ok := cur.Metrics[k]; !ok {
			t.Errorf("metric %s missing from %v", k, cur.Metrics)
		}
	}
	if cur.Metrics["ndcg@10"] <= 0 || cur.Metrics["ndcg@10"] > 1 {
		t.Errorf("ndcg@10 = %v", cur.Metrics["ndcg@10"])
	}
	// A second training is version 2 and Load picks it.
	if _, err := s.Train(context.Background(), "hybrid", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v := s.Current().Version; v != 2 {
		t.Fatalf("loaded version %d, want 2", v)
	}
	// A different configuration hashes differently.
	c := s.Config
	c.Weights.View = 2
	if c.Hash("hybrid") == s.Config.Hash("hybrid") {
		t.Fatal("weights do not change the config hash")
	}
	list, err := db.Models(context.Background(), "recommend/hybrid")
	if err != nil || len(list) != 2 {
		t.Fatalf("stored versions = %d, %v", len(list), err)
	}
}

func TestServiceTrainErrors(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := NewService(db, ServiceConfig{})
	if _, err := s.Train(ctx, "nope", nil); shopmind.ErrorField(err) != "model" {
		t.Errorf("unknown model: %v", err)
	}
	if _, err := s.Train(ctx, "hybrid", nil); shopmind.ErrorCode(err) != shopmind.EINVALID {
		t.Errorf("empty store: %v", err)
	}
	if _, err := s.RecommendForUser(ctx, "u1", shopmind.RecommendOptions{}); shopmind.ErrorCode(err) != shopmind.EUNAVAILABLE {
		t.Errorf("no model: %v", err)
	}
	if err := s.Load(ctx); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Errorf("load without model: %v", err)
	}
	full, _ := mustShopStore(t)
	s = NewService(full, ServiceConfig{})
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Train(cctx, "itemknn", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled training: %v", err)
	}
}

func TestRecommendForUser(t *testing.T) {
	s, _, shop := mustService(t, "hybrid")
	ctx := context.Background()
	user, bought := buyer(t, shop)

	t.Run("OK", func(t *testing.T) {
		got, err := s.RecommendForUser(ctx, user, shopmind.RecommendOptions{N: 8})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != 8 || got.ID == "" || got.ColdStart || got.Model != "recommend/hybrid" || got.Version != 1 {
			t.Fatalf("got %d items, id %q, cold %v, model %s v%d", len(got.Items), got.ID, got.ColdStart, got.Model, got.Version)
		}
		personal := 0
		for k, r := range got.Items {
			if bought[r.ItemID] {
				t.Errorf("bought item %s recommended", r.ItemID)
			}
			if r.Explanation == "" || r.Reason == "" || r.Item == nil || r.Item.ID != r.ItemID {
				t.Errorf("item %d: %+v", k, r)
			}
			if k > 0 && r.Score > got.Items[k-1].Score {
				t.Errorf("scores not descending at %d", k)
			}
			if strings.HasPrefix(r.Explanation, "Because you") || strings.HasPrefix(r.Explanation, "Similar") || strings.HasPrefix(r.Explanation, "Same") {
				personal++
				if r.BecauseOf == "" {
					t.Errorf("%q without because_of", r.Explanation)
				}
			}
		}
		if personal == 0 {
			t.Errorf("no personal explanation among %+v", got.Items)
		}
	})
	t.Run("IncludeBought", func(t *testing.T) {
		got, err := s.RecommendForUser(ctx, user, shopmind.RecommendOptions{N: 100, IncludeBought: true})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range got.Items {
			found = found || bought[r.ItemID]
		}
		if !found {
			t.Error("include_bought never returns a bought item in the top 100")
		}
	})
	t.Run("Offset", func(t *testing.T) {
		all, _ := s.RecommendForUser(ctx, user, shopmind.RecommendOptions{N: 10})
		page, err := s.RecommendForUser(ctx, user, shopmind.RecommendOptions{N: 5, Offset: 5})
		if err != nil {
			t.Fatal(err)
		}
		for k := range page.Items {
			if page.Items[k].ItemID != all.Items[5+k].ItemID {
				t.Fatalf("offset page %d = %s, want %s", k, page.Items[k].ItemID, all.Items[5+k].ItemID)
			}
		}
	})
	t.Run("Filters", func(t *testing.T) {
		lo, hi := 10.0, 60.0
		cat := shop.Items[0].Category[0]
		excl := shop.Items[1].ID
		got, err := s.RecommendForUser(ctx, user, shopmind.RecommendOptions{N: 20, Category: strings.ToLower(cat), MinPrice: &lo, MaxPrice: &hi, InStock: true, Exclude: []string{excl}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) == 0 {
			t.Fatal("no item passes the filters")
		}
		for _, r := range got.Items {
			it := r.Item
			if it.Category[0] != cat || it.Price < lo || it.Price > hi || it.Stock <= 0 || r.ItemID == excl {
				t.Errorf("%s (%v, %.2f, stock %d) breaks the filters", r.ItemID, it.Category, it.Price, it.Stock)
			}
		}
	})
	t.Run("BadOptions", func(t *testing.T) {
		lo, hi := 50.0, 10.0
		for _, tt := range []struct {
			opt   shopmind.RecommendOptions
			field string
		}{
			{shopmind.RecommendOptions{N: 101}, "n"},
			{shopmind.RecommendOptions{N: -1}, "n"},
			{shopmind.RecommendOptions{Offset: -1}, "offset"},
			{shopmind.RecommendOptions{MinPrice: &lo, MaxPrice: &hi}, "min_price"},
			{shopmind.RecommendOptions{Exclude: []string{" x"}}, "exclude"},
		} {
			if _, err := s.RecommendForUser(ctx, user, tt.opt); shopmind.ErrorField(err) != tt.field {
				t.Errorf("%+v: err %v, want field %s", tt.opt, err, tt.field)
			}
		}
	})
}

// TestRealTime checks that an event changes the user's next answer without
// retraining: a new visitor gets popular items, and after viewing an item
// gets that item's neighbours, explained by it.
func TestRealTime(t *testing.T) {
	s, db, shop := mustService(t, "hybrid")
	ctx := context.Background()
	before, err := s.RecommendForUser(ctx, "visitor-1", shopmind.RecommendOptions{N: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !before.ColdStart || len(before.Items) != 10 || !strings.HasPrefix(before.Items[0].Explanation, "Popular") {
		t.Fatalf("cold start = %v, %d items, first %+v", before.ColdStart, len(before.Items), before.Items[0])
	}
	viewed := shop.Items[len(shop.Items)/2]
	start := time.Now()
	ev := &shopmind.Event{UserID: "visitor-1", ItemID: viewed.ID, Type: shopmind.EventView, Time: time.Now(), RecommendationID: before.ID}
	if err := ev.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddEvents(ctx, []*shopmind.Event{ev}); err != nil {
		t.Fatal(err)
	}
	after, err := s.RecommendForUser(ctx, "visitor-1", shopmind.RecommendOptions{N: 10})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("event to new recommendations took %s", el)
	}
	if after.ColdStart {
		t.Fatal("still cold start after an event")
	}
	because := 0
	for _, r := range after.Items {
		if r.BecauseOf == viewed.ID {
			because++
		}
	}
	if because == 0 {
		t.Fatalf("no recommendation explained by the viewed item %s: %+v", viewed.ID, after.Items)
	}
	if sameIDs(before.Items, after.Items) {
		t.Fatal("recommendations did not change")
	}
}

func sameIDs(a, b []shopmind.Recommendation) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k].ItemID != b[k].ItemID {
			return false
		}
	}
	return true
}

func TestItemEndpoints(t *testing.T) {
	s, db, shop := mustService(t, "hybrid")
	ctx := context.Background()
	// the most purchased item has co-purchases
	counts := map[string]int{}
	for _, e := range shop.Events {
		if e.Type == shopmind.EventPurchase {
			counts[e.ItemID]++
		}
	}
	top := ""
	for id, n := range counts {
		if top == "" || n > counts[top] || n == counts[top] && id < top {
			top = id
		}
	}
	t.Run("Similar", func(t *testing.T) {
		got, err := s.SimilarItems(ctx, top, shopmind.RecommendOptions{N: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != 5 {
			t.Fatalf("%d similar items", len(got.Items))
		}
		for _, r := range got.Items {
			if r.ItemID == top || r.BecauseOf != top || r.Reason != "similar" || r.Explanation == "" {
				t.Errorf("similar %+v", r)
			}
		}
	})
	t.Run("AlsoBought", func(t *testing.T) {
		got, err := s.AlsoBought(ctx, top, shopmind.RecommendOptions{N: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) == 0 {
			t.Fatal("no also-bought items for the best seller")
		}
		for _, r := range got.Items {
			if r.ItemID == top || !strings.HasPrefix(r.Explanation, "Often bought together with ") {
				t.Errorf("also bought %+v", r)
			}
		}
	})
	t.Run("Popular", func(t *testing.T) {
		cat := shop.Items[0].Category[0]
		got, err := s.Popular(ctx, shopmind.RecommendOptions{N: 5, Category: cat})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != 5 {
			t.Fatalf("%d popular items", len(got.Items))
		}
		for k, r := range got.Items {
			if r.Item.Category[0] != cat || !strings.HasPrefix(r.Explanation, "Popular in ") || k > 0 && r.Score > got.Items[k-1].Score {
				t.Errorf("popular %+v", r)
			}
		}
	})
	t.Run("UnknownItem", func(t *testing.T) {
		for name, call := range map[string]func() error{
			"similar": func() error { _, err := s.SimilarItems(ctx, "no-such-item", shopmind.RecommendOptions{}); return err },
			"also":    func() error { _, err := s.AlsoBought(ctx, "no-such-item", shopmind.RecommendOptions{}); return err },
		} {
			if err := call(); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
	})
	t.Run("NewItem", func(t *testing.T) {
		it := *shop.Items[0]
		it.ID, it.CreatedAt, it.UpdatedAt = "brand-new", time.Time{}, time.Time{}
		if err := db.UpsertItems(ctx, []*shopmind.Item{&it}); err != nil {
			t.Fatal(err)
		}
		got, err := s.SimilarItems(ctx, "brand-new", shopmind.RecommendOptions{N: 3})
		if err != nil {
			t.Fatal(err)
		}
		if !got.ColdStart || len(got.Items) != 3 || got.Items[0].Item.Category[0] != it.Category[0] {
			t.Fatalf("new item: %+v", got)
		}
	})
}

// TestSwapUnderLoad swaps versions while requests run: none fails and both
// versions answer.
func TestSwapUnderLoad(t *testing.T) {
	s, _, shop := mustService(t, "itemknn")
	ctx := context.Background()
	v1, err := s.Store.Model(ctx, "recommend/itemknn", 1)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := s.Train(ctx, "itemknn", nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int]int{}
	stop := make(chan struct{})
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				got, err := s.RecommendForUser(ctx, shop.Users[(w*37+n)%len(shop.Users)].ID, shopmind.RecommendOptions{N: 5})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[got.Version]++
				mu.Unlock()
			}
		}(w)
	}
	for n := 0; n < 20; n++ {
		m := v1
		if n%2 == 0 {
			m = v2
		}
		if err := s.Swap(ctx, m); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if seen[1] == 0 || seen[2] == 0 {
		t.Fatalf("versions answered: %v", seen)
	}
}

// TestRunTrainsAndRetrains runs the background loop: with no model it
// trains one, then retrains on the schedule.
func TestRunTrainsAndRetrains(t *testing.T) {
	db, _ := mustShopStore(t)
	s := NewService(db, ServiceConfig{Model: "popularity", RetrainEvery: 30 * time.Millisecond, Holdout: -1})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := s.Current(); m != nil && m.Version >= 2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m := s.Current(); m == nil || m.Version < 2 {
		t.Fatalf("current model after retraining: %+v", m)
	}
	if _, ok := s.Current().Metrics["ndcg@10"]; ok {
		t.Error("holdout disabled but metrics evaluated")
	}
}

// TestTrainedHistoryMatchesStore checks that the history kept with the
// model plus the events that arrived after it equals reading every event of
// the user from the store, for every user, after new events arrive, dated
// before the training data, within it or far after it.
func TestTrainedHistoryMatchesStore(t *testing.T) {
	s, db, shop := mustService(t, "itemknn")
	ctx := context.Background()
	// Later, back-dated (before the newest training event) and far-future
	// events: what counts is that they arrived after training.
	times := []time.Time{time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}
	var news []*shopmind.Event
	for k, u := range shop.Users[:30] {
		typ := []shopmind.EventType{shopmind.EventView, shopmind.EventPurchase, shopmind.EventDislike}[k%3]
		e := &shopmind.Event{UserID: u.ID, ItemID: shop.Items[k].ID, Type: typ, Time: times[k/3%3]}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		news = append(news, e)
	}
	if _, err := db.AddEvents(ctx, news); err != nil {
		t.Fatal(err)
	}
	sv := s.cur.Load()
	if sv.Artifact().Hist.Seq == 0 || len(sv.Artifact().Hist.Item) == 0 {
		t.Fatal("model has no trained history")
	}
	items, err := readItems(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	art := *sv.Artifact()
	art.Hist = recommend.TrainedHistory{}
	full := recommend.NewServing(sv.Meta(), sv.Bundle(), &art, items)
	for _, u := range shop.Users {
		a, err := s.history(ctx, sv, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.history(ctx, full, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The items in order, their event types and the dislikes.
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("user %s: trained+new %+v, store %+v", u.ID, a, b)
		}
	}
}

// With Tune, the setting is chosen on a validation split of the training
// events: the model records its validation NDCG, and its config hash names
// the chosen setting, so it differs from an untuned model's.
func TestServiceTrainTuned(t *testing.T) {
	db, _ := mustShopStore(t)
	grid, err := recommend.Grid("ease")
	if err != nil || len(grid) < 2 {
		t.Fatalf("ease grid: %d candidates, %v", len(grid), err)
	}
	s := NewService(db, ServiceConfig{Model: "ease", Tune: true})
	var stages []string
	m, err := s.Train(context.Background(), "ease", func(stage string, done, total int) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := m.Metrics["valid_ndcg@10"]; v <= 0 || v > 1 {
		t.Fatalf("valid_ndcg@10 = %v in %v", v, m.Metrics)
	}
	if m.Metrics["ndcg@10"] <= 0 {
		t.Fatalf("no holdout evaluation after tuning: %v", m.Metrics)
	}
	if m.ConfigHash == s.Config.Hash("ease") {
		t.Fatal("the config hash does not record the tuned setting")
	}
	if !slices.Contains(stages, "tune") {
		t.Fatalf("no tune progress in %v", stages)
	}
}

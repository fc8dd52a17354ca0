package assistant

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/nlp"
	"github.com/shopmind/shopmind/store/sqlite"
)

// testNow is the fixed "now" of the scripted conversations.
var testNow = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

var trained struct {
	once sync.Once
	c    *Classifier
	err  error
}

// testParams are the fastText settings the assistant ships with.
func testModel() TextModel { return nlp.NewFastText(DefaultFastTextParams()) }

// testClassifier trains the shipped intents once per test binary (~0.5 s).
func testClassifier(t testing.TB) *Classifier {
	t.Helper()
	trained.once.Do(func() {
		exs, err := DefaultExamples()
		if err != nil {
			trained.err = err
			return
		}
		trained.c, trained.err = TrainIntents(context.Background(), exs, TrainOptions{
			NewModel: testModel, Tokenizer: &nlp.Tokenizer{}, OutOfScope: OutOfScope, MinPerIntent: 60, Seed: 1,
		})
	})
	if trained.err != nil {
		t.Fatal(trained.err)
	}
	return trained.c
}

type shopFixture struct {
	Items    []*shopmind.Item         `json:"items"`
	Users    []*shopmind.User         `json:"users"`
	Personal []*shopmind.UserPersonal `json:"personal"` // what anonymous shoppers prove orders with
	Orders   []*shopmind.Order        `json:"orders"`
}

// openShop returns an in-memory store holding a fixture shop:
// "" is testdata/shop.json (orders A-1001..., users u1 and u2 with
// e-mail and address), "demo" testdata/demo_shop.json
// (a slice of the demo shop's catalog, orders numbered as the demo numbers
// them, O000101...), and "numbered" the same shop with orders numbered
// 101, 102...
func openShop(t testing.TB, shop string) *sqlite.DB {
	t.Helper()
	file := map[string]string{"": "testdata/shop.json", "demo": "testdata/demo_shop.json", "numbered": "testdata/demo_shop.json"}[shop]
	if file == "" {
		t.Fatalf("unknown fixture shop %q", shop)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var f shopFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if shop == "numbered" {
		for _, o := range f.Orders {
			o.ID = strings.TrimLeft(strings.TrimPrefix(o.ID, "O"), "0")
		}
	}
	db, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.UpsertItems(context.Background(), f.Items); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertOrders(context.Background(), f.Orders); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertUsers(context.Background(), f.Users); err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Personal {
		if err := db.SetUserPersonal(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// fakeRecommender ranks items by a fixed popularity order and applies the
// options' category, price and stock filters.
type fakeRecommender struct {
	order   []string
	catalog *Catalog
	calls   int
}

func (r *fakeRecommender) list(opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	r.calls++
	l := &shopmind.RecommendationList{Model: "fake"}
	for _, id := range r.order {
		it := r.catalog.Item(id)
		if it == nil || opt.Category != "" && !strings.HasPrefix(strings.Join(it.Category, "/"), opt.Category) ||
			opt.MaxPrice != nil && it.Price > *opt.MaxPrice || opt.InStock && it.Stock <= 0 {
			continue
		}
		l.Items = append(l.Items, shopmind.Recommendation{ItemID: id, Reason: "popular"})
	}
	return l, nil
}

func (r *fakeRecommender) RecommendForUser(_ context.Context, _ string, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.list(opt)
}
func (r *fakeRecommender) SimilarItems(context.Context, string, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return nil, shopmind.Errorf(shopmind.ENOTIMPLEMENTED, "not in the fake")
}
func (r *fakeRecommender) AlsoBought(context.Context, string, shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return nil, shopmind.Errorf(shopmind.ENOTIMPLEMENTED, "not in the fake")
}
func (r *fakeRecommender) Popular(_ context.Context, opt shopmind.RecommendOptions) (*shopmind.RecommendationList, error) {
	return r.list(opt)
}

// newTestService returns an assistant on a fresh copy of testdata/shop.json.
func newTestService(t testing.TB) (*Service, *sqlite.DB, *fakeRecommender) {
	return newShopService(t, "")
}

// newShopService returns an assistant on a fresh fixture shop (see
// openShop), wired as serve wires it: catalog and order format loaded from
// the store.
func newShopService(t testing.TB, shop string) (*Service, *sqlite.DB, *fakeRecommender) {
	t.Helper()
	db := openShop(t, shop)
	cat, err := LoadCatalog(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	of, err := LoadOrderFormat(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	script, err := DefaultScript()
	if err != nil {
		t.Fatal(err)
	}
	faq, err := DefaultFAQ()
	if err != nil {
		t.Fatal(err)
	}
	order := []string{"n2", "p1", "n1", "a1", "e1", "e2", "j1", "j2", "h1", "n3", "t1", "b1", "b2", "a2"}
	if shop != "" {
		order = cat.ids // the demo slice: catalog order stands for popularity
	}
	rec := &fakeRecommender{order: order, catalog: cat}
	e := &Engine{Intents: testClassifier(t), Script: script, FAQ: faq, Catalog: func() *Catalog { return cat },
		OrderFormat: func() *OrderFormat { return of },
		Orders:      db, Recommender: rec, Now: func() time.Time { return testNow }}
	return &Service{Store: db, Engine: e, Now: func() time.Time { return testNow }}, db, rec
}

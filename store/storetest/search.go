package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/shopmind/shopmind"
)

// searchCatalog is a small two-language catalog shaped like a shop's: the
// words a shopper types ("shoe", "dresses", "running", "鞋") appear in it
// only in another form, or only in the category.
func searchCatalog() []*shopmind.Item {
	return []*shopmind.Item{
		{ID: "s1", Title: "Stride Classic Sneaker (black)", Brand: "Pace & Co", Category: []string{"Shoes", "Sneakers"}},
		{ID: "s2", Title: "Bergfeld Rugged Ankle boot", Brand: "Bergfeld", Category: []string{"Shoes", "Ankle boots"}},
		{ID: "c1", Title: "Kestrel Soft Dress (red)", Brand: "Kestrel", Category: []string{"Clothing", "Dresses"}},
		{ID: "c2", Title: "Urban Loom Summer Dresses Set", Brand: "Urban Loom", Category: []string{"Clothing", "Sets"}},
		{ID: "r1", Title: "Summit Pro Running jacket", Brand: "Summit", Category: []string{"Sports", "Running"}},
		{ID: "r2", Title: "Trail runner shoe", Brand: "Acme", Category: []string{"Sports", "Outdoor"}, Tags: []string{"trail"}},
		{ID: "r3", Title: "Zenflow yoga mat", Brand: "Zenflow", Category: []string{"Sports", "Yoga"}, Tags: []string{"runs small"}},
		{ID: "z1", Title: "男士轻便跑鞋", Brand: "飞跃", Category: []string{"鞋", "跑鞋"}},
		{ID: "z2", Title: "女士真丝连衣裙", Brand: "丝路", Category: []string{"服装", "连衣裙"}},
		{ID: "a1", Title: "Phone case", Brand: "Voltix", Category: []string{"Electronics", "Phone accessories"}},
		{ID: "a2", Title: "Voltix charging accessory", Brand: "Voltix", Category: []string{"Electronics"}},
	}
}

// testItemSearch checks ItemFilter.Query: stems in English, substrings in
// Chinese, over titles, brands, categories and tags, and every word of a
// query required.
func testItemSearch(t *testing.T, s shopmind.Store) {
	must(t, s.UpsertItems(ctx(), searchCatalog()))
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"shoe", []string{"r2", "s1", "s2"}}, // r2 by title, s1 and s2 by category
		{"Shoes", []string{"r2", "s1", "s2"}},
		{"sneakers", []string{"s1"}},
		{"dress", []string{"c1", "c2"}},
		{"dresses", []string{"c1", "c2"}},
		{"run", []string{"r1", "r2", "r3"}}, // "running", "runner" (a word prefix), "runs"
		{"running", []string{"r1", "r2", "r3"}},
		{"running shoes", []string{"r2"}}, // every word must match
		{"running dress", []string{}},
		{"trail shoes", []string{"r2"}},
		{"RED dress", []string{"c1"}},
		{"accessories", []string{"a1", "a2"}},
		{"Pace & Co", []string{"s1"}},
		{"bergf", []string{"s2"}},
		{"s1", []string{"s1"}},
		{"鞋", []string{"z1"}},
		{"跑鞋", []string{"z1"}},
		{"连衣裙", []string{"z2"}},
		{"飞跃 跑鞋", []string{"z1"}},
		{"皮鞋", []string{}},
		{"Shoes › Sneakers", []string{"s1"}},
		{"zzz", []string{}},
	} {
		t.Run(tt.q, func(t *testing.T) {
			got := collect(t, 2, func(after string, limit int) ([]*shopmind.Item, string, error) {
				return s.Items(ctx(), shopmind.ItemFilter{Query: tt.q, After: after, Limit: limit})
			})
			equal(t, fmt.Sprintf("ids for %q", tt.q), ids(got), tt.want)
		})
	}
}

// testCategoryForms checks that a category filter accepts a path as the
// console shows it and as people type it.
func testCategoryForms(t *testing.T, s shopmind.Store) {
	items := searchCatalog()
	items = append(items, &shopmind.Item{ID: "s3", Title: "Lower-case sneaker", Category: []string{"shoes", "sneakers", "Low"}},
		&shopmind.Item{ID: "s4", Title: "Not a sneaker", Category: []string{"Shoes", "SneakersX"}})
	must(t, s.UpsertItems(ctx(), items))
	for _, c := range []string{"Shoes/Sneakers", "Shoes › Sneakers", " shoes / SNEAKERS ", "/Shoes/Sneakers/", "Shoes > Sneakers", "Shoes»Sneakers"} {
		got := collect(t, 1000, func(after string, limit int) ([]*shopmind.Item, string, error) {
			return s.Items(ctx(), shopmind.ItemFilter{Category: ptr(c), After: after, Limit: limit})
		})
		equal(t, fmt.Sprintf("ids in %q", c), ids(got), []string{"s1", "s3"})
	}
	got := collect(t, 1000, func(after string, limit int) ([]*shopmind.Item, string, error) {
		return s.Items(ctx(), shopmind.ItemFilter{Category: ptr("鞋 › 跑鞋"), After: after, Limit: limit})
	})
	equal(t, "ids in 鞋 › 跑鞋", ids(got), []string{"z1"})
}

// testCategories checks the catalog's category list.
func testCategories(t *testing.T, s shopmind.Store) {
	cats, err := s.Categories(ctx())
	must(t, err)
	if len(cats) != 0 {
		t.Fatalf("empty store: categories %v", cats)
	}
	items := []*shopmind.Item{
		{ID: "a", Title: "A", Category: []string{"Shoes", "Sneakers"}}, {ID: "b", Title: "B", Category: []string{"shoes", "sneakers"}},
		{ID: "c", Title: "C", Category: []string{"Shoes"}}, {ID: "d", Title: "D", Category: []string{"Clothing", "Dresses"}}, {ID: "e", Title: "E"},
		{ID: "f", Title: "F", Category: []string{"鞋", "跑鞋"}},
	}
	must(t, s.UpsertItems(ctx(), items))
	cats, err = s.Categories(ctx())
	must(t, err)
	want := []shopmind.CategoryCount{{Path: []string{"Clothing", "Dresses"}, Items: 1}, {Path: []string{"Shoes"}, Items: 1},
		{Path: []string{"Shoes", "Sneakers"}, Items: 2}, {Path: []string{"鞋", "跑鞋"}, Items: 1}}
	if !slices.EqualFunc(cats, want, func(a, b shopmind.CategoryCount) bool { return slices.Equal(a.Path, b.Path) && a.Items == b.Items }) {
		t.Fatalf("categories = %v, want %v", cats, want)
	}
}

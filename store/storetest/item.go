package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// fullItem returns an item with every field set.
func fullItem(id string) *shopmind.Item {
	return &shopmind.Item{
		ID: id, Title: "Trail Runner " + id, Description: "Light shoe.\nLine two, ünïcödé 鞋",
		Category: []string{"Clothing", "Shoes", "Running"}, Brand: "Acme", Price: 89.99, Currency: "EUR",
		Attributes: map[string]string{"color": "red", "size": "42"}, Tags: []string{"trail", "sale"},
		Stock: -2, Images: []string{"abc123", "https://example.com/a.jpg"}, Active: true,
		CreatedAt: base, UpdatedAt: base.Add(90 * 60e9),
	}
}

func testItems(t *testing.T, open Opener) {
	t.Run("RoundTrip", func(t *testing.T) {
		tests := []struct {
			name string
			item *shopmind.Item
		}{
			{"Full", fullItem("i1")},
			{"NilCollections", &shopmind.Item{ID: "i2", Title: "Bare", CreatedAt: base, UpdatedAt: base}},
			{"EmptyCollections", &shopmind.Item{ID: "i3", Title: "Empty", Category: []string{}, Attributes: map[string]string{},
				Tags: []string{}, Images: []string{}, CreatedAt: base, UpdatedAt: base}},
			{"Zeroes", &shopmind.Item{ID: "i 4/ü", Title: "Z", Price: 0, Stock: 0, Active: false, CreatedAt: base, UpdatedAt: base}},
		}
		s := open(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := *tt.item
				must(t, s.UpsertItems(ctx(), []*shopmind.Item{&in}))
				want := *tt.item
				want.CreatedAt, want.UpdatedAt = stored(want.CreatedAt), stored(want.UpdatedAt)
				got, err := s.Item(ctx(), tt.item.ID)
				must(t, err)
				equal(t, "item", got, &want)
			})
		}
	})

	// Every committed change to the items moves the catalog version, so
	// a reader of the catalog re-reads only when it moved; a failed or
	// rolled-back change does not.
	t.Run("CatalogVersion", func(t *testing.T) {
		s := open(t)
		version := func() int64 {
			t.Helper()
			v, err := s.CatalogVersion(ctx())
			must(t, err)
			return v
		}
		v0 := version()
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{{ID: "a", Title: "A", Stock: 3}, {ID: "b", Title: "B"}}))
		v1 := version()
		if v1 <= v0 {
			t.Fatalf("version %d after inserting items, was %d", v1, v0)
		}
		equal(t, "version read again", version(), v1)
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{{ID: "a", Title: "A", Stock: 2}}))
		v2 := version()
		if v2 <= v1 {
			t.Fatalf("version %d after a stock change, was %d", v2, v1)
		}
		must(t, s.DeleteItem(ctx(), "b"))
		v3 := version()
		if v3 <= v2 {
			t.Fatalf("version %d after a delete, was %d", v3, v2)
		}
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			must(t, tx.UpsertItems(ctx(), []*shopmind.Item{{ID: "c", Title: "C"}}))
			return errors.New("roll back")
		})
		if err == nil {
			t.Fatal("Tx returned no error")
		}
		equal(t, "version after a rolled-back insert", version(), v3)
	})

	t.Run("StampsTimes", func(t *testing.T) {
		s := open(t)
		c := startClock()
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{{ID: "a", Title: "A"}}))
		got, err := s.Item(ctx(), "a")
		must(t, err)
		c.check(t, "CreatedAt", got.CreatedAt)
		equal(t, "UpdatedAt", got.UpdatedAt, got.CreatedAt)
	})

	t.Run("ReplaceKeepsCreatedAt", func(t *testing.T) {
		s := open(t)
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{fullItem("a")}))
		pause()
		c := startClock()
		repl := &shopmind.Item{ID: "a", Title: "New title", Price: 5, Tags: []string{"x"}}
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{repl}))
		got, err := s.Item(ctx(), "a")
		must(t, err)
		equal(t, "CreatedAt", got.CreatedAt, stored(base))
		c.check(t, "UpdatedAt", got.UpdatedAt)
		want := *repl
		want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt
		equal(t, "replaced item (no fields kept from the old one)", got, &want)

		// An explicit CreatedAt replaces the stored one.
		repl2 := *repl
		repl2.CreatedAt = base.Add(-48 * 3600e9)
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{&repl2}))
		got, err = s.Item(ctx(), "a")
		must(t, err)
		equal(t, "explicit CreatedAt", got.CreatedAt, stored(repl2.CreatedAt))
	})

	t.Run("NoOp", func(t *testing.T) {
		s := open(t)
		mk := func() *shopmind.Item {
			it := fullItem("a")
			it.CreatedAt = base
			it.UpdatedAt = zeroTime
			return it
		}
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{mk()}))
		first, err := s.Item(ctx(), "a")
		must(t, err)
		pause()
		// Equal content, zero UpdatedAt: nothing changes.
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{mk()}))
		again, err := s.Item(ctx(), "a")
		must(t, err)
		equal(t, "item after equal upsert", again, first)
		// Equal content with zero CreatedAt: still nothing changes.
		noCreated := mk()
		noCreated.CreatedAt = zeroTime
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{noCreated}))
		again, err = s.Item(ctx(), "a")
		must(t, err)
		equal(t, "item after equal upsert without CreatedAt", again, first)
		// Equal content with an explicit, different UpdatedAt: no-op too.
		explicit := mk()
		explicit.UpdatedAt = base.Add(1e9)
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{explicit}))
		again, err = s.Item(ctx(), "a")
		must(t, err)
		equal(t, "item after equal upsert with UpdatedAt", again, first)

		// Any field changing is an update.
		changes := []struct {
			name   string
			change func(*shopmind.Item)
		}{
			{"Title", func(it *shopmind.Item) { it.Title = "Other" }},
			{"Description", func(it *shopmind.Item) { it.Description = "" }},
			{"Category", func(it *shopmind.Item) { it.Category = []string{"Clothing"} }},
			{"Brand", func(it *shopmind.Item) { it.Brand = "Other" }},
			{"Price", func(it *shopmind.Item) { it.Price = 89.98 }},
			{"Currency", func(it *shopmind.Item) { it.Currency = "USD" }},
			{"Attributes", func(it *shopmind.Item) { it.Attributes["color"] = "blue" }},
			{"AttributesEmpty", func(it *shopmind.Item) { it.Attributes = map[string]string{} }},
			{"Tags", func(it *shopmind.Item) { it.Tags = []string{"sale", "trail"} }},
			{"Stock", func(it *shopmind.Item) { it.Stock = 3 }},
			{"Images", func(it *shopmind.Item) { it.Images = nil }},
			{"Active", func(it *shopmind.Item) { it.Active = false }},
		}
		for _, tt := range changes {
			t.Run(tt.name, func(t *testing.T) {
				must(t, s.UpsertItems(ctx(), []*shopmind.Item{mk()}))
				before, err := s.Item(ctx(), "a")
				must(t, err)
				pause()
				it := mk()
				tt.change(it)
				must(t, s.UpsertItems(ctx(), []*shopmind.Item{it}))
				got, err := s.Item(ctx(), "a")
				must(t, err)
				if !got.UpdatedAt.After(before.UpdatedAt) {
					t.Errorf("UpdatedAt %v after changing %s, want later than %v", got.UpdatedAt, tt.name, before.UpdatedAt)
				}
				want := *it
				want.CreatedAt, want.UpdatedAt = stored(base), got.UpdatedAt
				equal(t, "changed item", got, &want)
			})
		}
	})

	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		must(t, s.UpsertItems(ctx(), []*shopmind.Item{fullItem("a")}))
		_, err := s.Item(ctx(), "missing")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteItem(ctx(), "missing"), shopmind.ENOTFOUND, "")

		bad := []*shopmind.Item{{ID: "b", Title: "B"}, {ID: "c", Title: "C", Price: -1}}
		wantCode(t, s.UpsertItems(ctx(), bad), shopmind.EINVALID, "items[1].price")
		_, err = s.Item(ctx(), "b")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.UpsertItems(ctx(), []*shopmind.Item{{ID: ""}}), shopmind.EINVALID, "items[0].id")
		wantCode(t, s.UpsertItems(ctx(), []*shopmind.Item{nil}), shopmind.EINVALID, "items[0]")
		must(t, s.UpsertItems(ctx(), nil))

		must(t, s.DeleteItem(ctx(), "a"))
		_, err = s.Item(ctx(), "a")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteItem(ctx(), "a"), shopmind.ENOTFOUND, "")
	})

	t.Run("Filters", func(t *testing.T) { testItemFilters(t, open(t)) })
	t.Run("Search", func(t *testing.T) { testItemSearch(t, open(t)) })
	t.Run("CategoryForms", func(t *testing.T) { testCategoryForms(t, open(t)) })
	t.Run("Categories", func(t *testing.T) { testCategories(t, open(t)) })

	t.Run("BadCursor", func(t *testing.T) {
		s := open(t)
		for _, c := range []string{"!!!", "bm90IGEgY3Vyc29y", badKindCursor(t, s)} {
			_, _, err := s.Items(ctx(), shopmind.ItemFilter{After: c})
			wantCode(t, err, shopmind.EINVALID, "after")
		}
	})
}

// zeroTime is the zero time, which stores replace with now.
var zeroTime time.Time

// badKindCursor returns a valid cursor of another list (users).
func badKindCursor(t *testing.T, s shopmind.Store) string {
	t.Helper()
	must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u1"}, {ID: "u2"}}))
	_, next, err := s.Users(ctx(), shopmind.UserFilter{Limit: 1})
	must(t, err)
	if next == "" {
		t.Fatal("Users with limit 1 of 2: no next cursor")
	}
	return next
}

// testItemFilters checks every ItemFilter field, alone and combined, over
// several pages.
func testItemFilters(t *testing.T, s shopmind.Store) {
	cats := [][]string{{"Clothing", "Shoes", "Running"}, {"Clothing", "Shoes"}, {"Clothing", "Shirts"},
		{"Clothing", "ShoesX"}, {"Garden"}, nil, {"clothing", "shoes"}}
	brands := []string{"Acme", "Bolt", ""}
	var items []*shopmind.Item
	for i := range 40 {
		items = append(items, &shopmind.Item{
			ID:       fmt.Sprintf("item-%02d", (i*7)%40), // not inserted in id order
			Title:    []string{"Red Shoe", "blue shirt", "GREEN hat", "Große Jacke"}[i%4],
			Category: cats[i%len(cats)],
			Brand:    brands[i%len(brands)],
			Price:    float64(i%10) * 10,
			Stock:    i%5 - 1,
			Active:   i%3 != 0,
		})
	}
	must(t, s.UpsertItems(ctx(), items))
	tests := []struct {
		name string
		f    shopmind.ItemFilter
		keep func(*shopmind.Item) bool
	}{
		{"All", shopmind.ItemFilter{}, func(*shopmind.Item) bool { return true }},
		{"CategoryTop", shopmind.ItemFilter{Category: ptr("Clothing")}, func(it *shopmind.Item) bool {
			return len(it.Category) > 0 && strings.EqualFold(it.Category[0], "Clothing")
		}},
		{"CategoryPath", shopmind.ItemFilter{Category: ptr("Clothing/Shoes")}, func(it *shopmind.Item) bool {
			return len(it.Category) >= 2 && strings.EqualFold(it.Category[0], "Clothing") && strings.EqualFold(it.Category[1], "Shoes")
		}},
		{"CategoryLeaf", shopmind.ItemFilter{Category: ptr("Clothing/Shoes/Running")}, func(it *shopmind.Item) bool {
			return slices.Equal(it.Category, []string{"Clothing", "Shoes", "Running"})
		}},
		{"CategoryNone", shopmind.ItemFilter{Category: ptr("Toys")}, func(*shopmind.Item) bool { return false }},
		{"Brand", shopmind.ItemFilter{Brand: ptr("Bolt")}, func(it *shopmind.Item) bool { return it.Brand == "Bolt" }},
		{"Active", shopmind.ItemFilter{Active: ptr(true)}, func(it *shopmind.Item) bool { return it.Active }},
		{"Inactive", shopmind.ItemFilter{Active: ptr(false)}, func(it *shopmind.Item) bool { return !it.Active }},
		{"QueryTitle", shopmind.ItemFilter{Query: "sHoE"}, func(it *shopmind.Item) bool {
			return strings.Contains(strings.ToLower(it.Title+" "+strings.Join(it.Category, " ")), "shoe")
		}},
		{"QueryBrand", shopmind.ItemFilter{Query: "acm"}, func(it *shopmind.Item) bool { return it.Brand == "Acme" }},
		{"QueryID", shopmind.ItemFilter{Query: "ITEM-1"}, func(it *shopmind.Item) bool { return strings.HasPrefix(it.ID, "item-1") }},
		{"QueryNone", shopmind.ItemFilter{Query: "zzz"}, func(*shopmind.Item) bool { return false }},
		{"MinPrice", shopmind.ItemFilter{MinPrice: ptr(50.0)}, func(it *shopmind.Item) bool { return it.Price >= 50 }},
		{"MaxPrice", shopmind.ItemFilter{MaxPrice: ptr(30.0)}, func(it *shopmind.Item) bool { return it.Price <= 30 }},
		{"PriceRange", shopmind.ItemFilter{MinPrice: ptr(20.0), MaxPrice: ptr(40.0)}, func(it *shopmind.Item) bool {
			return it.Price >= 20 && it.Price <= 40
		}},
		{"InStock", shopmind.ItemFilter{InStock: ptr(true)}, func(it *shopmind.Item) bool { return it.Stock > 0 }},
		{"OutOfStock", shopmind.ItemFilter{InStock: ptr(false)}, func(it *shopmind.Item) bool { return it.Stock <= 0 }},
		{"Combined", shopmind.ItemFilter{Category: ptr("Clothing"), Active: ptr(true), InStock: ptr(true), MaxPrice: ptr(80.0)},
			func(it *shopmind.Item) bool {
				return len(it.Category) > 0 && strings.EqualFold(it.Category[0], "Clothing") && it.Active && it.Stock > 0 && it.Price <= 80
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, it := range items {
				if tt.keep(it) {
					want = append(want, it.ID)
				}
			}
			slices.Sort(want)
			for _, limit := range []int{3, 1000} {
				got := collect(t, limit, func(after string, limit int) ([]*shopmind.Item, string, error) {
					f := tt.f
					f.After, f.Limit = after, limit
					return s.Items(ctx(), f)
				})
				if want == nil {
					want = []string{}
				}
				equal(t, fmt.Sprintf("ids with limit %d", limit), ids(got), want)
			}
		})
	}
}

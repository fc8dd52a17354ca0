package httpapi

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/shopmind/shopmind"
)

// pagedItems returns an ItemsFn over n items "item-000"... that pages by id
// cursor, recording the filters it was called with.
func pagedItems(n int, calls *[]shopmind.ItemFilter) func(context.Context, shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	var all []*shopmind.Item
	for i := range n {
		all = append(all, &shopmind.Item{ID: fmt.Sprintf("item-%03d", i), Title: "T", Active: true})
	}
	return func(_ context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
		*calls = append(*calls, f)
		var page []*shopmind.Item
		for _, it := range all {
			if it.ID > f.After && len(page) < f.Limit {
				page = append(page, it)
			}
		}
		next := ""
		if len(page) == f.Limit && page[len(page)-1].ID != all[len(all)-1].ID {
			next = page[len(page)-1].ID
		}
		return page, next, nil
	}
}

func TestItemsPagination(t *testing.T) {
	store := newMockStore()
	var calls []shopmind.ItemFilter
	store.ItemsFn = pagedItems(25, &calls)
	h := newTestServer(t, store).Handler()

	var ids []string
	after, pages := "", 0
	for {
		rec := request{method: "GET", path: "/v1/items?limit=10&after=" + url.QueryEscape(after), key: readKey}.do(t, h)
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var list ItemList
		decodeBody(t, rec, &list)
		for _, it := range list.Items {
			ids = append(ids, it.ID)
		}
		pages++
		if list.Next == "" {
			break
		}
		after = list.Next
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
	}
	if pages != 3 || len(ids) != 25 || ids[0] != "item-000" || ids[24] != "item-024" {
		t.Fatalf("got %d pages, %d ids (%v); want 3 pages of 25 ids in order", pages, len(ids), ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("ids out of order or repeated at %d: %v", i, ids)
		}
	}
}

func TestItemsFilter(t *testing.T) {
	store := newMockStore()
	var calls []shopmind.ItemFilter
	store.ItemsFn = pagedItems(0, &calls)
	h := newTestServer(t, store).Handler()

	rec := request{method: "GET", path: "/v1/items?q=shoe&category=Clothing/Shoes&brand=Acme&active=true&in_stock=false&min_price=5&max_price=20.5", key: readKey}.do(t, h)
	if rec.Code != 200 || rec.Body.String() != "{\"items\":[],\"next\":\"\"}\n" {
		t.Fatalf("status %d body %q; want an empty list", rec.Code, rec.Body)
	}
	f := calls[0]
	if f.Query != "shoe" || *f.Category != "Clothing/Shoes" || *f.Brand != "Acme" || !*f.Active || *f.InStock ||
		*f.MinPrice != 5 || *f.MaxPrice != 20.5 || f.Limit != shopmind.DefaultLimit {
		t.Fatalf("filter = %+v", f)
	}

	for _, tt := range []struct{ query, field string }{
		{"limit=0", "limit"}, {"limit=1001", "limit"}, {"limit=x", "limit"},
		{"active=maybe", "active"}, {"min_price=cheap", "min_price"}, {"max_price=NaN", "max_price"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			rec := request{method: "GET", path: "/v1/items?" + tt.query, key: readKey}.do(t, h)
			if e := decodeError(t, rec); rec.Code != 400 || e.Field != tt.field {
				t.Fatalf("got %d %+v; want 400 on %s", rec.Code, e, tt.field)
			}
		})
	}
}

func TestItemCRUD(t *testing.T) {
	store := newMockStore()
	stored := map[string]*shopmind.Item{}
	store.ItemFn = func(_ context.Context, id string) (*shopmind.Item, error) {
		if it, ok := stored[id]; ok {
			return it, nil
		}
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", id)
	}
	store.UpsertItemsFn = func(_ context.Context, items []*shopmind.Item) error {
		for _, it := range items {
			c := *it
			c.CreatedAt, c.UpdatedAt = testNow, testNow
			stored[it.ID] = &c
		}
		return nil
	}
	store.DeleteItemFn = func(_ context.Context, id string) error {
		if _, ok := stored[id]; !ok {
			return shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", id)
		}
		delete(stored, id)
		return nil
	}
	h := newTestServer(t, store).Handler()

	steps := []struct {
		name   string
		rq     request
		status int
	}{
		{"GetMissing", request{method: "GET", path: "/v1/items/sku%2F1", key: readKey}, 404},
		{"PutFillsID", request{method: "PUT", path: "/v1/items/sku%2F1", key: writeKey, body: `{"title":"Shoe","price":9.5}`}, 200},
		{"Get", request{method: "GET", path: "/v1/items/sku%2F1", key: readKey}, 200},
		{"Batch", request{method: "POST", path: "/v1/items", key: writeKey, body: `{"items":[{"id":"b","title":"B"},{"id":"c","title":"C"}]}`}, 200},
		{"ReadCannotDelete", request{method: "DELETE", path: "/v1/items/b", key: readKey}, 403},
		{"Delete", request{method: "DELETE", path: "/v1/items/b", key: writeKey}, 204},
		{"DeleteMissing", request{method: "DELETE", path: "/v1/items/b", key: writeKey}, 404},
	}
	for _, st := range steps {
		rec := st.rq.do(t, h)
		if rec.Code != st.status {
			t.Fatalf("%s: status %d, want %d; body %s", st.name, rec.Code, st.status, rec.Body)
		}
		if st.name == "Get" {
			var it shopmind.Item
			decodeBody(t, rec, &it)
			if it.ID != "sku/1" || it.Title != "Shoe" || it.Price != 9.5 || !it.CreatedAt.Equal(testNow) {
				t.Fatalf("item = %+v", it)
			}
		}
		if st.name == "Batch" && rec.Body.String() != "{\"upserted\":2}\n" {
			t.Fatalf("batch body %q", rec.Body)
		}
	}
	if len(stored) != 2 || stored["c"] == nil {
		t.Fatalf("stored = %v, want sku/1 and c", stored)
	}
}

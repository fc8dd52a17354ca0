package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// maxBatch is the most entities one batch upsert accepts (events have
// their own limit, maxEventBatch).
const maxBatch = 10_000

// ItemList is a page of items.
type ItemList struct {
	Items []*shopmind.Item `json:"items"`
	Next  string           `json:"next"` // cursor of the next page; "" on the last page
}

// ItemBatch is the body of POST /v1/items.
type ItemBatch struct {
	Items []*shopmind.Item `json:"items"`
}

// Upserted is the response of a batch upsert.
type Upserted struct {
	Upserted int `json:"upserted"`
}

func (s *Server) itemRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/items", Summary: "List items in id order, filtered", Tag: "items",
			Role: shopmind.RoleRead, Response: ItemList{}, Handler: s.handleItems, Params: []Param{
				{Name: "q", In: "query", Description: "search text: a substring of id, title, brand, category or tags, or every word by its stem (shoe finds shoes; 鞋 finds 跑鞋)"},
				{Name: "category", In: "query", Description: "category path prefix, \"Shoes/Sneakers\" or \"Shoes › Sneakers\" (case-insensitive)"},
				{Name: "brand", In: "query"},
				{Name: "active", In: "query", Type: "boolean"},
				{Name: "in_stock", In: "query", Type: "boolean"},
				{Name: "min_price", In: "query", Type: "number"},
				{Name: "max_price", In: "query", Type: "number"},
				paramAfter, paramLimit,
			}},
		{Method: "POST", Pattern: "/v1/items", Summary: "Insert or replace items by id (at most 10,000)", Tag: "items",
			Role: shopmind.RoleWrite, Request: ItemBatch{}, Response: Upserted{}, Handler: s.handleUpsertItems},
		{Method: "GET", Pattern: "/v1/items/{id}", Summary: "Get an item", Tag: "items",
			Role: shopmind.RoleRead, Response: shopmind.Item{}, Handler: s.handleItem},
		{Method: "PUT", Pattern: "/v1/items/{id}", Summary: "Insert or replace an item (body id empty or equal to the path's)", Tag: "items",
			Role: shopmind.RoleWrite, Request: shopmind.Item{}, Response: shopmind.Item{}, Handler: s.handlePutItem},
		{Method: "DELETE", Pattern: "/v1/items/{id}", Summary: "Delete an item", Tag: "items",
			Role: shopmind.RoleWrite, Status: http.StatusNoContent, Handler: s.handleDeleteItem},
	}
}

func (s *Server) handleItems(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.ItemFilter{
		Query: q.String("q"), Category: q.OptCategory("category"), Brand: q.OptString("brand"),
		Active: q.OptBool("active"), InStock: q.OptBool("in_stock"),
		MinPrice: q.OptFloat("min_price"), MaxPrice: q.OptFloat("max_price"),
		After: q.String("after"), Limit: q.Limit(),
	}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	items, next, err := s.items.Items(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, ItemList{Items: nonNil(items), Next: next})
}

func (s *Server) handleItem(w http.ResponseWriter, r *http.Request) {
	it, err := s.items.Item(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, it)
}

func (s *Server) handlePutItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	it, err := decodeOne[shopmind.Item](s, w, r, "id", id, func(i *shopmind.Item) *string { return &i.ID })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.items.UpsertItems(r.Context(), []*shopmind.Item{it}); err != nil {
		s.Error(w, r, err)
		return
	}
	stored, err := s.items.Item(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, stored)
}

func (s *Server) handleUpsertItems(w http.ResponseWriter, r *http.Request) {
	items, err := decodeBatch[shopmind.Item](s, w, r, "items", maxBatch)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if len(items) > 0 {
		if err := s.items.UpsertItems(r.Context(), items); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	WriteJSON(w, http.StatusOK, Upserted{Upserted: len(items)})
}

func (s *Server) handleDeleteItem(w http.ResponseWriter, r *http.Request) {
	if err := s.items.DeleteItem(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

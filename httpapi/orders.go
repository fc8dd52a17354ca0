package httpapi

import (
	"net/http"
	"strconv"

	"github.com/shopmind/shopmind"
)

// OrderList is a page of orders.
type OrderList struct {
	Orders []*shopmind.Order `json:"orders"`
	Next   string            `json:"next"`
}

// OrderBatch is the body of POST /v1/orders.
type OrderBatch struct {
	Orders []*shopmind.Order `json:"orders"`
}

func (s *Server) orderRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/orders", Summary: "List orders in id order, filtered", Tag: "orders",
			Role: shopmind.RoleRead, Response: OrderList{}, Handler: s.handleOrders, Audit: shopmind.AuditOrderList, Params: []Param{
				{Name: "user_id", In: "query"},
				{Name: "status", In: "query", Description: "pending, paid, shipped, delivered, cancelled, returned or refunded"},
				{Name: "from", In: "query", Description: "orders created on or after this day (YYYY-MM-DD, UTC) or RFC 3339 time"},
				{Name: "to", In: "query", Description: "orders created up to this day, inclusive (YYYY-MM-DD, UTC), or before this RFC 3339 time"},
				paramAfter, paramLimit,
			}},
		{Method: "POST", Pattern: "/v1/orders", Summary: "Insert or replace orders by id (at most 10,000)", Tag: "orders",
			Role: shopmind.RoleWrite, Request: OrderBatch{}, Response: Upserted{}, Handler: s.handleUpsertOrders},
		{Method: "GET", Pattern: "/v1/orders/{id}", Summary: "Get an order with its lines and history", Tag: "orders",
			Role: shopmind.RoleRead, Response: shopmind.Order{}, Handler: s.handleOrder,
			Audit: shopmind.AuditOrderRead, AuditTarget: "order"},
		{Method: "PUT", Pattern: "/v1/orders/{id}", Summary: "Insert or replace an order (body id empty or equal to the path's)", Tag: "orders",
			Role: shopmind.RoleWrite, Request: shopmind.Order{}, Response: shopmind.Order{}, Handler: s.handlePutOrder},
		{Method: "DELETE", Pattern: "/v1/orders/{id}", Summary: "Delete an order", Tag: "orders",
			Role: shopmind.RoleWrite, Status: http.StatusNoContent, Handler: s.handleDeleteOrder},
	}
}

func (s *Server) handleOrders(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.OrderFilter{UserID: q.String("user_id"), Status: shopmind.OrderStatus(q.String("status")),
		After: q.String("after"), Limit: q.Limit(), CreatedFrom: dayOrTime(q, "from", false), CreatedTo: dayOrTime(q, "to", true)}
	if f.Status != "" && !f.Status.Valid() {
		q.fail("status", "status %q is not one of pending, paid, shipped, delivered, cancelled, returned, refunded", f.Status)
	}
	if !f.CreatedFrom.IsZero() && !f.CreatedTo.IsZero() && !f.CreatedFrom.Before(f.CreatedTo) {
		q.fail("from", "from %s is not before to %s", q.get("from"), q.get("to"))
	}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	orders, next, err := s.orders.Orders(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	target := ""
	if f.UserID != "" {
		target = "user/" + f.UserID
	}
	SetAudit(r, shopmind.AuditOrderList, target, strconv.Itoa(len(orders))+" orders")
	WriteJSON(w, http.StatusOK, OrderList{Orders: nonNil(orders), Next: next})
}

func (s *Server) handleOrder(w http.ResponseWriter, r *http.Request) {
	o, err := s.orders.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, o)
}

func (s *Server) handlePutOrder(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	o, err := decodeOne[shopmind.Order](s, w, r, "id", id, func(o *shopmind.Order) *string { return &o.ID })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := o.CheckReferences(r.Context(), s.orders); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.orders.UpsertOrders(r.Context(), []*shopmind.Order{o}); err != nil {
		s.Error(w, r, err)
		return
	}
	stored, err := s.orders.Order(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, stored)
}

func (s *Server) handleUpsertOrders(w http.ResponseWriter, r *http.Request) {
	orders, err := decodeBatch[shopmind.Order](s, w, r, "orders", maxBatch)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := shopmind.ValidateEachWith("orders", orders, func(x *shopmind.Order) error { return x.CheckReferences(r.Context(), s.orders) }); err != nil {
		s.Error(w, r, err)
		return
	}
	if len(orders) > 0 {
		if err := s.orders.UpsertOrders(r.Context(), orders); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	WriteJSON(w, http.StatusOK, Upserted{Upserted: len(orders)})
}

func (s *Server) handleDeleteOrder(w http.ResponseWriter, r *http.Request) {
	if err := s.orders.DeleteOrder(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

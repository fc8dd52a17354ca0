package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// HandleSupply registers the demand forecast and stock advice routes on svc.
func (s *Server) HandleSupply(svc shopmind.SupplyService) {
	h := &supplyHandler{s: s, svc: svc}
	fcParams := []Param{
		{Name: "bucket", In: "query", Description: "day (default) or week"},
		{Name: "horizon", In: "query", Type: "integer", Description: "buckets ahead, 1 to 366 (default 28 days or 8 weeks)"},
		{Name: "level", In: "query", Type: "number", Description: "prediction-interval level in (0, 1) (default 0.95)"},
		{Name: "history", In: "query", Type: "integer", Description: "past buckets returned (default 4 x horizon)"},
	}
	for _, r := range []Route{
		{Method: "GET", Pattern: "/v1/forecasts/items/{id}", Summary: "Demand forecast of an item with prediction intervals", Tag: "forecasts",
			Role: shopmind.RoleRead, Response: shopmind.DemandForecast{}, Handler: h.itemForecast, Params: fcParams},
		{Method: "GET", Pattern: "/v1/forecasts/categories", Summary: "Demand forecast of a category with prediction intervals", Tag: "forecasts",
			Role: shopmind.RoleRead, Response: shopmind.DemandForecast{}, Handler: h.categoryForecast,
			Params: append([]Param{{Name: "path", In: "query", Required: true, Description: "category path prefix, \"Shoes/Sneakers\" or \"Shoes › Sneakers\" (case-insensitive)"}}, fcParams...)},
		{Method: "GET", Pattern: "/v1/stock/advice", Summary: "Stock advice for every item, highest stock-out risk first", Tag: "forecasts",
			Role: shopmind.RoleRead, Response: shopmind.StockReport{}, Handler: h.advice, Params: []Param{
				{Name: "at_risk", In: "query", Type: "boolean", Description: "only items at risk of stock-out (or not)"},
				{Name: "reorder", In: "query", Type: "boolean", Description: "only items due for reorder (or not)"},
				{Name: "offset", In: "query", Type: "integer"},
				paramLimit,
			}},
		{Method: "GET", Pattern: "/v1/stock/advice/{id}", Summary: "Stock advice for one item, computed now", Tag: "forecasts",
			Role: shopmind.RoleRead, Response: shopmind.StockAdvice{}, Handler: h.itemAdvice},
		{Method: "POST", Pattern: "/v1/stock/refresh", Summary: "Recompute demand and stock advice for every item now", Tag: "forecasts",
			Role: shopmind.RoleWrite, Response: shopmind.StockReport{}, Handler: h.refresh},
	} {
		s.Handle(r)
	}
}

type supplyHandler struct {
	s   *Server
	svc shopmind.SupplyService
}

func (h *supplyHandler) forecast(w http.ResponseWriter, r *http.Request, dq shopmind.DemandQuery) {
	q := newQuery(r.URL)
	dq.Bucket = shopmind.DemandBucket(q.String("bucket"))
	dq.Horizon = q.Int("horizon", 0, 1, 366)
	dq.History = q.Int("history", 0, 1, 100_000)
	if l := q.OptFloat("level"); l != nil {
		dq.Level = *l
		if !(dq.Level > 0 && dq.Level < 1) {
			q.fail("level", "level must be in (0, 1), not %g", dq.Level)
		}
	}
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	fc, err := h.svc.Forecast(r.Context(), dq)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, fc)
}

func (h *supplyHandler) itemForecast(w http.ResponseWriter, r *http.Request) {
	h.forecast(w, r, shopmind.DemandQuery{ItemID: r.PathValue("id")})
}

func (h *supplyHandler) categoryForecast(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	path := q.Category("path")
	if path == "" && q.err == nil {
		q.fail("path", "path is required")
	}
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	h.forecast(w, r, shopmind.DemandQuery{Category: path})
}

func (h *supplyHandler) advice(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.StockFilter{AtRisk: q.OptBool("at_risk"), Reorder: q.OptBool("reorder"),
		Offset: q.Int("offset", 0, 0, 1<<30), Limit: q.Limit()}
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	rep, err := h.svc.StockAdvice(r.Context(), f)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, rep)
}

func (h *supplyHandler) itemAdvice(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.ItemStockAdvice(r.Context(), r.PathValue("id"))
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, a)
}

func (h *supplyHandler) refresh(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Refresh(r.Context()); err != nil {
		h.s.Error(w, r, err)
		return
	}
	rep, err := h.svc.StockAdvice(r.Context(), shopmind.StockFilter{Limit: 1})
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, rep)
}

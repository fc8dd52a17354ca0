package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/shopmind/shopmind"
)

// PromotionList is a page of promotions.
type PromotionList struct {
	Promotions []*shopmind.Promotion `json:"promotions"`
	Next       string                `json:"next"` // cursor of the next page; "" on the last page
}

// PromotionBatch is the body of POST /v1/promotions.
type PromotionBatch struct {
	Promotions []*shopmind.Promotion `json:"promotions"`
}

func (s *Server) promotionRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/promotions", Summary: "List the promotions and holidays of the shop's calendar in id order", Tag: "promotions",
			Role: shopmind.RoleRead, Response: PromotionList{}, Handler: s.handlePromotions, Params: []Param{
				{Name: "kind", In: "query", Description: "promotion or holiday"},
				{Name: "from", In: "query", Format: "date", Description: "only those running on or after this day (YYYY-MM-DD)"},
				{Name: "to", In: "query", Format: "date", Description: "only those running on or before this day (YYYY-MM-DD)"},
				paramAfter, paramLimit,
			}},
		{Method: "POST", Pattern: "/v1/promotions", Summary: "Insert or replace promotions by id (at most 10,000); their items and categories must exist", Tag: "promotions",
			Role: shopmind.RoleWrite, Request: PromotionBatch{}, Response: Upserted{}, Handler: s.handleUpsertPromotions},
		{Method: "GET", Pattern: "/v1/promotions/{id}", Summary: "Get a promotion", Tag: "promotions",
			Role: shopmind.RoleRead, Response: shopmind.Promotion{}, Handler: s.handlePromotion},
		{Method: "PUT", Pattern: "/v1/promotions/{id}", Summary: "Insert or replace a promotion (body id empty or equal to the path's)", Tag: "promotions",
			Role: shopmind.RoleWrite, Request: shopmind.Promotion{}, Response: shopmind.Promotion{}, Handler: s.handlePutPromotion},
		{Method: "DELETE", Pattern: "/v1/promotions/{id}", Summary: "Delete a promotion", Tag: "promotions",
			Role: shopmind.RoleWrite, Status: http.StatusNoContent, Handler: s.handleDeletePromotion},
	}
}

func (s *Server) handlePromotions(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.PromotionFilter{Kind: shopmind.PromotionKind(q.String("kind")), After: q.String("after"), Limit: q.Limit()}
	var err error
	if f.From, err = shopmind.ParseDay("from", q.String("from")); err != nil {
		s.Error(w, r, err)
		return
	}
	if f.To, err = shopmind.ParseDay("to", q.String("to")); err != nil {
		s.Error(w, r, err)
		return
	}
	if f.Kind != "" && f.Kind != shopmind.KindPromotion && f.Kind != shopmind.KindHoliday {
		q.fail("kind", "kind must be promotion or holiday, not %q", f.Kind)
	}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	ps, next, err := s.promotions.Promotions(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, PromotionList{Promotions: nonNil(ps), Next: next})
}

func (s *Server) handlePromotion(w http.ResponseWriter, r *http.Request) {
	p, err := s.promotions.Promotion(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, p)
}

func (s *Server) handlePutPromotion(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := decodeOne[shopmind.Promotion](s, w, r, "id", id, func(p *shopmind.Promotion) *string { return &p.ID })
	if err == nil {
		err = s.checkPromotionTargets(r.Context(), p, "")
	}
	if err == nil {
		err = s.promotions.UpsertPromotions(r.Context(), []*shopmind.Promotion{p})
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	stored, err := s.promotions.Promotion(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, stored)
}

func (s *Server) handleUpsertPromotions(w http.ResponseWriter, r *http.Request) {
	ps, err := decodeBatch[shopmind.Promotion](s, w, r, "promotions", maxBatch)
	for i := 0; err == nil && i < len(ps); i++ {
		err = s.checkPromotionTargets(r.Context(), ps[i], fmt.Sprintf("promotions[%d].", i))
	}
	if err == nil && len(ps) > 0 {
		err = s.promotions.UpsertPromotions(r.Context(), ps)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, Upserted{Upserted: len(ps)})
}

// checkPromotionTargets returns EINVALID naming the field (after prefix)
// of an item id that is not in the catalog, or a category no item is in:
// a typo there would silently leave demand unexplained.
func (s *Server) checkPromotionTargets(ctx context.Context, p *shopmind.Promotion, prefix string) error {
	for i, id := range p.ItemIDs {
		if _, err := s.promotions.Item(ctx, id); shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			return shopmind.FieldErrorf(fmt.Sprintf("%sitem_ids[%d]", prefix, i), "item %q does not exist", id)
		} else if err != nil {
			return err
		}
	}
	for i, c := range p.Categories {
		items, _, err := s.promotions.Items(ctx, shopmind.ItemFilter{Category: &c, Limit: 1})
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return shopmind.FieldErrorf(fmt.Sprintf("%scategories[%d]", prefix, i), "no item is in category %q", c)
		}
	}
	return nil
}

func (s *Server) handleDeletePromotion(w http.ResponseWriter, r *http.Request) {
	if err := s.promotions.DeletePromotion(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// HandleFairness registers the fairness and transparency routes on svc:
// the exposure report and model cards.
func (s *Server) HandleFairness(svc shopmind.FairnessService) {
	for _, r := range []Route{
		{Method: "GET", Pattern: "/v1/reports/fairness", Tag: "reports",
			Summary: "Fairness and transparency report: exposure of items, brands and price bands in served recommendations against their catalog share (Gini, coverage, popularity bias), quality by user group, and every model's card",
			Role:    shopmind.RoleRead, Response: shopmind.FairnessReport{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				rep, err := svc.FairnessReport(r.Context())
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, rep)
			}},
		{Method: "GET", Pattern: "/v1/models/{id}/card", Tag: "models",
			Summary: "Model card of the served version of a model: purpose, inputs, data window, sizes, metrics, quality by user group; id is the name with \"/\" written as \".\", e.g. recommend.hybrid",
			Role:    shopmind.RoleRead, Response: shopmind.ModelCard{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				c, err := svc.ModelCard(r.Context(), r.PathValue("id"))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, c)
			}},
	} {
		s.Handle(r)
	}
}

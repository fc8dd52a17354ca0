package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// ModelList is the body of GET /v1/models.
type ModelList struct {
	Models []*shopmind.Model `json:"models"`
}

func (s *Server) modelRoutes() []Route {
	return []Route{{
		Method: "GET", Pattern: "/v1/models", Summary: "Trained models (metadata only): the newest version of each, or every version of name", Tag: "models",
		Role: shopmind.RoleRead, Response: ModelList{}, Handler: s.handleModels,
		Params: []Param{{Name: "name", In: "query", Description: "list every version of this model"}},
	}}
}

func (s *Server) handleModels(w http.ResponseWriter, r *http.Request) {
	models, err := s.models.Models(r.Context(), r.URL.Query().Get("name"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, m := range models {
		m.Data = nil // never sent (json:"-"), and not kept alive either
	}
	WriteJSON(w, http.StatusOK, ModelList{Models: nonNil(models)})
}

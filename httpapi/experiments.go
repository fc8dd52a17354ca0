package httpapi

import (
	"context"
	"net/http"

	"github.com/shopmind/shopmind"
)

// ExperimentList is the answer of GET /v1/experiments.
type ExperimentList struct {
	Experiments []*shopmind.Experiment `json:"experiments"`
}

// ExposureList is a page of an experiment's exposures.
type ExposureList struct {
	Exposures []*shopmind.Exposure `json:"exposures"`
	Next      string               `json:"next"` // cursor of the next page; "" on the last page
}

// AssignmentResponse is the answer of GET /v1/assignment: the variant the
// user gets, or assigned false when no experiment runs on the surface.
type AssignmentResponse struct {
	Assigned   bool                 `json:"assigned"`
	Assignment *shopmind.Assignment `json:"assignment,omitempty"`
}

// HandleExperiments mounts the A/B testing routes over x: create, list,
// start, stop and delete experiments (admin), assign users and log
// exposures (for clients that serve their own results), and read results.
func (s *Server) HandleExperiments(x shopmind.Experiments) {
	for _, rt := range []Route{
		{Method: "GET", Pattern: "/v1/experiments", Summary: "List experiments in id order", Tag: "experiments",
			Role: shopmind.RoleRead, Response: ExperimentList{}, Handler: s.handleExperiments, Params: []Param{
				{Name: "status", In: "query", Description: "draft, running or stopped"},
				{Name: "surface", In: "query"},
			}},
		{Method: "POST", Pattern: "/v1/experiments", Tag: "experiments",
			Summary: "Create an experiment (a draft, or running when status is running); shares must sum to 1, one running experiment per surface, a variant's model must be one serve can serve (400 naming `variants[i].config.model`)",
			Role:    shopmind.RoleAdmin, Request: shopmind.Experiment{}, Response: shopmind.Experiment{}, Status: http.StatusCreated,
			Audit: shopmind.AuditExperimentCreate,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var e shopmind.Experiment
				if err := s.DecodeJSON(w, r, &e); err != nil {
					s.Error(w, r, err)
					return
				}
				if e.ID != "" {
					SetAudit(r, shopmind.AuditExperimentCreate, "experiment/"+e.ID, "")
				}
				if err := x.Create(r.Context(), &e); err != nil {
					s.Error(w, r, err)
					return
				}
				SetAudit(r, shopmind.AuditExperimentCreate, "experiment/"+e.ID, "status "+string(e.Status))
				WriteJSON(w, http.StatusCreated, &e)
			}},
		{Method: "GET", Pattern: "/v1/experiments/{id}", Summary: "Get an experiment", Tag: "experiments",
			Role: shopmind.RoleRead, Response: shopmind.Experiment{}, Handler: func(w http.ResponseWriter, r *http.Request) {
				e, err := s.experiments.Experiment(r.Context(), r.PathValue("id"))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, e)
			}},
		{Method: "DELETE", Pattern: "/v1/experiments/{id}", Summary: "Delete an experiment and its exposures", Tag: "experiments",
			Role: shopmind.RoleAdmin, Status: http.StatusNoContent, Audit: shopmind.AuditExperimentDelete, AuditTarget: "experiment", Handler: func(w http.ResponseWriter, r *http.Request) {
				if err := s.experiments.DeleteExperiment(r.Context(), r.PathValue("id")); err != nil {
					s.Error(w, r, err)
					return
				}
				w.WriteHeader(http.StatusNoContent)
			}},
		{Method: "POST", Pattern: "/v1/experiments/{id}/start", Summary: "Start a draft experiment (it needs a horizon, and its variants' models trained: 409 naming the variant until then)", Tag: "experiments",
			Role: shopmind.RoleAdmin, Response: shopmind.Experiment{}, Handler: s.experimentAction(x.Start),
			Audit: shopmind.AuditExperimentStart, AuditTarget: "experiment"},
		{Method: "POST", Pattern: "/v1/experiments/{id}/stop", Summary: "Stop a running experiment", Tag: "experiments",
			Role: shopmind.RoleAdmin, Response: shopmind.Experiment{}, Handler: s.experimentAction(x.Stop),
			Audit: shopmind.AuditExperimentStop, AuditTarget: "experiment"},
		{Method: "GET", Pattern: "/v1/experiments/{id}/results", Tag: "experiments",
			Summary: "Per-variant exposures, click-through, conversion and revenue per user with intervals, and tests against the control",
			Role:    shopmind.RoleRead, Response: shopmind.ExperimentResults{}, Handler: func(w http.ResponseWriter, r *http.Request) {
				res, err := x.Results(r.Context(), r.PathValue("id"))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, res)
			}},
		{Method: "GET", Pattern: "/v1/experiments/{id}/exposures", Summary: "List an experiment's exposures in time order", Tag: "experiments",
			Role: shopmind.RoleRead, Response: ExposureList{}, Handler: s.handleExposures,
			Params: []Param{{Name: "user_id", In: "query"}, paramAfter, paramLimit}},
		{Method: "POST", Pattern: "/v1/experiments/{id}/exposures", Tag: "experiments",
			Summary: "Log that a variant's result was served to a user (time defaults to now, recommendation_id to a new id)",
			Role:    shopmind.RoleWrite, Request: shopmind.Exposure{}, Response: shopmind.Exposure{}, Status: http.StatusCreated,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var e shopmind.Exposure
				if err := s.DecodeJSON(w, r, &e); err != nil {
					s.Error(w, r, err)
					return
				}
				id := r.PathValue("id")
				if e.ExperimentID != "" && e.ExperimentID != id {
					s.Error(w, r, shopmind.FieldErrorf("experiment_id", "experiment_id %q differs from the path's %q", e.ExperimentID, id))
					return
				}
				e.ExperimentID = id
				if err := x.LogExposure(r.Context(), &e); err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusCreated, &e)
			}},
		{Method: "GET", Pattern: "/v1/assignment", Summary: "The variant a user gets on a surface, if an experiment runs there", Tag: "experiments",
			Role: shopmind.RoleRead, Response: AssignmentResponse{}, Params: []Param{
				{Name: "surface", In: "query", Required: true, Description: "e.g. home (same as user), item (same as product, similar), also_bought, popular, or a surface the client serves"},
				{Name: "user_id", In: "query", Required: true},
			}, Handler: func(w http.ResponseWriter, r *http.Request) {
				q := newQuery(r.URL)
				a, err := x.Assign(r.Context(), q.String("surface"), q.String("user_id"))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				WriteJSON(w, http.StatusOK, AssignmentResponse{Assigned: a != nil, Assignment: a})
			}},
	} {
		s.Handle(rt)
	}
}

func (s *Server) experimentAction(act func(ctx context.Context, id string) (*shopmind.Experiment, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		e, err := act(r.Context(), r.PathValue("id"))
		if err != nil {
			s.Error(w, r, err)
			return
		}
		WriteJSON(w, http.StatusOK, e)
	}
}

func (s *Server) handleExperiments(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.ExperimentFilter{Status: shopmind.ExperimentStatus(q.String("status")), Surface: q.String("surface")}
	if f.Status != "" && !f.Status.Valid() {
		s.Error(w, r, shopmind.FieldErrorf("status", "status %q is not one of draft, running, stopped", f.Status))
		return
	}
	list, err := s.experiments.Experiments(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, ExperimentList{Experiments: nonNil(list)})
}

func (s *Server) handleExposures(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.ExposureFilter{ExperimentID: r.PathValue("id"), UserID: q.String("user_id"), After: q.String("after"), Limit: q.Limit()}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	if _, err := s.experiments.Experiment(r.Context(), f.ExperimentID); err != nil {
		s.Error(w, r, err)
		return
	}
	xs, next, err := s.experiments.Exposures(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, ExposureList{Exposures: nonNil(xs), Next: next})
}

package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shopmind/shopmind"
)

// Status is the body of /healthz and /readyz.
type Status struct {
	Status  string `json:"status"`            // "ok" or "ready"
	Version string `json:"version,omitempty"` // server version
	// Cluster is this node's place among the serve processes sharing the
	// store (/readyz only): its name and whether it leads the training.
	Cluster *shopmind.NodeStatus `json:"cluster,omitempty"`
}

// readyTimeout bounds the store ping of /readyz.
const readyTimeout = 2 * time.Second

func (s *Server) healthRoutes() []Route {
	metrics := promhttp.HandlerFor(s.opts.Registry, promhttp.HandlerOpts{Registry: s.opts.Registry})
	return []Route{
		{Method: "GET", Pattern: "/healthz", Summary: "Liveness: the process is serving", Tag: "health",
			Response: Status{}, Handler: func(w http.ResponseWriter, r *http.Request) {
				WriteJSON(w, http.StatusOK, Status{Status: "ok", Version: s.opts.Version})
			}},
		{Method: "GET", Pattern: "/readyz", Summary: "Readiness: the store answers and takes writes (503 with the reason otherwise)", Tag: "health",
			Response: Status{}, Handler: s.handleReady},
		{Method: "GET", Pattern: "/metrics", Summary: "Prometheus metrics in the text exposition format", Tag: "health",
			Role: shopmind.RoleRead, Response: Binary{ContentTypes: []string{"text/plain"}}, Handler: metrics.ServeHTTP},
		{Method: "GET", Pattern: "/openapi.json", Summary: "This OpenAPI 3.1 document", Tag: "health",
			Role: shopmind.RoleRead, Response: Binary{ContentTypes: []string{"application/json"}}, Handler: s.handleOpenAPI},
	}
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.health.Ping(ctx); err != nil {
		s.log.Warn("store ping failed", "error", err.Error())
		s.Error(w, r, shopmind.Errorf(shopmind.EUNAVAILABLE, "the store is not reachable"))
		return
	}
	if p, ok := s.health.(shopmind.WriteProber); ok {
		if err := p.ProbeWrite(ctx); err != nil {
			s.log.Warn("store write probe failed", "error", err.Error())
			s.Error(w, r, shopmind.Errorf(shopmind.EUNAVAILABLE, "%s", shopmind.ErrorMessage(err)))
			return
		}
	}
	st := Status{Status: "ready", Version: s.opts.Version}
	if s.opts.Node != nil {
		n := s.opts.Node()
		st.Cluster = &n
	}
	WriteJSON(w, http.StatusOK, st)
}

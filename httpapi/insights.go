package httpapi

import (
	"encoding/csv"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/shopmind/shopmind"
)

// CustomerInsightList is a page of customer insights.
type CustomerInsightList struct {
	Customers []*shopmind.CustomerInsight `json:"customers"`
	Total     int                         `json:"total"` // customers matching the filter
}

// HandleInsights registers the /v1/insights routes on svc: segments,
// customers, campaign targets (JSON or CSV), funnel, cohorts and refresh.
func (s *Server) HandleInsights(svc shopmind.InsightsService) {
	h := &insightsHandler{s: s, svc: svc}
	for _, r := range []Route{
		{Method: "GET", Pattern: "/v1/insights/segments", Summary: "RFM segments and behavioural clusters of the customers", Tag: "insights",
			Role: shopmind.RoleRead, Response: shopmind.Segmentation{}, Handler: h.segments},
		{Method: "GET", Pattern: "/v1/insights/customers", Summary: "Customers with RFM scores, segment, cluster, churn risk and propensity", Tag: "insights",
			Role: shopmind.RoleRead, Response: CustomerInsightList{}, Handler: h.customers, Params: []Param{
				{Name: "segment", In: "query", Description: "segment name, e.g. champions or at_risk"},
				{Name: "cluster", In: "query", Type: "integer"},
				{Name: "sort", In: "query", Description: "monetary (default), churn_risk, propensity or recency"},
				{Name: "offset", In: "query", Type: "integer"},
				{Name: "marketable", In: "query", Type: "boolean", Description: "only customers who do not refuse marketing (no_marketing consent); others are listed with no_marketing: true"},
				paramLimit,
			}},
		{Method: "GET", Pattern: "/v1/insights/customers/{id}", Summary: "One customer's insight", Tag: "insights",
			Role: shopmind.RoleRead, Response: shopmind.CustomerInsight{}, Handler: h.customer},
		{Method: "GET", Pattern: "/v1/insights/targets", Summary: "Customers most likely to buy an item or category, with expected uplift; format=csv exports them", Tag: "insights",
			Role: shopmind.RoleRead, Response: shopmind.TargetList{}, Handler: h.targets, Params: []Param{
				{Name: "item", In: "query", Description: "item id (or category)"},
				{Name: "category", In: "query", Description: "category path prefix, \"Shoes/Sneakers\" or \"Shoes › Sneakers\" (or item)"},
				{Name: "limit", In: "query", Type: "integer", Description: "customers to return, 1 to 100000 (default 100)"},
				{Name: "format", In: "query", Description: "json (default) or csv"},
			}},
		{Method: "GET", Pattern: "/v1/insights/funnel", Summary: "View -> cart -> purchase funnel", Tag: "insights",
			Role: shopmind.RoleRead, Response: shopmind.Funnel{}, Handler: h.funnel, Params: []Param{
				{Name: "since", In: "query", Description: "RFC 3339 time or YYYY-MM-DD (default: 30 days before until)"},
				{Name: "until", In: "query", Description: "RFC 3339 time or YYYY-MM-DD, exclusive (default: end of data)"},
				{Name: "category", In: "query"},
				{Name: "item", In: "query"},
				{Name: "unit", In: "query", Description: "user (default) or session"},
			}},
		{Method: "GET", Pattern: "/v1/insights/cohorts", Summary: "Monthly cohorts by first order: retention and revenue", Tag: "insights",
			Role: shopmind.RoleRead, Response: shopmind.Cohorts{}, Handler: h.cohorts, Params: []Param{
				{Name: "months", In: "query", Type: "integer", Description: "cohorts, 1 to 60 (default 12)"},
			}},
		{Method: "POST", Pattern: "/v1/insights/refresh", Summary: "Recompute segments, clusters and scores now", Tag: "insights",
			Role: shopmind.RoleWrite, Response: shopmind.Segmentation{}, Handler: h.refresh},
	} {
		s.Handle(r)
	}
}

type insightsHandler struct {
	s   *Server
	svc shopmind.InsightsService
}

func (h *insightsHandler) segments(w http.ResponseWriter, r *http.Request) {
	seg, err := h.svc.Segmentation(r.Context())
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, seg)
}

func (h *insightsHandler) customers(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.CustomerFilter{Segment: q.String("segment"), Sort: q.String("sort"),
		Offset: q.Int("offset", 0, 0, 1<<30), Limit: q.Limit()}
	if m := q.OptBool("marketable"); m != nil {
		f.Marketable = *m
	}
	if q.String("cluster") != "" {
		c := q.Int("cluster", 0, 0, 1000)
		f.Cluster = &c
	}
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	cs, total, err := h.svc.Customers(r.Context(), f)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, CustomerInsightList{Customers: nonNil(cs), Total: total})
}

func (h *insightsHandler) customer(w http.ResponseWriter, r *http.Request) {
	c, err := h.svc.Customer(r.Context(), r.PathValue("id"))
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, c)
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (h *insightsHandler) targets(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	tq := shopmind.TargetQuery{ItemID: q.String("item"), Category: q.Category("category"),
		Limit: q.Int("limit", shopmind.DefaultLimit, 1, shopmind.MaxTargets)}
	format := q.String("format")
	if format != "" && format != "json" && format != "csv" {
		q.fail("format", "format must be json or csv, not %q", format)
	}
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	tl, err := h.svc.Targets(r.Context(), tq)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	if format != "csv" {
		WriteJSON(w, http.StatusOK, tl)
		return
	}
	name := "targets-" + unsafeFileChars.ReplaceAllString(tq.ItemID+tq.Category, "_") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"user_id", "probability", "uplift", "affinity", "segment"})
	for _, t := range tl.Targets {
		_ = cw.Write([]string{t.UserID, ftoa(t.Probability), ftoa(t.Uplift), ftoa(t.Affinity), t.Segment})
	}
	cw.Flush()
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// dayOrTime parses a YYYY-MM-DD day (UTC midnight) or an RFC 3339 time.
func (q *query) dayOrTime(name string) time.Time {
	if d, err := time.Parse(time.DateOnly, q.String(name)); err == nil {
		return d
	}
	return q.Time(name)
}

func (h *insightsHandler) funnel(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	fq := shopmind.FunnelQuery{Since: q.dayOrTime("since"), Until: q.dayOrTime("until"),
		Category: q.Category("category"), ItemID: q.String("item"), Unit: q.String("unit")}
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	f, err := h.svc.Funnel(r.Context(), fq)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, f)
}

func (h *insightsHandler) cohorts(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	cq := shopmind.CohortQuery{Months: q.Int("months", 12, 1, 60)}
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	c, err := h.svc.Cohorts(r.Context(), cq)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, c)
}

func (h *insightsHandler) refresh(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Refresh(r.Context()); err != nil {
		h.s.Error(w, r, err)
		return
	}
	h.segments(w, r)
}

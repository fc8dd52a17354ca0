package httpapi

import (
	"errors"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus collectors.
type metrics struct {
	requests *prometheus.CounterVec   // by route pattern and status
	duration *prometheus.HistogramVec // seconds, by route pattern and status
	events   *prometheus.CounterVec   // events received, by result: stored or duplicate
}

// newMetrics registers the server's collectors, and the Go and process
// collectors, on reg. Collectors that reg already holds (a second server on
// one registry) are reused.
func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shopmind_http_requests_total",
			Help: "HTTP requests served, by route pattern and status code.",
		}, []string{"route", "status"})),
		duration: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "shopmind_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by route pattern and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "status"})),
		events: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shopmind_events_ingested_total",
			Help: "Events received through the API, by result: stored (new) or duplicate (already stored).",
		}, []string{"result"})),
	}
	register(reg, collectors.NewGoCollector())
	register(reg, collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// register registers c on reg, or returns the equal collector reg holds.
func register[C prometheus.Collector](reg *prometheus.Registry, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
			return c
		}
		panic("httpapi: register metrics: " + err.Error())
	}
	return c
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, code).Inc()
	m.duration.WithLabelValues(route, code).Observe(d.Seconds())
}

func (m *metrics) ingested(stored, duplicate int) {
	m.events.WithLabelValues("stored").Add(float64(stored))
	m.events.WithLabelValues("duplicate").Add(float64(duplicate))
}

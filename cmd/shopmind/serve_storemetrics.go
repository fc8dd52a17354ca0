package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
	recserve "github.com/shopmind/shopmind/recommend/serve"
	"github.com/shopmind/shopmind/store/sqlite"
)

// registerStoreMetrics adds the SQLite store's group-commit counters to
// reg: how many transactions committed how many AddEvents calls (their
// ratio is the mean group size, docs/operations.md). Other stores add
// nothing.
func registerStoreMetrics(reg *prometheus.Registry, store shopmind.Store) {
	db, ok := store.(*sqlite.DB)
	if !ok {
		return
	}
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "shopmind_sqlite_group_commits_total",
			Help: "Transactions that committed event writes of API requests (one fsync each with synchronous=full)."},
			func() float64 { return float64(db.GroupCommitStats().Commits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "shopmind_sqlite_group_commit_calls_total",
			Help: "Event writes of API requests committed by those transactions."},
			func() float64 { return float64(db.GroupCommitStats().Calls) }),
	)
}

// registerTailMetrics exports where recommendation requests found the
// events since training (tail may be nil: nothing is registered).
func registerTailMetrics(reg *prometheus.Registry, tail *recserve.Tail) {
	if tail == nil {
		return
	}
	for _, src := range []struct {
		name string
		n    func(recserve.TailStats) int64
	}{{"memory", func(s recserve.TailStats) int64 { return s.Memory }}, {"store", func(s recserve.TailStats) int64 { return s.Store }}} {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "shopmind_recommend_recent_events_total",
			Help: "Recommendation requests by where they found the user's events since training: memory (serve's tail) or store.", ConstLabels: prometheus.Labels{"source": src.name}},
			func() float64 { return float64(src.n(tail.Stats())) }))
	}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "shopmind_recommend_recent_events_held",
		Help: "Events since the served models' training that serve holds in memory (0 while it is not complete)."},
		func() float64 { return float64(tail.Stats().Held) }))
}

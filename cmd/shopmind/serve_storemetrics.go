package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
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

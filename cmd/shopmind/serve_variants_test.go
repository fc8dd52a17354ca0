package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	recserve "github.com/shopmind/shopmind/recommend/serve"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestVariantsFollowConfig checks that every experiment variant's model
// family is trained with the served model's settings, the events' allowed
// future skew included.
func TestVariantsFollowConfig(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg := DefaultConfig()
	cfg.Events.FutureSkew = Duration{2 * time.Hour}
	cfg.Recommend.HistoryLimit = 77
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	b := base{cfg: cfg, store: db, logger: logger, jobs: &jobs{}, cluster: newCluster(db, "test", logger)}
	def := recserve.NewService(db, cfg.recommendConfig())
	def.Logger = logger
	v := newVariants(ctx, b, def)
	if len(v.Others()) == 0 {
		t.Fatal("no other families")
	}
	for _, svc := range v.Others() {
		if svc.Config.EventSkew != 2*time.Hour || svc.Config.HistoryLimit != 77 {
			t.Errorf("%s: event skew %s, history limit %d; want 2h and 77 as configured", svc.Config.Model, svc.Config.EventSkew, svc.Config.HistoryLimit)
		}
	}
}

package main

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/overview"
)

// overviewRefresh is how often serve recomputes the overview the console
// shows first (the last 30 days), so that the owner does not wait for it;
// an overview is reused for a minute more than that.
const overviewRefresh = 5 * time.Minute

// startOverview builds the shop owner's overview (GET /v1/reports/overview)
// over the store and the services of the capabilities built before it (a
// nil service shows as unavailable in its section), and recomputes the
// default period every overviewRefresh once the startup models are done.
func startOverview(ctx context.Context, b base, ins shopmind.InsightsService, sup shopmind.SupplyService, reviews shopmind.ReviewInsights, vis shopmind.Vision) *overview.Service {
	svc := &overview.Service{Store: b.store, Insights: ins, Supply: sup, Reviews: reviews, Vision: vis, Now: time.Now,
		MaxAge: overviewRefresh + time.Minute}
	log := b.logger.With("capability", "overview")
	b.jobs.Go(func() {
		if b.jobs.afterStartup(ctx) != nil {
			return
		}
		refreshLoop(ctx, log, "overview", overviewRefresh, svc.Refresh)
	})
	return svc
}

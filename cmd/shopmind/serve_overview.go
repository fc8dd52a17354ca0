package main

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/overview"
)

// overviewRefresh is how often serve recomputes the overview the console
// shows first (the last 30 days), so that it is ready when the owner looks;
// an overview is served as computed for a minute more than that before a
// request has it computed again in the background.
const overviewRefresh = 5 * time.Minute

// startOverview builds the shop owner's overview (GET /v1/reports/overview)
// over the store and the services of the capabilities built before it (a
// nil service shows as unavailable in its section), and recomputes the
// default period every overviewRefresh once the startup models are done.
// Other periods are computed in the background when asked (the request
// gets 503 with the progress until then), in ctx: serve waits for that
// computation to end before it closes the store.
func startOverview(ctx context.Context, b base, ins shopmind.InsightsService, sup shopmind.SupplyService, reviews shopmind.ReviewInsights, vis shopmind.Vision) *overview.Service {
	svc := &overview.Service{Store: b.store, Insights: ins, Supply: sup, Reviews: reviews, Vision: vis, Now: time.Now,
		MaxAge: overviewRefresh + time.Minute, Context: ctx}
	b.jobs.Go(func() {
		<-ctx.Done()
		svc.Close()
	})
	log := b.logger.With("capability", "overview")
	b.jobs.Go(func() {
		if b.jobs.afterStartup(ctx) != nil {
			return
		}
		refreshLoop(ctx, log, "overview", overviewRefresh, svc.Refresh)
	})
	return svc
}

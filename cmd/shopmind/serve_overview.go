package main

import (
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/overview"
)

// newOverview builds the shop owner's overview (GET /v1/reports/overview)
// over the store and the services of the capabilities built before it; a
// nil service shows as unavailable in its section.
func newOverview(b base, ins shopmind.InsightsService, sup shopmind.SupplyService, reviews shopmind.ReviewInsights, vis shopmind.Vision) *overview.Service {
	return &overview.Service{Store: b.store, Insights: ins, Supply: sup, Reviews: reviews, Vision: vis, Now: time.Now}
}

package main

import (
	"context"
	"time"

	"github.com/shopmind/shopmind/overview"
)

// wireOverview mounts the shop owner's overview (GET /v1/reports/overview)
// over the store and the services the capabilities wired before it; a
// capability that is not wired shows as unavailable in its section.
func wireOverview(_ context.Context, w *wiring) error {
	svc := &overview.Service{Store: w.store, Supply: w.supply, Reviews: w.reviews, Vision: w.vision, Now: time.Now}
	if ins := w.insights.Load(); ins != nil {
		svc.Insights = ins
	}
	w.srv.HandleOverview(svc)
	return nil
}

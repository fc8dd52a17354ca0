package main

import (
	"context"

	"github.com/shopmind/shopmind/experiment"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

var _ experiment.Models = (*recserve.Variants)(nil)

// newVariants returns the recommendation models experiment variants name
// (recserve.Variants): def serves the configured model; every other family
// gets a service on the same store and [recommend] settings, following the
// cluster's leader, whose training waits for serve's startup and runs as a
// heavy job (serve_background.go).
func newVariants(ctx context.Context, b base, def *recserve.Service) *recserve.Variants {
	v := recserve.NewVariants(ctx, b.store, def, func(name string) *recserve.Service {
		sc := b.cfg.recommendConfig() // the events' skew too, as the served model
		sc.Model = name
		sc.PollEvery = def.Config.PollEvery
		svc := recserve.NewService(b.paced(), sc)
		svc.Logger = def.Logger.With("variant_model", name)
		svc.Background = def.Background
		svc.Tail = def.Tail
		svc.TrainOutside = def.TrainOutside
		b.followLeader(svc)
		return svc
	})
	v.AfterStartup = b.jobs.afterStartup
	v.Go = b.jobs.Go
	v.Exclusive = exclusiveOn(b.store)
	return v
}

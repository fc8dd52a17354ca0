package main

import (
	"context"

	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/recommend"
)

var _ experiment.Models = (*recommend.Variants)(nil)

// newVariants returns the recommendation models experiment variants name
// (recommend.Variants): def serves the configured model; every other family
// gets a service on the same store and [recommend] settings, following the
// cluster's leader, whose training waits for serve's startup and runs as a
// heavy job (serve_background.go).
func newVariants(ctx context.Context, b base, def *recommend.Service) *recommend.Variants {
	v := recommend.NewVariants(ctx, b.store, def, func(name string) *recommend.Service {
		sc := b.cfg.recommendConfig() // the events' skew too, as the served model
		sc.Model = name
		sc.PollEvery = def.Config.PollEvery
		svc := recommend.NewService(b.paced(), sc)
		svc.Logger = def.Logger.With("variant_model", name)
		svc.Background = def.Background
		b.followLeader(svc)
		return svc
	})
	v.AfterStartup = b.jobs.afterStartup
	v.Go = b.jobs.Go
	v.Exclusive = exclusiveOn(b.store)
	return v
}

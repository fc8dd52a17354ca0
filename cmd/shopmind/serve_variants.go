package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/recommend"
)

// variantModels serves the recommendation models experiment variants name
// (experiment.Models): one recommend.Service per model family, on the same
// store and [recommend] settings as the served model, started the first
// time an experiment names the family. A started family loads its newest
// stored version, or trains one in the background (one heavy job at a
// time, after the served model is up) and saves it as a version like
// "shopmind train recommend" does; then it is reloaded and retrained like
// the served model. The configured model is the served model itself.
type variantModels struct {
	ctx      context.Context // serve's background context
	b        base
	def      string                        // the configured model, served by services[def]
	services map[string]*recommend.Service // every family, by name
	// forgetters are the families' services other than def, which
	// erasure reaches too.
	forgetters []shopmind.Forgetter

	mu    sync.Mutex
	state map[string]string // started families: what they are doing, for people
}

var _ experiment.Models = (*variantModels)(nil)

// newVariantModels returns the families' services; def serves cfg's model.
func newVariantModels(ctx context.Context, b base, def *recommend.Service) *variantModels {
	v := &variantModels{ctx: ctx, b: b, def: def.Config.Model, services: map[string]*recommend.Service{}, state: map[string]string{}}
	for _, name := range recommend.Names() {
		if name == v.def {
			v.services[name] = def
			continue
		}
		sc := b.cfg.Recommend.serviceConfig()
		sc.Model = name
		sc.PollEvery = def.Config.PollEvery
		svc := recommend.NewService(b.paced(), sc)
		svc.Logger = def.Logger.With("variant_model", name)
		svc.Background = def.Background
		b.followLeader(svc)
		v.services[name] = svc
		v.forgetters = append(v.forgetters, svc) // erasure reaches every family's models
	}
	return v
}

// recommenders returns every family's recommender, for experiment.Recommender.
func (v *variantModels) recommenders() map[string]shopmind.Recommender {
	out := map[string]shopmind.Recommender{}
	for name, svc := range v.services {
		out[name] = svc
	}
	return out
}

// Names implements experiment.Models: every model family.
func (v *variantModels) Names() []string { return recommend.Names() }

// Prepare implements experiment.Models.
func (v *variantModels) Prepare(model string) (bool, string) {
	svc := v.services[model]
	if svc == nil {
		return false, "no such model"
	}
	if svc.Current() != nil {
		return true, ""
	}
	if model == v.def {
		return false, "it is the served model, which serve is still loading or training"
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if why, ok := v.state[model]; ok {
		return false, why
	}
	v.state[model] = "waiting for serve's startup"
	v.b.jobs.Go(func() { v.run(model, svc) })
	return false, v.state[model]
}

func (v *variantModels) set(model, why string) {
	v.mu.Lock()
	v.state[model] = why
	v.mu.Unlock()
}

// run loads or trains model, then keeps it current until serve stops.
func (v *variantModels) run(model string, svc *recommend.Service) {
	ctx := v.ctx
	if err := v.b.jobs.afterStartup(ctx); err != nil {
		return
	}
	v.set(model, "loading its stored version")
	stored, err := v.b.store.Models(ctx, recommend.ModelPrefix+model)
	if err == nil && len(stored) == 0 {
		v.set(model, fmt.Sprintf("training since %s UTC", time.Now().UTC().Format("15:04:05")))
		// Whichever node an experiment reaches first trains the missing
		// model; the others wait their turn, then find it stored.
		err = v.b.jobs.Heavy(func(ctx context.Context) error {
			return exclusiveOn(v.b.store)(ctx, "model/"+recommend.ModelPrefix+model, func(ctx context.Context) error {
				if stored, err := v.b.store.Models(ctx, recommend.ModelPrefix+model); err != nil || len(stored) > 0 {
					return err
				}
				_, err := svc.Train(ctx, model, nil)
				return err
			})
		})(ctx)
	}
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		svc.Logger.Error("variant model not trained", "error", err)
		v.set(model, "training failed: "+shopmind.ErrorMessage(err)+"; serve retries on its retrain schedule")
	}
	// Run loads the version just saved (or the stored one) and reloads and
	// retrains on the served model's schedule.
	svc.Run(ctx)
}

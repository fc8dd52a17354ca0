package serve

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// Variants serves the recommendation models experiment variants name
// (experiment.Models): one Service per model family, on the same store and
// settings as the served model, started the first time an experiment names
// the family. A started family loads its newest stored version, or trains
// one in the background (as a job of the served model's Background, after
// AfterStartup) and saves it as a version like "shopmind train recommend"
// does; then it is reloaded and retrained like the served model. The served
// model's family is the served model itself.
type Variants struct {
	// AfterStartup blocks until the served model is up, or returns ctx's
	// error; nil does not wait.
	AfterStartup func(ctx context.Context) error
	// Go runs f in the background, to be waited for when ctx ends; nil
	// starts a goroutine.
	Go func(f func())
	// Exclusive runs fn while no other process on the store runs work of
	// the same key (shopmind.Coordinator): whichever node an experiment
	// reaches first trains a missing model. nil runs fn at once.
	Exclusive func(ctx context.Context, key string, fn func(context.Context) error) error

	ctx      context.Context // background work ends with it
	models   shopmind.ModelService
	def      string              // the served model's family, served by services[def]
	services map[string]*Service // every family, by name
	others   []*Service          // the families but def, in Names order

	mu    sync.Mutex
	state map[string]string // started families: what they are doing, for people
}

// NewVariants returns a Variants whose background work runs until ctx ends.
// def is the served model's service; newService returns the service of
// another family, not yet started. models is the store the trained versions
// are saved in.
func NewVariants(ctx context.Context, models shopmind.ModelService, def *Service, newService func(model string) *Service) *Variants {
	v := &Variants{ctx: ctx, models: models, def: def.Config.Model, services: map[string]*Service{}, state: map[string]string{}}
	for _, name := range recommend.Names() {
		if name == v.def {
			v.services[name] = def
			continue
		}
		svc := newService(name)
		v.services[name] = svc
		v.others = append(v.others, svc)
	}
	return v
}

// Recommenders returns every family's recommender, for
// experiment.Recommender.
func (v *Variants) Recommenders() map[string]shopmind.Recommender {
	out := map[string]shopmind.Recommender{}
	for name, svc := range v.services {
		out[name] = svc
	}
	return out
}

// Others returns the services of every family but the served model's, in
// Names order (erasure reaches their models too).
func (v *Variants) Others() []*Service { return v.others }

// Names implements experiment.Models: every model family.
func (v *Variants) Names() []string { return recommend.Names() }

// Prepare implements experiment.Models: it reports whether model is ready
// to serve, and otherwise starts it (once) and says what it is doing.
func (v *Variants) Prepare(model string) (bool, string) {
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
	run := func() { v.run(model, svc) }
	if v.Go != nil {
		v.Go(run)
	} else {
		go run()
	}
	return false, v.state[model]
}

func (v *Variants) set(model, why string) {
	v.mu.Lock()
	v.state[model] = why
	v.mu.Unlock()
}

// run loads or trains model, then keeps it current until v.ctx ends.
func (v *Variants) run(model string, svc *Service) {
	ctx := v.ctx
	if v.AfterStartup != nil {
		if err := v.AfterStartup(ctx); err != nil {
			return
		}
	}
	v.set(model, "loading its stored version")
	stored, err := v.models.Models(ctx, ModelPrefix+model)
	if err == nil && len(stored) == 0 {
		v.set(model, fmt.Sprintf("training since %s UTC", time.Now().UTC().Format("15:04:05")))
		train := func(ctx context.Context) error {
			return v.exclusive(ctx, "model/"+ModelPrefix+model, func(ctx context.Context) error {
				if stored, err := v.models.Models(ctx, ModelPrefix+model); err != nil || len(stored) > 0 {
					return err
				}
				return svc.retrain(ctx) // in a child process where serve has one (TrainOutside)
			})
		}
		if svc.Background != nil {
			err = svc.Background(ctx, train)
		} else {
			err = train(ctx)
		}
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

func (v *Variants) exclusive(ctx context.Context, key string, fn func(context.Context) error) error {
	if v.Exclusive == nil {
		return fn(ctx)
	}
	return v.Exclusive(ctx, key, fn)
}

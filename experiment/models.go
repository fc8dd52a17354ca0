package experiment

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopmind/shopmind"
)

// ModelNone is the variant model that serves nothing: a hold-out.
const ModelNone = "none"

// Models serves the models experiment variants name (Variant.Config
// ["model"]) on the surfaces shopmind serves itself. serve implements it
// over the recommendation engine; the experiment package only asks.
type Models interface {
	// Names lists the models a variant may name, besides ModelNone.
	Names() []string
	// Prepare makes model servable: unless it is served or on its way, it
	// starts loading the stored version or training one in the
	// background. It reports whether model serves now and, when it does
	// not, why, in a sentence for people (e.g. "training since 10:02 UTC").
	Prepare(model string) (ready bool, why string)
}

// variantModel returns the model variant v names, "" for the default.
func variantModel(v shopmind.Variant) string {
	return v.Config["model"]
}

// checkModels refuses variants whose lists could not differ or could not
// be served: a model Models does not name (EINVALID, field
// "variants[i].config.model"), or several variants serving a list on a
// route whose list no model changes (also-bought, popular). Without Models
// only the second check runs.
func (s *Service) checkModels(e *shopmind.Experiment) error {
	route := Route(e.Surface)
	serving := 0
	for i, v := range e.Variants {
		m := variantModel(v)
		field := fmt.Sprintf("variants[%d].config.model", i)
		if m != ModelNone && modelFree(route) {
			if serving++; serving > 1 {
				return shopmind.FieldErrorf(field, "on surface %q every model serves the same list (counts of the same events): "+
					"compare one variant with a hold-out {\"model\": \"none\"}, or compare models on home or item pages", e.Surface)
			}
		}
		if m == "" || m == ModelNone || s.Models == nil {
			continue
		}
		if names := s.Models.Names(); !slices.Contains(names, m) {
			return shopmind.FieldErrorf(field, "variant %q names model %q, which shopmind cannot serve; use one of %s, %s",
				v.Name, m, strings.Join(names, ", "), ModelNone)
		}
	}
	return nil
}

// prepareModels asks Models to make every variant's model servable on a
// surface shopmind serves, and returns an ECONFLICT error naming the first
// variant whose model is not ready when ready is required.
func (s *Service) prepareModels(e *shopmind.Experiment, required bool) error {
	if s.Models == nil || Route(e.Surface) == "" {
		return nil
	}
	var first error
	for i, v := range e.Variants {
		m := variantModel(v)
		if m == "" || m == ModelNone {
			continue
		}
		ready, why := s.Models.Prepare(m)
		if !ready && first == nil && required {
			first = &shopmind.Error{Code: shopmind.ECONFLICT, Field: fmt.Sprintf("variants[%d].config.model", i),
				Message: fmt.Sprintf("variant %q's model %q is not ready (%s); start the experiment once it is, so every variant starts together", v.Name, m, why)}
		}
	}
	return first
}

// PrepareModels asks Models to load or train the models of the draft and
// running experiments in the store; serve calls it when it starts, so a
// running experiment's variants serve their own models again after a
// restart.
func (s *Service) PrepareModels(ctx context.Context) error {
	for _, st := range []shopmind.ExperimentStatus{shopmind.ExperimentRunning, shopmind.ExperimentDraft} {
		list, err := s.Store.Experiments(ctx, shopmind.ExperimentFilter{Status: st})
		if err != nil {
			return fmt.Errorf("prepare experiment models: %w", err)
		}
		for _, e := range list {
			_ = s.prepareModels(e, false)
		}
	}
	return nil
}

package experiment_test

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
)

// fakeModels serves the models in ready; the others of names are training.
type fakeModels struct {
	names    []string
	ready    map[string]bool
	prepared []string
}

func (m *fakeModels) Names() []string { return m.names }

func (m *fakeModels) Prepare(model string) (bool, string) {
	m.prepared = append(m.prepared, model)
	return m.ready[model], "training since 12:00 UTC"
}

func TestModelsChecked(t *testing.T) {
	ctx := context.Background()
	s, _ := setup(t)
	models := &fakeModels{names: []string{"popularity", "ease"}, ready: map[string]bool{"popularity": true}}
	s.Models = models

	t.Run("ErrUnknownModel", func(t *testing.T) {
		e := newExp("typo", "home")
		e.Variants[1].Config["model"] = "eas"
		wantErr(t, s.Create(ctx, e), shopmind.EINVALID, "variants[1].config.model")
	})
	t.Run("ErrTwoModelsOnPopular", func(t *testing.T) {
		// Every model serves the same popular list: the arms could not differ.
		wantErr(t, s.Create(ctx, newExp("pop", "popular")), shopmind.EINVALID, "variants[1].config.model")
		e := newExp("pop", "popular")
		e.Variants[1].Config["model"] = "none"
		if err := s.Create(ctx, e); err != nil {
			t.Fatalf("popularity against a hold-out on popular: %v", err)
		}
	})
	t.Run("ErrRunningBeforeReady", func(t *testing.T) {
		e := newExp("early", "home")
		e.Status = shopmind.ExperimentRunning
		wantErr(t, s.Create(ctx, e), shopmind.ECONFLICT, "variants[1].config.model")
	})
	t.Run("DraftPreparesThenStartsWhenReady", func(t *testing.T) {
		models.prepared = nil
		if err := s.Create(ctx, newExp("home", "home")); err != nil {
			t.Fatal(err)
		}
		if len(models.prepared) != 2 || models.prepared[1] != "ease" {
			t.Fatalf("prepared %v at creation, want popularity and ease", models.prepared)
		}
		_, err := s.Start(ctx, "home")
		wantErr(t, err, shopmind.ECONFLICT, "variants[1].config.model")
		models.ready["ease"] = true
		if _, err := s.Start(ctx, "home"); err != nil {
			t.Fatalf("start once ready: %v", err)
		}
	})
	t.Run("ClientServedSurfaceTrainsNothing", func(t *testing.T) {
		models.prepared = nil
		if err := s.Create(ctx, newExp("mail", "email")); err != nil {
			t.Fatal(err)
		}
		if len(models.prepared) != 0 {
			t.Fatalf("prepared %v for a surface shopmind does not serve", models.prepared)
		}
	})
	t.Run("PrepareStored", func(t *testing.T) {
		models.prepared = nil
		if err := s.PrepareModels(ctx); err != nil {
			t.Fatal(err)
		}
		// home (running), pop (draft: popularity only); not mail's.
		if len(models.prepared) != 3 {
			t.Fatalf("prepared %v for the stored experiments", models.prepared)
		}
	})
}

func TestSurfaceAliases(t *testing.T) {
	for _, tt := range []struct{ surface, route string }{
		{"home", experiment.SurfaceUser}, {"user", experiment.SurfaceUser},
		{"item", experiment.SurfaceSimilar}, {"product", experiment.SurfaceSimilar}, {"similar", experiment.SurfaceSimilar},
		{"also_bought", experiment.SurfaceAlsoBought}, {"popular", experiment.SurfacePopular},
		{"cart", ""}, {"email", ""},
	} {
		if got := experiment.Route(tt.surface); got != tt.route {
			t.Errorf("Route(%q) = %q, want %q", tt.surface, got, tt.route)
		}
	}
	ctx := context.Background()
	s, _ := setup(t)
	a := newExp("a", "home")
	a.Status = shopmind.ExperimentRunning
	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}
	// "user" is the same route as "home": one experiment at a time, and
	// assignment on either finds it.
	b := newExp("b", "user")
	b.Status = shopmind.ExperimentRunning
	wantErr(t, s.Create(ctx, b), shopmind.ECONFLICT, "surface")
	for _, surface := range []string{"home", "user"} {
		if got, err := s.Assign(ctx, surface, "u1"); err != nil || got == nil || got.ExperimentID != "a" {
			t.Fatalf("assign on %s = %+v, %v", surface, got, err)
		}
	}
	if got, err := s.Assign(ctx, "item", "u1"); err != nil || got != nil {
		t.Fatalf("assign on item pages = %+v, %v; want none", got, err)
	}
}

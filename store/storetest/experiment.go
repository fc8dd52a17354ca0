package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// newExperiment returns a valid draft experiment with two variants.
func newExperiment(id, surface string) *shopmind.Experiment {
	return &shopmind.Experiment{
		ID: id, Name: "Test " + id, Surface: surface, Horizon: 1000, AttributionHours: 48, Alpha: 0.05,
		Variants: []shopmind.Variant{
			{Name: "control", Share: 0.5, Config: map[string]string{"model": "popularity"}},
			{Name: "treatment", Share: 0.5, Config: map[string]string{"model": "ease"}},
		},
	}
}

func testExperiments(t *testing.T, open Opener) {
	t.Run("CRUD", func(t *testing.T) {
		s := open(t)
		e := newExperiment("exp-b", "home")
		c := startClock()
		must(t, s.CreateExperiment(ctx(), e))
		c.check(t, "CreatedAt", e.CreatedAt)
		equal(t, "status", e.Status, shopmind.ExperimentDraft)
		equal(t, "control", e.Control, "control")
		got, err := s.Experiment(ctx(), "exp-b")
		must(t, err)
		equal(t, "stored", got, e)

		wantCode(t, s.CreateExperiment(ctx(), newExperiment("exp-b", "cart")), shopmind.ECONFLICT, "")
		must(t, s.CreateExperiment(ctx(), newExperiment("exp-a", "cart")))

		pause()
		started := base
		e.Status, e.StartedAt, e.Horizon = shopmind.ExperimentRunning, &started, 50
		must(t, s.UpdateExperiment(ctx(), e))
		got, err = s.Experiment(ctx(), "exp-b")
		must(t, err)
		equal(t, "started at", *got.StartedAt, stored(base))
		equal(t, "horizon", got.Horizon, 50)
		equal(t, "created kept", got.CreatedAt, e.CreatedAt)
		if !got.UpdatedAt.After(got.CreatedAt) {
			t.Errorf("UpdatedAt %v not after CreatedAt %v", got.UpdatedAt, got.CreatedAt)
		}

		tests := []struct {
			name string
			f    shopmind.ExperimentFilter
			want []string
		}{
			{"All", shopmind.ExperimentFilter{}, []string{"exp-a", "exp-b"}},
			{"Running", shopmind.ExperimentFilter{Status: shopmind.ExperimentRunning}, []string{"exp-b"}},
			{"Surface", shopmind.ExperimentFilter{Surface: "cart"}, []string{"exp-a"}},
			{"None", shopmind.ExperimentFilter{Surface: "cart", Status: shopmind.ExperimentRunning}, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := s.Experiments(ctx(), tt.f)
				must(t, err)
				equal(t, "ids", ids(list), tt.want)
			})
		}

		wantCode(t, s.UpdateExperiment(ctx(), newExperiment("nope", "home")), shopmind.ENOTFOUND, "")
		must(t, s.DeleteExperiment(ctx(), "exp-a"))
		wantCode(t, s.DeleteExperiment(ctx(), "exp-a"), shopmind.ENOTFOUND, "")
		_, err = s.Experiment(ctx(), "exp-a")
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})

	t.Run("Invalid", func(t *testing.T) {
		s := open(t)
		tests := []struct {
			name  string
			edit  func(e *shopmind.Experiment)
			field string
		}{
			{"SharesSum", func(e *shopmind.Experiment) { e.Variants[1].Share = 0.4 }, "variants"},
			{"ZeroShare", func(e *shopmind.Experiment) { e.Variants[1].Share = 0 }, "variants[1].share"},
			{"UnknownControl", func(e *shopmind.Experiment) { e.Control = "nope" }, "control"},
			{"DuplicateVariant", func(e *shopmind.Experiment) { e.Variants[1].Name = "control" }, "variants[1].name"},
			{"OneVariant", func(e *shopmind.Experiment) { e.Variants = e.Variants[:1] }, "variants"},
			{"NoSurface", func(e *shopmind.Experiment) { e.Surface = "" }, "surface"},
			{"Status", func(e *shopmind.Experiment) { e.Status = "paused" }, "status"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newExperiment("x", "home")
				tt.edit(e)
				wantCode(t, s.CreateExperiment(ctx(), e), shopmind.EINVALID, tt.field)
			})
		}
		list, err := s.Experiments(ctx(), shopmind.ExperimentFilter{})
		must(t, err)
		equal(t, "nothing stored", len(list), 0)
	})

	t.Run("Exposures", func(t *testing.T) {
		s := open(t)
		must(t, s.CreateExperiment(ctx(), newExperiment("exp", "home")))
		must(t, s.CreateExperiment(ctx(), newExperiment("other", "cart")))
		var xs []*shopmind.Exposure
		for i := range 7 {
			xs = append(xs, &shopmind.Exposure{RecommendationID: fmt.Sprintf("r%d", i), ExperimentID: "exp",
				Variant: []string{"control", "treatment"}[i%2], UserID: fmt.Sprintf("u%d", i%3),
				ItemIDs: []string{"i1", "i2"}, Time: base.Add(time.Duration(i%4) * time.Minute)})
		}
		n, err := s.AddExposures(ctx(), xs)
		must(t, err)
		equal(t, "added", n, 7)
		n, err = s.AddExposures(ctx(), append(xs[:2:2], &shopmind.Exposure{RecommendationID: "o1", ExperimentID: "other",
			Variant: "control", UserID: "u0", Time: base}))
		must(t, err)
		equal(t, "added again", n, 1)

		all := collect(t, 3, func(after string, limit int) ([]*shopmind.Exposure, string, error) {
			return s.Exposures(ctx(), shopmind.ExposureFilter{ExperimentID: "exp", After: after, Limit: limit})
		})
		var got []string
		for _, x := range all {
			got = append(got, x.RecommendationID)
		}
		// Times are i%4 minutes: r0,r4 at 0; r1,r5 at 1; r2,r6 at 2; r3 at 3.
		equal(t, "order", got, []string{"r0", "r4", "r1", "r5", "r2", "r6", "r3"})
		equal(t, "first", all[0], &shopmind.Exposure{RecommendationID: "r0", ExperimentID: "exp", Variant: "control",
			UserID: "u0", ItemIDs: []string{"i1", "i2"}, Time: stored(base)})

		byUser, _, err := s.Exposures(ctx(), shopmind.ExposureFilter{ExperimentID: "exp", UserID: "u1"})
		must(t, err)
		equal(t, "u1 count", len(byUser), 2) // r1, r4

		_, err = s.AddExposures(ctx(), []*shopmind.Exposure{{RecommendationID: "z", ExperimentID: "missing", Variant: "a", UserID: "u", Time: base}})
		wantCode(t, err, shopmind.ENOTFOUND, "")
		_, err = s.AddExposures(ctx(), []*shopmind.Exposure{{RecommendationID: "z", ExperimentID: "exp", Variant: "a", UserID: "", Time: base}})
		wantCode(t, err, shopmind.EINVALID, "exposures[0].user_id")
		_, _, err = s.Exposures(ctx(), shopmind.ExposureFilter{ExperimentID: "exp", After: "bogus"})
		wantCode(t, err, shopmind.EINVALID, "after")

		must(t, s.DeleteExperiment(ctx(), "exp"))
		left, _, err := s.Exposures(ctx(), shopmind.ExposureFilter{ExperimentID: "exp"})
		must(t, err)
		equal(t, "exposures deleted with experiment", len(left), 0)
		other, _, err := s.Exposures(ctx(), shopmind.ExposureFilter{ExperimentID: "other"})
		must(t, err)
		equal(t, "other kept", len(other), 1)
	})
}

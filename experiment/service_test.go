package experiment_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/store/sqlite"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// setup opens an in-memory store with two items and a service whose clock
// stands at t0.
func setup(t *testing.T) (*experiment.Service, shopmind.Store) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.UpsertItems(context.Background(), []*shopmind.Item{
		{ID: "shoe", Title: "Shoe", Price: 50, Active: true}, {ID: "hat", Title: "Hat", Price: 20, Active: true}}); err != nil {
		t.Fatal(err)
	}
	s := experiment.NewService(db)
	s.Now = func() time.Time { return t0 }
	n := 0
	s.NewID = func() string { n++; return fmt.Sprintf("rec-%d", n) }
	return s, db
}

func newExp(id, surface string) *shopmind.Experiment {
	return &shopmind.Experiment{ID: id, Surface: surface, Horizon: 2, Variants: []shopmind.Variant{
		{Name: "control", Share: 0.5, Config: map[string]string{"model": "popularity"}},
		{Name: "ease", Share: 0.5, Config: map[string]string{"model": "ease"}}}}
}

func wantErr(t *testing.T, err error, code, field string) {
	t.Helper()
	if shopmind.ErrorCode(err) != code || shopmind.ErrorField(err) != field {
		t.Fatalf("error %v: code %q field %q, want %q %q", err, shopmind.ErrorCode(err), shopmind.ErrorField(err), code, field)
	}
}

func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	s, _ := setup(t)
	a := newExp("a", "home")
	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Assign(ctx, "home", "u1"); err != nil || got != nil {
		t.Fatalf("assign with only a draft: %v, %v; want nil", got, err)
	}
	if _, err := s.Start(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	// A second running experiment on the same surface is refused, at
	// creation and at start.
	b := newExp("b", "home")
	b.Status = shopmind.ExperimentRunning
	wantErr(t, s.Create(ctx, b), shopmind.ECONFLICT, "surface")
	b.Status = ""
	if err := s.Create(ctx, b); err != nil {
		t.Fatal(err)
	}
	_, err := s.Start(ctx, "b")
	wantErr(t, err, shopmind.ECONFLICT, "surface")
	_, err = s.Start(ctx, "a")
	wantErr(t, err, shopmind.ECONFLICT, "status")

	// No horizon, no start.
	c := newExp("c", "cart")
	c.Horizon = 0
	if err := s.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	_, err = s.Start(ctx, "c")
	wantErr(t, err, shopmind.EINVALID, "horizon")

	got, err := s.Assign(ctx, "home", "u1")
	if err != nil || got == nil || got.ExperimentID != "a" {
		t.Fatalf("assign = %+v, %v", got, err)
	}
	if got.Variant != experiment.Pick(a, "u1").Name || got.Config["model"] == "" {
		t.Errorf("assignment %+v does not match Pick", got)
	}

	stopped, err := s.Stop(ctx, "a")
	if err != nil || stopped.EndedAt == nil || !stopped.EndedAt.Equal(t0) {
		t.Fatalf("stop = %+v, %v", stopped, err)
	}
	wantErr(t, s.LogExposure(ctx, &shopmind.Exposure{ExperimentID: "a", Variant: got.Variant, UserID: "u1"}), shopmind.ECONFLICT, "experiment_id")
	if _, err := s.Start(ctx, "b"); err != nil {
		t.Fatalf("start b once a stopped: %v", err)
	}
}

func TestCreateInvalid(t *testing.T) {
	ctx := context.Background()
	s, _ := setup(t)
	tests := []struct {
		name  string
		edit  func(*shopmind.Experiment)
		field string
	}{
		{"SharesNotOne", func(e *shopmind.Experiment) { e.Variants[0].Share = 0.7 }, "variants"},
		{"UnknownControl", func(e *shopmind.Experiment) { e.Control = "nope" }, "control"},
		{"CreatedStopped", func(e *shopmind.Experiment) { e.Status = shopmind.ExperimentStopped }, "status"},
		{"BadAlpha", func(e *shopmind.Experiment) { e.Alpha = 0.7 }, "alpha"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newExp("x", "home")
			tt.edit(e)
			wantErr(t, s.Create(ctx, e), shopmind.EINVALID, tt.field)
		})
	}
}

// userIn returns n user ids assigned to variant v of e.
func usersIn(e *shopmind.Experiment, v string, n int) []string {
	var out []string
	for i := 0; len(out) < n; i++ {
		u := fmt.Sprintf("user%d", i)
		if experiment.Pick(e, u).Name == v {
			out = append(out, u)
		}
	}
	return out
}

func TestResultsAttribution(t *testing.T) {
	ctx := context.Background()
	s, db := setup(t)
	e := newExp("exp", "home")
	e.AttributionHours = 24
	e.Status = shopmind.ExperimentRunning
	if err := s.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	ctl, trt := usersIn(e, "control", 2), usersIn(e, "ease", 2)
	log := func(user, variant string, items ...string) string {
		t.Helper()
		x := &shopmind.Exposure{ExperimentID: "exp", Variant: variant, UserID: user, ItemIDs: items}
		if err := s.LogExposure(ctx, x); err != nil {
			t.Fatal(err)
		}
		return x.RecommendationID
	}
	r1 := log(ctl[0], "control", "shoe")
	log(ctl[1], "control", "hat")
	r3 := log(trt[0], "ease", "shoe", "hat")
	r4 := log(trt[1], "ease", "hat")

	// An unknown variant and a variant the user is not assigned to are refused.
	wantErr(t, s.LogExposure(ctx, &shopmind.Exposure{ExperimentID: "exp", Variant: "nope", UserID: ctl[0]}), shopmind.EINVALID, "variant")
	wantErr(t, s.LogExposure(ctx, &shopmind.Exposure{ExperimentID: "exp", Variant: "ease", UserID: ctl[0]}), shopmind.EINVALID, "variant")

	ev := func(user, item string, typ shopmind.EventType, value float64, after time.Duration, rec string) *shopmind.Event {
		return &shopmind.Event{UserID: user, ItemID: item, Type: typ, Value: value, Time: t0.Add(after), RecommendationID: rec}
	}
	events := []*shopmind.Event{
		ev(ctl[0], "shoe", shopmind.EventClick, 0, time.Minute, r1),
		ev(ctl[0], "shoe", shopmind.EventPurchase, 1, 2*time.Minute, r1), // by id: 50
		ev(ctl[1], "hat", shopmind.EventPurchase, 1, 30*time.Hour, ""),   // outside the window
		ev(trt[0], "shoe", shopmind.EventClick, 0, time.Minute, r3),      // click
		ev(trt[0], "shoe", shopmind.EventClick, 0, 2*time.Minute, r3),    // second click, same exposure
		ev(trt[0], "hat", shopmind.EventPurchase, 2, time.Hour, ""),      // view-through: hat was shown, 2 × 20
		ev(trt[0], "shoe", shopmind.EventPurchase, 1, 2*time.Hour, r3),   // by id: 50
		ev(trt[1], "shoe", shopmind.EventPurchase, 1, time.Hour, ""),     // shoe was not shown to trt[1]
		ev(trt[1], "hat", shopmind.EventPurchase, 1, -time.Hour, r4),     // before the exposure
		ev(ctl[1], "shoe", shopmind.EventPurchase, 1, time.Hour, r1),     // someone else's recommendation
		ev(ctl[0], "shoe", shopmind.EventView, 0, time.Minute, r1),       // views are not counted
	}
	for _, e := range events {
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	res, err := s.Results(ctx, "exp")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		users, exposures, clicks, converters, purchases int
		revenue                                         float64
	}
	want := map[string]row{"control": {2, 2, 1, 1, 1, 50}, "ease": {2, 2, 1, 1, 2, 90}}
	for _, v := range res.Variants {
		got := row{v.Users, v.Exposures, v.Clicks, v.Converters, v.Purchases, v.Revenue}
		if got != want[v.Variant] {
			t.Errorf("variant %s: %+v, want %+v", v.Variant, got, want[v.Variant])
		}
	}
	if len(res.Comparisons) != 1 || res.Comparisons[0].Variant != "ease" {
		t.Fatalf("comparisons %+v", res.Comparisons)
	}
	c := res.Comparisons[0]
	if c.Conversion.Test != experiment.NameFisher || c.RevenuePerUser.Test != experiment.NameWelch {
		t.Errorf("tests %q, %q", c.Conversion.Test, c.RevenuePerUser.Test)
	}
	if c.RevenuePerUser.Difference.Value != 20 { // 45 - 25 per user
		t.Errorf("revenue per user difference %v, want 20", c.RevenuePerUser.Difference)
	}
	if !res.Final || res.Variants[1].RevenuePerUser.Value != 45 {
		t.Errorf("final %v (horizon 2 reached), ease revenue per user %v", res.Final, res.Variants[1].RevenuePerUser)
	}
	if c.Significant {
		t.Errorf("2 users per variant called significant")
	}
}

func TestPeekingGuard(t *testing.T) {
	// A large, clear difference before the horizon is reported with its
	// p-value but not called significant; after the horizon it is.
	e := newExp("exp", "home")
	mk := func(users, converters int, variant string) *experiment.Tally {
		t := &experiment.Tally{Variant: variant, UserRevenue: map[string]float64{}, Exposures: users, Converters: converters}
		for i := range users {
			r := 0.0
			if i < converters {
				r = 30
				t.Purchases++
				t.Revenue += r
			}
			t.UserRevenue[fmt.Sprintf("%s%d", variant, i)] = r
		}
		return t
	}
	tallies := []*experiment.Tally{mk(1000, 100, "control"), mk(1000, 160, "ease")}
	for _, tt := range []struct {
		horizon   int
		final     bool
		wantSig   bool
		wantStart string
	}{{5000, false, false, "Provisional"}, {1000, true, true, "Final"}, {0, false, false, "No horizon"}} {
		e.Horizon = tt.horizon
		res := experiment.Report(e, tallies, t0)
		c := res.Comparisons[0]
		if res.Final != tt.final || c.Significant != tt.wantSig {
			t.Errorf("horizon %d: final %v significant %v, want %v %v", tt.horizon, res.Final, c.Significant, tt.final, tt.wantSig)
		}
		if c.Conversion.PValue > 1e-4 || c.Conversion.Test != experiment.NameZ {
			t.Errorf("horizon %d: conversion p %g (%s), want < 1e-4 by z-test", tt.horizon, c.Conversion.PValue, c.Conversion.Test)
		}
		if len(res.Status) < len(tt.wantStart) || res.Status[:len(tt.wantStart)] != tt.wantStart {
			t.Errorf("horizon %d: status %q, want it to start with %q", tt.horizon, res.Status, tt.wantStart)
		}
		if c.Conversion.Relative != 0.6 {
			t.Errorf("relative lift %g, want 0.6", c.Conversion.Relative)
		}
	}
}

package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/httpapi"
)

// TestExperimentsPage runs an experiment through the service (assignment,
// exposures, purchases carrying the recommendation id) and checks that the
// console lists it and shows its per-variant results and lift.
func TestExperimentsPage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	if err := db.UpsertItems(ctx, []*shopmind.Item{{ID: "boot", Title: "Boot", Price: 80, Active: true}}); err != nil {
		t.Fatal(err)
	}
	svc := experiment.NewService(db)
	e := &shopmind.Experiment{ID: "home-recs", Name: "Home page recommender", Surface: "home", Horizon: 20,
		Status: shopmind.ExperimentRunning, Variants: []shopmind.Variant{
			{Name: "popular", Share: 0.5, Config: map[string]string{"model": "popularity"}},
			{Name: "ease", Share: 0.5, Config: map[string]string{"model": "ease"}}}}
	if err := svc.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Add(-time.Hour)
	var events []*shopmind.Event
	for i := range 60 {
		u := fmt.Sprintf("u%02d", i)
		a, err := svc.Assign(ctx, "home", u)
		if err != nil {
			t.Fatal(err)
		}
		x := &shopmind.Exposure{ExperimentID: a.ExperimentID, Variant: a.Variant, UserID: u, ItemIDs: []string{"boot"}, Time: now}
		if err := svc.LogExposure(ctx, x); err != nil {
			t.Fatal(err)
		}
		// ease users buy one time in two, popular ones one time in five.
		if (a.Variant == "ease" && i%2 == 0) || (a.Variant == "popular" && i%5 == 0) {
			ev := &shopmind.Event{UserID: u, ItemID: "boot", Type: shopmind.EventPurchase, Value: 1, Time: now.Add(time.Minute), RecommendationID: x.RecommendationID}
			if err := ev.Validate(); err != nil {
				t.Fatal(err)
			}
			events = append(events, ev)
		}
	}
	if _, err := db.AddEvents(ctx, events); err != nil {
		t.Fatal(err)
	}

	c := serveConsole(t, db, shopmind.RoleRead, "e2e reader", func(srv *httpapi.Server) {
		srv.HandleExperiments(svc)
	})

	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e reader")
	b.do("open experiments", chromedp.Click(chromedp.CSS(`nav a[data-route="experiments"]`)))
	b.waitText("#exp-list", "Home page recommender", "home", "running", "popular 50%", "ease 50%")

	b.do("open the experiment", chromedp.Click(chromedp.CSS(`#exp-list a`)))
	got := b.waitText("#exp-variants", "popular", "ease", "20.00%", "50.00%", "1200.00")
	if n := b.count("#exp-variants tbody tr"); n != 2 {
		t.Errorf("variant table has %d rows, want 2:\n%s", n, got)
	}
	// 30 users per variant passed the horizon of 20: final, and 50% against
	// 20% conversion is significant.
	b.waitText("#exp-status", "final", "horizon of 20 users")
	lift := b.waitText("#exp-lift", "Lift against popular", "ease", "+30.00", "yes")
	if !strings.Contains(lift, "+") {
		t.Errorf("no positive lift shown for ease:\n%s", lift)
	}
	if n := b.count("#exp-lift svg g.lift circle"); n != 1 {
		t.Errorf("lift chart has %d points, want 1", n)
	}
	shot(b, "experiments")

	t.Log("an unknown experiment shows the API's error")
	b.open("#/experiments/nope")
	b.waitText(".error", "not found")
}

// trainingModels is an experiment.Models whose "ease" is ready only once
// ready is set; "popularity" always is.
type trainingModels struct{ ready atomic.Bool }

func (m *trainingModels) Names() []string { return []string{"popularity", "ease"} }

func (m *trainingModels) Prepare(model string) (bool, string) {
	if model == "ease" && !m.ready.Load() {
		return false, "training since 12:00:00 UTC"
	}
	return true, ""
}

// TestExperimentsCreateStartStop creates an experiment in the console,
// sees a refused model named at its field, starts it (refused while a
// variant's model trains, then accepted) and stops it.
func TestExperimentsCreateStartStop(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	svc := experiment.NewService(db)
	models := &trainingModels{}
	svc.Models = models
	c := serveConsole(t, db, shopmind.RoleAdmin, "e2e owner", func(srv *httpapi.Server) {
		srv.HandleExperiments(svc)
	})

	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e owner")
	b.open("#/experiments")
	b.waitText("#exp-new", "Surface", "Horizon")
	b.do("fill in the experiment",
		chromedp.SendKeys(chromedp.CSS("#exp-id"), "pdp-models"),
		chromedp.SendKeys(chromedp.CSS("#exp-name"), "Popularity vs EASE on item pages"),
		chromedp.SetValue(chromedp.CSS("#exp-surface"), "item"),
		chromedp.SetValue(chromedp.CSS("#exp-horizon"), "200"),
		chromedp.SetValue(chromedp.CSS(`#exp-variant-rows tr:nth-child(2) .v-model`), "eas"),
		chromedp.Click(chromedp.CSS("#exp-create")))
	b.waitText("#exp-new-error", "not created", `model "eas"`, "cannot serve", "variants[1].config.model")
	if n := b.count(`#exp-variant-rows tr:nth-child(2) .v-model[aria-invalid="true"]`); n != 1 {
		t.Errorf("the refused model's input is not marked invalid")
	}
	shot(b, "experiment-refused")
	if _, err := db.Experiment(ctx, "pdp-models"); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Fatalf("refused experiment stored: %v", err)
	}

	b.do("fix the model", chromedp.SetValue(chromedp.CSS(`#exp-variant-rows tr:nth-child(2) .v-model`), "ease"),
		chromedp.Click(chromedp.CSS("#exp-create")))
	b.waitText("#exp-actions", "Start experiment")
	b.waitText("main", "Popularity vs EASE on item pages", "draft", "popular 50%: popularity", "ease 50%: ease")

	t.Log("starting while EASE trains is refused, naming the variant")
	b.do("start", chromedp.Click(chromedp.CSS("#exp-start")))
	b.waitText("#exp-action-error", "did not start", "not ready", "training since", "variants[1].config.model")
	models.ready.Store(true)
	b.do("start again", chromedp.Click(chromedp.CSS("#exp-start")))
	b.waitText("#exp-actions", "Stop experiment")
	if e, err := db.Experiment(ctx, "pdp-models"); err != nil || e.Status != shopmind.ExperimentRunning || e.Surface != "item" || e.Horizon != 200 {
		t.Fatalf("after start: %+v, %v", e, err)
	}
	shot(b, "experiment-running")

	b.do("stop", chromedp.Click(chromedp.CSS("#exp-stop")))
	b.waitText("main", "stopped")
	if n := b.count("#exp-actions"); n != 0 {
		t.Errorf("a stopped experiment still offers an action")
	}
	if e, err := db.Experiment(ctx, "pdp-models"); err != nil || e.Status != shopmind.ExperimentStopped {
		t.Fatalf("after stop: %+v, %v", e, err)
	}
	b.open("#/experiments")
	b.waitText("#exp-list", "Popularity vs EASE on item pages", "stopped")
}

package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/fairness"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/recommend/serve"
)

// TestFairnessPage trains a hybrid model on a generated shop (evaluated by
// user group, with RFM segments), serves 40 users' lists through the
// counting wrapper, and checks what a person sees on the Fairness page: the
// coverage and Gini the API reports, the price bands and brands, quality by
// group with segments, and the model card with what it uses.
func TestFairnessPage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 120, Users: 300, Days: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	svc := serve.NewService(db, serve.ServiceConfig{})
	svc.Segments = func(ctx context.Context) (map[string]string, error) {
		h, err := insights.NewService(db).Load(ctx)
		if err != nil {
			return nil, err
		}
		cs, _ := insights.ComputeRFM(h, h.End)
		seg := map[string]string{}
		for _, c := range cs {
			seg[c.UserID] = c.Segment
		}
		return seg, nil
	}
	m, err := svc.Train(ctx, "hybrid", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Swap(ctx, m); err != nil {
		t.Fatal(err)
	}
	tally := fairness.NewTally(time.Now(), 0)
	served := &fairness.Recommender{Next: svc, Tally: tally}
	for _, u := range shop.Users[:40] {
		if _, err := served.RecommendForUser(ctx, u.ID, shopmind.RecommendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	fs := &fairness.Service{Store: db, Tally: tally, Served: svc.Current, Describe: map[string]fairness.Description{
		serve.ModelPrefix: {Purpose: "Ranks catalog items for a shopper.", Inputs: []string{"events: view, click, cart, purchase"}, NotUsed: []string{"personal data"}}}}
	rep, err := fs.FairnessReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := serveConsole(t, db, shopmind.RoleRead, "e2e auditor", func(srv *httpapi.Server) {
		srv.HandleRecommendations(served)
		srv.HandleFairness(fs)
	})

	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e auditor")
	b.do("open fairness", chromedp.Click(chromedp.CSS(`nav a[data-route="fairness"]`)))
	b.waitText("#fair-coverage", fmt.Sprintf("%.1f%%", rep.Exposure.Coverage*100))
	b.waitText("#fair-gini", fmt.Sprintf("%.2f", rep.Exposure.Gini))
	b.waitText("#fair-source", "40 lists", "400 items shown")
	if n := b.count("#fair-bands tbody tr"); n != 4 {
		t.Errorf("price band table has %d rows, want 4", n)
	}
	b.waitText("#fair-brands", "%", "exposed ×")
	got := b.waitText("#fair-quality", "New users", "Active users", "Segment: ")
	if strings.Count(got, "0.") < 3 {
		t.Errorf("quality table shows no metrics:\n%s", got)
	}
	b.waitText("#model-cards", "recommend/hybrid v1 (served)", "Ranks catalog items", "Uses", "Never uses", "personal data", "Metrics", "ndcg@10")
	b.waitText("#fair-popularity-text", "popularity percentile", "most popular items")
	shot(b, "fairness")
}

// TestFairnessPageEmpty opens the Fairness page of an empty shop with no
// model and nothing served: it explains instead of failing.
func TestFairnessPageEmpty(t *testing.T) {
	db := openStore(t)
	fs := &fairness.Service{Store: db, Tally: fairness.NewTally(time.Now(), 0)}
	c := serveConsole(t, db, shopmind.RoleRead, "e2e auditor", func(srv *httpapi.Server) { srv.HandleFairness(fs) })
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e auditor")
	b.open("#/fairness")
	src := b.waitText("#fair-source", "0 lists", "0 items shown", "No recommendation has been shown yet")
	if regexp.MustCompile(`\dT\d`).MatchString(src) {
		t.Errorf("#fair-source shows a raw RFC 3339 time: %q", src)
	}
	// Nothing shown: no evenness or popularity figure, rather than 0.00
	// ("perfectly even") and 0% ("only unpopular products").
	for _, id := range []string{"#fair-gini", "#fair-top10", "#fair-popularity"} {
		if v := b.text(id + " .stat-value"); v != "—" {
			t.Errorf("%s shows %q with no recommendation shown; want —", id, v)
		}
	}
	b.waitText("#fair-popularity-text", "No recommendation has been shown yet")
	b.waitText("#fair-quality", "No holdout evaluation by group yet")
	b.waitText("#model-cards", "No trained models yet")
	b.waitText("#fair-quality-note", "No recommendation model is served yet")
	b.waitText("#fair-bands", "No active items in the catalog")
}

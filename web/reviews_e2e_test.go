package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
)

// TestReviewsPage seeds a boot whose recent reviews complain about the fit
// and a tent that customers keep liking, then checks that the console lists
// the boot as falling and shows the boot's summary with its aspect chart.
func TestReviewsPage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	now := time.Now().UTC()
	items := []*shopmind.Item{
		{ID: "boot-1", Title: "Trail Boot", Brand: "Acme", Price: 120, Active: true, CreatedAt: now, UpdatedAt: now},
		{ID: "tent-1", Title: "Dome Tent", Brand: "Acme", Price: 300, Active: true, CreatedAt: now, UpdatedAt: now},
	}
	if err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	var reviews []*shopmind.Review
	add := func(item string, days, rating int, text string) {
		reviews = append(reviews, &shopmind.Review{ID: fmt.Sprintf("r%03d", len(reviews)), ItemID: item, Rating: rating,
			Text: text, CreatedAt: now.AddDate(0, 0, -days)})
	}
	for i := 0; i < 4; i++ {
		add("boot-1", 40+i, 5, "Great boots, the fit is perfect and the quality is excellent.")
		add("boot-1", 3+i, 1, "Terrible fit, too small. The quality is poor and they broke.")
		add("tent-1", 40+i, 5, "Love this tent, great price.")
		add("tent-1", 3+i, 5, "Great tent, easy setup, good quality.")
	}
	if err := db.UpsertReviews(ctx, reviews); err != nil {
		t.Fatal(err)
	}
	svc, err := nlp.NewService(db, nlp.DefaultServiceConfig())
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Build(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	svc.SetAnalyzer(a)
	if _, err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	c := serveConsole(t, db, shopmind.RoleRead, "e2e reader", func(srv *httpapi.Server) {
		srv.HandleReviewInsights(svc)
	})

	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e reader")
	b.do("open reviews", chromedp.Click(chromedp.CSS(`nav a[data-route="reviews"]`)))
	got := b.waitText("#falling", "Trail Boot", "100% of 4", "0% of 4", "fit")
	if strings.Contains(got, "Dome Tent") {
		t.Errorf("the tent, liked all along, is listed as falling:\n%s", got)
	}
	shot(b, "reviews")

	t.Log("open the boot's summary from the form")
	b.do("summary", chromedp.SendKeys(chromedp.CSS("#review-item"), "boot-1"), chromedp.Click(chromedp.CSS(`#review-item-form button`)))
	got = b.waitText("main", "Sentiment", "Reviews", "8", "50%", "Aspects", "fit", "quality", "Liked", "Disliked")
	if n := b.count("svg.chart rect.chart-bar"); n < 2 {
		t.Errorf("aspect chart has %d bars, want at least fit and quality:\n%s", n, got)
	}
	if !strings.Contains(got, "Terrible fit") {
		t.Errorf("no negative example sentence:\n%s", got)
	}
	// The product by its title, linked; sentiment over time as a chart, a
	// bar per month of the trend.
	b.waitText(".crumbs", "Trail Boot")
	if n := b.count(`.crumbs a[href="#/items/boot-1"]`); n != 1 {
		t.Errorf("the summary links to the boot's page %d times, want 1", n)
	}
	sum, err := svc.ReviewSummary(ctx, "boot-1")
	if err != nil {
		t.Fatal(err)
	}
	if n := b.count("#sentiment-trend rect.chart-bar"); n != len(sum.Trend) || n == 0 {
		t.Errorf("sentiment-over-time chart has %d bars, the summary %d months", n, len(sum.Trend))
	}
	shot(b, "review-summary")

	b.open("#/reviews/nothing-here")
	b.waitText("main", "has no reviews")
}

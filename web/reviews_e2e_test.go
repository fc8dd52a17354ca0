package web_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
	"github.com/shopmind/shopmind/store/sqlite"
	"github.com/shopmind/shopmind/web"
)

// TestReviewsPage seeds a boot whose recent reviews complain about the fit
// and a tent that customers keep liking, then checks that the console lists
// the boot as falling and shows the boot's summary with its aspect chart.
func TestReviewsPage(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
	svc := nlp.NewService(db, nlp.ServiceConfig{})
	a, err := svc.Build(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	svc.SetAnalyzer(a)
	if _, err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	secret, key, err := shopmind.NewAPIKey(rand.Reader, "e2e reader", shopmind.RoleRead, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	srv := httpapi.NewServer(db, httpapi.Options{Version: "e2e"})
	srv.HandleReviewInsights(svc)
	srv.Console = web.NewHandler(web.Options{Title: "Acme Outdoor", Version: "e2e"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	b := newBrowser(t, "http://"+ln.Addr().String())
	defer b.checkNoErrors()
	b.open("")
	b.do("sign in", chromedp.SendKeys(chromedp.CSS("#api-key"), secret), chromedp.Click(chromedp.CSS("#sign-in")))
	b.waitText(".who", "e2e reader")
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
	shot(b, "review-summary")

	b.open("#/reviews/nothing-here")
	b.waitText("main", "has no reviews")
}

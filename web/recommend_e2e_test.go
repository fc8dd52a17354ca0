package web_test

import (
	"context"
	"crypto/rand"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/recommend"
	"github.com/shopmind/shopmind/store/sqlite"
	"github.com/shopmind/shopmind/web"
)

// TestRecommendationsPage serves a small generated shop with a trained
// hybrid model and an item-kNN one, and checks the console's preview (items
// with explanations, cold start for a stranger) and evaluation table.
func TestRecommendationsPage(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Items: 200, Users: 100, Days: 45})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	svc := recommend.NewService(db, recommend.ServiceConfig{})
	if _, err := svc.Train(ctx, "itemknn", nil); err != nil {
		t.Fatal(err)
	}
	m, err := svc.Train(ctx, "hybrid", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Swap(ctx, m); err != nil {
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
	srv.HandleRecommendations(svc)
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

	var user string
	for _, e := range shop.Events {
		if e.Type == shopmind.EventPurchase {
			user = e.UserID
			break
		}
	}
	b := newBrowser(t, "http://"+ln.Addr().String())
	defer b.checkNoErrors()
	b.open("")
	b.do("sign in", chromedp.SendKeys(chromedp.CSS("#api-key"), secret), chromedp.Click(chromedp.CSS("#sign-in")))
	b.waitText(".who", "e2e reader")
	b.do("open recommendations", chromedp.Click(chromedp.CSS(`nav a[data-route="recommendations"]`)))
	b.waitText("#rec-preview", "Enter a user id")
	got := b.waitText("#rec-eval", "hybrid", "itemknn", "NDCG@10", "HR@10")
	if strings.Count(got, "0.") < 4 {
		t.Errorf("evaluation table shows no metrics:\n%s", got)
	}

	t.Log("preview a shopper with purchases")
	b.do("preview", chromedp.SendKeys(chromedp.CSS("#rec-user"), user), chromedp.Click(chromedp.CSS("#rec-go")))
	got = b.waitText("#rec-preview", "recommend/hybrid v1", "Because you")
	if n := b.count("#rec-preview tbody tr"); n != 10 {
		t.Errorf("preview shows %d rows, want 10", n)
	}
	if !strings.Contains(got, "Because you") && !strings.Contains(got, "Similar") && !strings.Contains(got, "Same") {
		t.Errorf("no personal explanation in the preview:\n%s", got)
	}
	shot(b, "recommendations")

	t.Log("a stranger gets cold-start results")
	b.open("#/recommendations?user=stranger-42")
	b.waitText("#rec-preview", "cold start", "Popular")
}

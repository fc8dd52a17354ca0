package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/recommend/serve"
)

// TestRecommendationsPage serves a small generated shop with a trained
// hybrid model and an item-kNN one, and checks the console's preview (items
// with explanations, cold start for a stranger) and evaluation table.
func TestRecommendationsPage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 200, Users: 100, Days: 45})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	svc := serve.NewService(db, serve.ServiceConfig{})
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
	c := serveConsole(t, db, shopmind.RoleRead, "e2e reader", func(srv *httpapi.Server) {
		srv.HandleRecommendations(svc)
	})

	var user string
	for _, e := range shop.Events {
		if e.Type == shopmind.EventPurchase {
			user = e.UserID
			break
		}
	}
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e reader")
	b.do("open recommendations", chromedp.Click(chromedp.CSS(`nav a[data-route="recommendations"]`)))
	b.waitText("#rec-preview", "Enter a customer id")
	got := b.waitText("#rec-eval", "hybrid", "itemknn")
	// Plain words in the column headers, the metric's name in their tooltip.
	for m, words := range map[string]string{"NDCG@10": "How well the top 10 matches what people bought", "HR@10": "Customers with at least one hit in the top 10"} {
		if h := b.text(fmt.Sprintf(`#rec-eval th [title=%q]`, m)); !strings.EqualFold(h, words) {
			t.Errorf("the column with tooltip %s reads %q, want %q", m, h, words)
		}
	}
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

package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
)

// TestAssistantPage chats with the assistant in the console, then answers
// the conversation it handed off from the queue and hands it back.
func TestAssistantPage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	at := time.Now().UTC().AddDate(0, 0, -1)
	if err := db.UpsertItems(ctx, []*shopmind.Item{{ID: "n1", Title: "Nike Pegasus 40", Brand: "Nike", Category: []string{"Shoes", "Running"},
		Price: 89.99, Stock: 4, Active: true, Attributes: map[string]string{"size": "41,42"}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertOrders(ctx, []*shopmind.Order{{ID: "A-1001", UserID: "u1", Status: shopmind.OrderShipped, Total: 89.99,
		Lines: []shopmind.OrderLine{{ItemID: "n1", Quantity: 1, UnitPrice: 89.99}}, CreatedAt: at,
		History: []shopmind.StatusChange{{Status: shopmind.OrderShipped, At: at}}}}); err != nil {
		t.Fatal(err)
	}
	// The console chats as a shopper who is not signed in, who proves the
	// order with its e-mail address.
	if err := db.UpsertUsers(ctx, []*shopmind.User{{ID: "u1"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserPersonal(ctx, &shopmind.UserPersonal{UserID: "u1", Email: "ana@example.com"}); err != nil {
		t.Fatal(err)
	}
	exs, err := assistant.DefaultExamples()
	if err != nil {
		t.Fatal(err)
	}
	tok := &nlp.Tokenizer{}
	intents, err := assistant.TrainIntents(ctx, exs, assistant.TrainOptions{
		NewModel:  func() assistant.TextModel { return nlp.NewFastText(assistant.DefaultFastTextParams()) },
		Tokenizer: tok, OutOfScope: assistant.OutOfScope, MinPerIntent: 60, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	script, err := assistant.DefaultScript()
	if err != nil {
		t.Fatal(err)
	}
	faq, err := assistant.DefaultFAQ()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := assistant.LoadCatalog(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	svc := &assistant.Service{Store: db, Engine: &assistant.Engine{Intents: intents, Script: script, FAQ: faq,
		Catalog: func() *assistant.Catalog { return cat }, Orders: db}}

	c := serveConsole(t, db, shopmind.RoleWrite, "Ana", func(srv *httpapi.Server) {
		srv.HandleAssistant(svc)
	})

	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "Ana")
	b.do("open assistant", chromedp.Click(chromedp.CSS(`nav a[data-route="assistant"]`)))
	b.waitText("#handoff-queue", "Nobody is waiting")

	say := func(text string) {
		t.Helper()
		b.do("say "+text, chromedp.SendKeys(chromedp.CSS("#chat-input"), text), chromedp.Click(chromedp.CSS("#chat-send")))
	}
	say("where is my order A-1001?")
	b.waitText("#chat-log", "where is my order A-1001?", "e-mail address or the postcode used for order A-1001", "order_status")
	say("ana@example.com")
	b.waitText("#chat-log", "Order A-1001 has shipped", "order_proof_ok")
	say("do you have running shoes in size 42?")
	b.waitText("#chat-log", "Nike Pegasus 40", "$89.99", "product_search")
	say("I want to talk to a person")
	b.waitText("#chat-status", "waiting for a person")
	got := b.waitText("#handoff-queue", "Hand-off queue (1)", "asked_for_person", "where is my order A-1001?", "I want to talk to a person")
	if !strings.Contains(got, "About: human") {
		t.Errorf("queue entry lacks the detected intent:\n%s", got)
	}
	// The order the shopper asked about links to its page.
	if n := b.count(`#handoff-queue a[href="#/orders/A-1001"]`); n == 0 {
		t.Error("the queue entry does not link the order A-1001 the shopper asked about")
	}
	shot(b, "assistant")

	t.Log("a person replies and hands the conversation back")
	b.do("reply", chromedp.SendKeys(chromedp.CSS(".handoff .reply-input"), "Hi, Ana here. How can I help?"),
		chromedp.Click(chromedp.CSS(".handoff .reply-resolve")))
	b.waitText("#handoff-queue", "Nobody is waiting")

	t.Log("the bad input is shown, not sent")
	b.do("empty", chromedp.SetValue(chromedp.CSS("#chat-input"), "   "), chromedp.Click(chromedp.CSS("#chat-send")))
	b.waitText("#chat-error", "text is empty")

	convs, _, err := db.Conversations(ctx, shopmind.ConversationFilter{})
	if err != nil || len(convs) != 1 || convs[0].Status != shopmind.ConversationOpen {
		t.Fatalf("conversations %+v, %v: want one, open again", convs, err)
	}
	msgs, err := db.Messages(ctx, convs[0].ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := msgs[len(msgs)-1]
	if last.Role != shopmind.RoleAgent || last.Author != "Ana" || last.Text != "Hi, Ana here. How can I help?" {
		t.Errorf("last message %+v, want Ana's reply", last)
	}
}

package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/httpapi"
)

// TestCustomerConversations: the customer page lists the customer's
// conversations (status, messages, the first message redacted for a read
// key), each linking to the conversation, whose page links back to the
// customer. Another customer's conversation is not listed.
func TestCustomerConversations(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	must(t, db.UpsertUsers(ctx, []*shopmind.User{{ID: "u1"}, {ID: "u2"}, {ID: "u3"}}))
	for _, c := range []struct {
		conv  shopmind.Conversation
		texts []string
	}{
		{shopmind.Conversation{ID: "c-order", UserID: "u1", Status: shopmind.ConversationHandoff, Intent: "order_status"},
			[]string{"where is my order A-1001? my email is ana@example.com", "Which e-mail did you order with?", "I want to talk to a person"}},
		{shopmind.Conversation{ID: "c-shoes", UserID: "u1"}, []string{"do you have running shoes?", "Yes: Nike Pegasus 40."}},
		{shopmind.Conversation{ID: "c-other", UserID: "u2"}, []string{"hello from u2"}},
	} {
		must(t, db.SaveConversation(ctx, &c.conv))
		var msgs []*shopmind.Message
		for i, text := range c.texts {
			role := shopmind.RoleShopper
			if i%2 == 1 {
				role = shopmind.RoleAssistant
			}
			msgs = append(msgs, &shopmind.Message{Role: role, Text: text})
		}
		must(t, db.AddMessages(ctx, c.conv.ID, msgs))
	}
	c := serveConsole(t, db, shopmind.RoleRead, "Analyst", func(srv *httpapi.Server) {
		srv.HandleAssistant(&assistant.Service{Store: db})
	})
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "Analyst")

	t.Log("the customer page lists u1's conversations, redacted for a read key")
	b.open("#/users/u1")
	got := b.waitText("#user-conversations", "c-order", "waiting for a person", "where is my order A-1001? my email is [email]", "c-shoes", "do you have running shoes?")
	if b.count(`#user-conversations a[data-conversation="c-other"]`) != 0 || b.count(`#user-conversations a[data-conversation]`) != 2 {
		t.Errorf("the customer page lists other conversations:\n%s", got)
	}
	if b.count(`#user-conversations a[href="#/assistant?conversation=c-order"]`) == 0 {
		t.Fatalf("no link to the conversation c-order:\n%s", got)
	}

	t.Log("the conversation links back to the customer")
	b.do("open the conversation", chromedp.Click(chromedp.CSS(`#user-conversations a[data-conversation="c-order"]`)))
	b.waitText("#conversation", "I want to talk to a person")
	b.do("back to the customer", chromedp.Click(chromedp.CSS(`#conversation a[data-user="u1"]`)))
	b.waitText("#user-conversations", "c-shoes")

	t.Log("each customer sees their own; one without any is told so")
	b.open("#/users/u2")
	b.waitText("#user-conversations", "c-other")
	b.open("#/users/u3")
	b.waitText("#user-conversations", "No conversations with the assistant.")
}

package main

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// TestServeAssistantBrowse talks to serve's assistant on the demo shop as
// the shop owner did: after a search, "anything cheaper?", "something more
// expensive?" and "show me more" (and 有没有便宜点的, 贵一点的, 还有吗,
// 换一批, 其他的呢) refine or page the same search instead of starting a new
// one or not being understood, and "cancel it" / 取消订单 while an order's
// proof is asked for switches to cancelling that order, still behind the
// proof.
func TestServeAssistantBrowse(t *testing.T) {
	env, stdout, _ := testEnv(t)
	shop := storeDemoShop(t, env, demo.Options{Items: 300, Users: 40, Days: 30})
	items := map[string]*shopmind.Item{}
	for _, it := range shop.Items {
		items[it.ID] = it
	}
	key := createKey(t, env, stdout, "shop", "write")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")
	api := apiClient{t, base}
	post := func(path string, body, v any) {
		t.Helper()
		api.ok("POST", path, key, body, v)
	}
	start := func() func(string) (shopmind.Turn, []*shopmind.Item) {
		var conv shopmind.Conversation
		post("/v1/conversations", map[string]string{}, &conv)
		return func(text string) (shopmind.Turn, []*shopmind.Item) {
			t.Helper()
			var turn shopmind.Turn
			post("/v1/conversations/"+conv.ID+"/messages", map[string]string{"text": text}, &turn)
			var shown []*shopmind.Item
			for _, a := range turn.Actions {
				if a.Type == "show_items" {
					for _, id := range a.ItemIDs {
						shown = append(shown, items[id])
					}
				}
			}
			t.Logf("%s -> [%s %.2f] %s", text, turn.Intent, turn.Confidence, turn.Reply)
			return turn, shown
		}
	}
	prices := func(its []*shopmind.Item) (lo, hi float64) {
		for i, it := range its {
			if i == 0 || it.Price < lo {
				lo = it.Price
			}
			if it.Price > hi {
				hi = it.Price
			}
		}
		return lo, hi
	}
	money := func(p float64) string { return fmt.Sprintf("$%.2f", p) }
	isBackpack := func(it *shopmind.Item) bool {
		return strings.Contains(strings.ToLower(it.Title), "backpack") || strings.Contains(strings.ToLower(strings.Join(it.Category, "/")), "backpack")
	}
	var backpacks []*shopmind.Item
	for _, it := range shop.Items {
		if it.Active && isBackpack(it) {
			backpacks = append(backpacks, it)
		}
	}
	sort.Slice(backpacks, func(i, j int) bool { return backpacks[i].Price < backpacks[j].Price })
	if len(backpacks) < 7 {
		t.Fatalf("the demo shop has %d backpacks; the test needs at least 7", len(backpacks))
	}

	t.Run("EN", func(t *testing.T) {
		say := start()
		_, first := say("show me backpacks")
		if len(first) == 0 {
			t.Fatal("no backpacks shown")
		}
		lo, hi := prices(first)
		turn, cheaper := say("anything cheaper?")
		if turn.Intent != "product_search" {
			t.Errorf("anything cheaper?: intent %s, want product_search", turn.Intent)
		}
		for _, it := range cheaper {
			if !isBackpack(it) || it.Price >= lo {
				t.Errorf("anything cheaper? shows %q at %.2f (shown from %.2f)", it.Title, it.Price, lo)
			}
		}
		if len(cheaper) == 0 && (!strings.Contains(turn.Reply, "cheapest") || !strings.Contains(turn.Reply, money(backpacks[0].Price))) {
			t.Errorf("anything cheaper? with none cheaper: %q, want it to say these were the cheapest (%s)", turn.Reply, money(backpacks[0].Price))
		}
		turn, dearer := say("something more expensive?")
		if turn.Intent != "product_search" || len(dearer) == 0 {
			t.Errorf("more expensive: intent %s, %d items", turn.Intent, len(dearer))
		}
		for _, it := range dearer {
			if !isBackpack(it) || it.Price <= hi {
				t.Errorf("more expensive shows %q at %.2f (shown up to %.2f)", it.Title, it.Price, hi)
			}
		}
		// Page through the same search from the start: every backpack once.
		say = start()
		_, page := say("show me backpacks")
		seen := map[string]bool{}
		for _, it := range page {
			seen[it.ID] = true
		}
		ended := false
		for i, msg := 0, []string{"show me more", "more", "any others?"}; i < 40 && !ended; i++ {
			turn, page = say(msg[i%len(msg)])
			if turn.Intent != "product_search" {
				t.Fatalf("%q: intent %s: %q", msg[i%len(msg)], turn.Intent, turn.Reply)
			}
			for _, it := range page {
				if seen[it.ID] || !isBackpack(it) {
					t.Errorf("%q shows %q again or not a backpack", msg[i%len(msg)], it.Title)
				}
				seen[it.ID] = true
			}
			ended = strings.Contains(turn.Reply, fmt.Sprintf("all %d matching items", len(backpacks)))
			if len(page) == 0 && !ended {
				t.Fatalf("%q: no items and no end: %q", msg[i%len(msg)], turn.Reply)
			}
		}
		if !ended || len(seen) != len(backpacks) {
			t.Errorf("paging showed %d of %d backpacks, ended %v", len(seen), len(backpacks), ended)
		}
		turn, page = say("show me more")
		if len(page) != 0 || !strings.Contains(turn.Reply, fmt.Sprintf("all %d matching items", len(backpacks))) {
			t.Errorf("more after the end: %d items, %q", len(page), turn.Reply)
		}
	})

	// The next page is numbered on from the last ("4. ...", under "4–6 of
	// N"), and "the fifth one" is the fifth shown; "the first one" is still
	// the first of the list on screen.
	t.Run("OrdinalsAcrossPages", func(t *testing.T) {
		say := start()
		say("show me backpacks")
		turn, page := say("show me more")
		if len(page) < 2 || !strings.Contains(turn.Reply, "4. "+page[0].Title) || !strings.Contains(turn.Reply, "5. "+page[1].Title) {
			t.Fatalf("second page %d items: %q, want them numbered 4, 5...", len(page), turn.Reply)
		}
		if turn, _ := say("the fifth one"); turn.Intent != "product_question" || !strings.Contains(turn.Reply, page[1].Title) {
			t.Errorf("the fifth one: [%s] %q, want %q", turn.Intent, turn.Reply, page[1].Title)
		}
		if turn, _ := say("the first one"); turn.Intent != "product_question" || !strings.Contains(turn.Reply, page[0].Title) {
			t.Errorf("the first one: [%s] %q, want %q", turn.Intent, turn.Reply, page[0].Title)
		}
		if turn, _ := say("第六个"); turn.Intent != "product_question" || len(page) > 2 && !strings.Contains(turn.Reply, page[2].Title) {
			t.Errorf("第六个: [%s] %q, want %q", turn.Intent, turn.Reply, page[2].Title)
		}
	})

	t.Run("ZH", func(t *testing.T) {
		say := start()
		_, first := say("我想买一双红色的运动鞋，200元以内")
		if len(first) == 0 {
			t.Fatal("no shoes shown")
		}
		lo, _ := prices(first)
		turn, cheaper := say("有没有便宜点的")
		if turn.Intent != "product_search" || strings.Contains(turn.Reply, "便宜点的") {
			t.Errorf("有没有便宜点的: intent %s: %q", turn.Intent, turn.Reply)
		}
		for _, it := range cheaper {
			if it.Category[0] != "Shoes" || it.Price >= lo {
				t.Errorf("有没有便宜点的 shows %q at %.2f (shown from %.2f)", it.Title, it.Price, lo)
			}
		}
		if len(cheaper) == 0 && !strings.Contains(turn.Reply, "最便宜") {
			t.Errorf("有没有便宜点的 with none cheaper: %q", turn.Reply)
		}
		seen := map[string]bool{}
		for _, it := range append(first, cheaper...) {
			seen[it.ID] = true
		}
		for _, msg := range []string{"还有吗", "换一批", "其他的呢"} {
			turn, page := say(msg)
			if turn.Intent != "product_search" || len(page) == 0 && !strings.Contains(turn.Reply, "共") {
				t.Errorf("%s: intent %s, %d items: %q", msg, turn.Intent, len(page), turn.Reply)
			}
			for _, it := range page {
				if seen[it.ID] || it.Category[0] != "Shoes" || it.Price > 200 {
					t.Errorf("%s shows %q (%v, %.2f) again or outside the search", msg, it.Title, it.Category, it.Price)
				}
				seen[it.ID] = true
			}
		}
		_, last := say("还有吗")
		_, hi := prices(last)
		turn, dearer := say("贵一点的")
		if turn.Intent != "product_search" || len(dearer) == 0 && !strings.Contains(turn.Reply, "最贵") {
			t.Errorf("贵一点的: intent %s, %d items: %q", turn.Intent, len(dearer), turn.Reply)
		}
		for _, it := range dearer {
			if it.Category[0] != "Shoes" || it.Price <= hi || it.Price > 200 {
				t.Errorf("贵一点的 shows %q at %.2f (shown up to %.2f)", it.Title, it.Price, hi)
			}
		}
	})

	// An order the anonymous shopper can cancel, and its owner's e-mail.
	var order *shopmind.Order
	for _, o := range shop.Orders {
		if o.Status == shopmind.OrderPaid || o.Status == shopmind.OrderPending {
			order = o
			break
		}
	}
	if order == nil {
		t.Fatal("the demo shop has no paid or pending order")
	}
	var email string
	for _, p := range shop.Personal {
		if p.UserID == order.UserID {
			email = p.Email
		}
	}
	orderStatus := func() shopmind.OrderStatus {
		var o shopmind.Order
		if code := getJSON(t, base+"/v1/orders/"+order.ID, key, &o); code != http.StatusOK {
			t.Fatalf("GET order %s: %d", order.ID, code)
		}
		return o.Status
	}
	for _, tt := range []struct {
		lang, where, cancel, yes, ask, confirm string
	}{
		{"en", "where is my order?", "cancel it", "yes", "e-mail address or the postcode", "cancel order " + order.ID},
		{"zh", "我的订单到哪了？", "取消订单", "是的", "邮箱地址或邮政编码", "确定要取消订单 " + order.ID},
	} {
		t.Run("CancelWhileProving/"+tt.lang, func(t *testing.T) {
			say := start()
			say(tt.where)
			say(order.ID)
			turn, _ := say(tt.cancel)
			if turn.Intent != "cancel_order" || !strings.Contains(turn.Reply, tt.ask) || !strings.Contains(turn.Reply, order.ID) {
				t.Errorf("%s while proving: intent %s: %q, want the proof asked for cancelling %s", tt.cancel, turn.Intent, turn.Reply, order.ID)
			}
			turn, _ = say(tt.yes)
			if hasActionType(turn.Actions, "order_cancelled") || orderStatus() == shopmind.OrderCancelled {
				t.Fatalf("%s without proof cancelled %s: %q", tt.yes, order.ID, turn.Reply)
			}
			turn, _ = say(email)
			if !hasActionType(turn.Actions, "order_proof_ok") || !strings.Contains(turn.Reply, tt.confirm) {
				t.Errorf("proof: %q %v, want the cancel confirmation", turn.Reply, turn.Actions)
			}
			if tt.lang == "zh" {
				turn, _ = say(tt.yes)
				if !hasActionType(turn.Actions, "order_cancelled") || orderStatus() != shopmind.OrderCancelled {
					t.Errorf("yes after proof: %q %v, order %s", turn.Reply, turn.Actions, orderStatus())
				}
			}
		})
	}
}

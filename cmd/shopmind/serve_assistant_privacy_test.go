package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// seedPrivacyStore stores a shop with two users, their personal data and
// their orders, numbered as the demo numbers them (O000011...).
func seedPrivacyStore(t *testing.T, env *Env) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := time.Now().UTC().AddDate(0, 0, -2).Truncate(time.Second)
	must(db.UpsertItems(ctx, []*shopmind.Item{{ID: "n1", Title: "Nike Pegasus 40", Brand: "Nike", Category: []string{"Shoes", "Running"},
		Price: 89.99, Stock: 3, Active: true}}))
	must(db.UpsertUsers(ctx, []*shopmind.User{{ID: "u1"}, {ID: "u2"}}))
	must(db.SetUserPersonal(ctx, &shopmind.UserPersonal{UserID: "u1", Name: "Ana Lopez", Email: "ana.lopez@example.com",
		Address: "12 Rose Lane, London SW1A 2AA"}))
	must(db.SetUserPersonal(ctx, &shopmind.UserPersonal{UserID: "u2", Name: "王丽", Email: "wang.li@example.cn",
		Address: "上海市浦东新区世纪大道100号，200120"}))
	order := func(id, user string, s shopmind.OrderStatus) *shopmind.Order {
		return &shopmind.Order{ID: id, UserID: user, Status: s, Total: 89.99, CreatedAt: at,
			Lines: []shopmind.OrderLine{{ItemID: "n1", Quantity: 1, UnitPrice: 89.99}}, History: []shopmind.StatusChange{{Status: s, At: at}}}
	}
	must(db.UpsertOrders(ctx, []*shopmind.Order{
		order("O000011", "u1", shopmind.OrderPaid), order("O000012", "u1", shopmind.OrderPending),
		order("O000013", "u2", shopmind.OrderPaid), order("O000014", "u2", shopmind.OrderShipped),
	}))
	must(db.Close())
	vars := map[string]string{"SHOPMIND_STORE_PATH": path, "SHOPMIND_CONFIG": "", "SHOPMIND_LOG_LEVEL": "warn"}
	env.Getenv = func(k string) string { return vars[k] }
}

// TestServeAssistantOrderPrivacy talks to the assistant through the API of
// serve as issue 12 saw it misused: an anonymous conversation read and
// cancelled a stranger's order with its number alone. A shopper who is not
// signed in proves an order with its e-mail or postcode, failed proofs are
// limited, and a signed-in shopper sees only their own orders.
func TestServeAssistantOrderPrivacy(t *testing.T) {
	env, stdout, _ := testEnv(t)
	seedPrivacyStore(t, env)
	key := createKey(t, env, stdout, "shop", "write")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")
	post := func(path string, body any, v any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(string(b)))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 300 {
			t.Fatalf("POST %s: %d %s", path, res.StatusCode, raw)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatalf("POST %s: %s: %v", path, raw, err)
		}
	}
	start := func(user string) string {
		t.Helper()
		var c shopmind.Conversation
		post("/v1/conversations", map[string]string{"user_id": user}, &c)
		return c.ID
	}
	say := func(conv, text string) shopmind.Turn {
		t.Helper()
		var turn shopmind.Turn
		post("/v1/conversations/"+conv+"/messages", map[string]string{"text": text}, &turn)
		return turn
	}
	status := func(id string) shopmind.OrderStatus {
		t.Helper()
		var o shopmind.Order
		if code := getJSON(t, base+"/v1/orders/"+id, key, &o); code != http.StatusOK {
			t.Fatalf("GET order %s: %d", id, code)
		}
		return o.Status
	}
	// discloses reports a reply that tells an order's status.
	discloses := func(turn shopmind.Turn) bool {
		for _, a := range turn.Actions {
			if a.Type == "order_status" || a.Type == "order_cancelled" {
				return true
			}
		}
		for _, s := range []string{"pending", "paid", "shipped", "cancelled", "待付款", "已付款", "已发货", "已取消"} {
			if strings.Contains(turn.Reply, s) {
				return true
			}
		}
		return false
	}
	asksProof := func(turn shopmind.Turn) bool {
		for _, a := range turn.Actions {
			if a.Type == "ask" && a.Data["slot"] == "order_proof" {
				return true
			}
		}
		return false
	}

	var refused string // the reply to a wrong proof
	t.Run("AnonymousStatusNeedsProofAndLocksOut", func(t *testing.T) {
		c := start("")
		turn := say(c, "where is my order O000012?")
		if discloses(turn) || !asksProof(turn) || !strings.Contains(turn.Reply, "e-mail") || !strings.Contains(turn.Reply, "postcode") {
			t.Fatalf("first turn must ask for the e-mail or postcode: %q %v", turn.Reply, turn.Actions)
		}
		for i, wrong := range []string{"wang.li@example.cn", "ana@example.com", "my postcode is 200120", "SW1A 1AA", "lopez@example.com"} {
			turn = say(c, wrong)
			if discloses(turn) {
				t.Fatalf("wrong proof %d %q disclosed the order: %q", i+1, wrong, turn.Reply)
			}
			if i < 4 && !strings.Contains(turn.Reply, "can't confirm") {
				t.Errorf("wrong proof %d %q: %q, want a refusal", i+1, wrong, turn.Reply)
			}
			if i == 0 {
				refused = turn.Reply
			}
		}
		if !strings.Contains(turn.Reply, "too many attempts") {
			t.Errorf("5th wrong proof: %q, want a lock-out", turn.Reply)
		}
		turn = say(c, "ana.lopez@example.com")
		if discloses(turn) || !strings.Contains(turn.Reply, "too many attempts") {
			t.Errorf("6th attempt, with the right e-mail: %q, want a lock-out", turn.Reply)
		}
		// The lock is on the order too: a new conversation does not reset it.
		c2 := start("")
		say(c2, "where is my order O000012?")
		if turn := say(c2, "ana.lopez@example.com"); discloses(turn) || !strings.Contains(turn.Reply, "too many attempts") {
			t.Errorf("new conversation on a locked order: %q, want a lock-out", turn.Reply)
		}
	})
	t.Run("AnonymousWithProofSeesStatus", func(t *testing.T) {
		c := start("")
		say(c, "where is my order O000011?")
		if turn := say(c, "  Ana.Lopez@Example.COM "); !strings.Contains(turn.Reply, "O000011 is paid") {
			t.Errorf("right e-mail: %q, want the status", turn.Reply)
		}
		c = start("")
		say(c, "has order O000011 shipped?")
		if turn := say(c, "sw1a2aa"); !strings.Contains(turn.Reply, "O000011 is paid") {
			t.Errorf("right postcode: %q, want the status", turn.Reply)
		}
	})
	t.Run("NonexistentOrderGetsTheSameReplies", func(t *testing.T) {
		c := start("")
		turn := say(c, "where is my order O000099?")
		if !asksProof(turn) || strings.Contains(turn.Reply, "couldn't find") {
			t.Errorf("missing order, first turn: %q %v", turn.Reply, turn.Actions)
		}
		if turn := say(c, "wang.li@example.cn"); strings.ReplaceAll(turn.Reply, "O000099", "X") != strings.ReplaceAll(refused, "O000012", "X") {
			t.Errorf("missing order, wrong proof: %q, want the reply an existing order gets: %q", turn.Reply, refused)
		}
	})
	t.Run("AnonymousCancelNeverWithoutProof", func(t *testing.T) {
		c := start("")
		for _, text := range []string{"cancel order O000013", "yes", "yes", "ana.lopez@example.com", "yes", "cancel order O000013", "yes"} {
			if turn := say(c, text); discloses(turn) {
				t.Errorf("%q: %q discloses or cancels the order", text, turn.Reply)
			}
		}
		if s := status("O000013"); s != shopmind.OrderPaid {
			t.Fatalf("order O000013 is %s after an anonymous cancel without proof, want paid", s)
		}
	})
	t.Run("ChineseProofThenCancel", func(t *testing.T) {
		c := start("")
		turn := say(c, "帮我取消订单O000013")
		if discloses(turn) || !asksProof(turn) || !strings.Contains(turn.Reply, "邮箱") || !strings.Contains(turn.Reply, "邮政编码") {
			t.Fatalf("zh first turn: %q %v", turn.Reply, turn.Actions)
		}
		if turn = say(c, "ana.lopez@example.com"); discloses(turn) || !strings.Contains(turn.Reply, "无法") {
			t.Errorf("zh wrong e-mail: %q, want a refusal in Chinese", turn.Reply)
		}
		if turn = say(c, "邮编 200120"); !strings.Contains(turn.Reply, "确定要取消订单 O000013") {
			t.Fatalf("zh right postcode: %q, want the confirmation", turn.Reply)
		}
		if turn = say(c, "是的"); !strings.Contains(turn.Reply, "已取消") {
			t.Errorf("zh confirmation: %q", turn.Reply)
		}
		if s := status("O000013"); s != shopmind.OrderCancelled {
			t.Errorf("order O000013 is %s after its owner's proven cancel, want cancelled", s)
		}
	})
	t.Run("SignedInSeesOnlyOwnOrders", func(t *testing.T) {
		c := start("u2")
		other := say(c, "where is my order O000011?")
		missing := say(c, "where is my order O000099?")
		if discloses(other) || strings.ReplaceAll(other.Reply, "O000011", "X") != strings.ReplaceAll(missing.Reply, "O000099", "X") {
			t.Errorf("another user's order: %q, a missing one: %q; want the same reply", other.Reply, missing.Reply)
		}
		c = start("u2")
		for _, text := range []string{"cancel order O000012", "yes", "yes"} {
			if turn := say(c, text); discloses(turn) {
				t.Errorf("u2 %q: %q", text, turn.Reply)
			}
		}
		if s := status("O000012"); s != shopmind.OrderPending {
			t.Errorf("u1's order O000012 is %s after u2 asked to cancel it, want pending", s)
		}
		if turn := say(start("u2"), "where is my order O000014?"); !strings.Contains(turn.Reply, "O000014 has shipped") {
			t.Errorf("u2's own order: %q, want its status without proof", turn.Reply)
		}
	})
}

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/store/sqlite"
)

// seedChatStore writes one order and two items into a new SQLite file and
// points env at it.
func seedChatStore(t *testing.T, env *Env) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.UpsertItems(context.Background(), []*shopmind.Item{
		{ID: "n1", Title: "Nike Pegasus 40", Brand: "Nike", Category: []string{"Shoes", "Running"}, Price: 89.99, Stock: 3, Active: true,
			Attributes: map[string]string{"size": "41,42"}},
		{ID: "j1", Title: "Rain Jacket", Brand: "Columbia", Category: []string{"Clothing", "Jackets"}, Price: 79.99, Stock: 3, Active: true},
	}))
	must(db.UpsertOrders(context.Background(), []*shopmind.Order{{ID: "A-1001", UserID: "u1", Status: shopmind.OrderShipped,
		Total: 89.99, Lines: []shopmind.OrderLine{{ItemID: "n1", Quantity: 1, UnitPrice: 89.99}},
		History: []shopmind.StatusChange{{Status: shopmind.OrderShipped, At: at}}, CreatedAt: at}}))
	must(db.Close())
	vars := map[string]string{"SHOPMIND_STORE_PATH": path, "SHOPMIND_CONFIG": ""}
	env.Getenv = func(k string) string { return vars[k] }
	return path
}

func TestChatCommand(t *testing.T) {
	env, stdout, _ := testEnv(t)
	path := seedChatStore(t, env)
	env.Stdin = strings.NewReader("where is my order A-1001?\ndo you have nike running shoes in size 42?\n" + strings.Repeat("x", 5000) + "\ni want to talk to a person\nhello?\n\n")
	if err := (&ChatCommand{env: env}).Run(context.Background(), []string{"--user", "u1", "--debug"}); err != nil {
		t.Fatalf("chat: %v\n%s", err, stdout)
	}
	out := stdout.String()
	for _, want := range []string{
		"Order A-1001 has shipped (on 2026-03-17)", "intent order_status",
		"Nike Pegasus 40 — $89.99", "intent product_search",
		"! message is longer than 4000 bytes",
		"passing you to a colleague", "status handoff",
		"(waiting for a person to reply)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The intent model was trained once and stored; a second chat reuses it.
	env.Stdin = strings.NewReader("thanks\n")
	before := len(stdout.String())
	if err := (&ChatCommand{env: env}).Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String()[before:], "You're welcome") {
		t.Errorf("second chat: %s", stdout)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := db.Models(context.Background(), assistant.IntentModelName)
	if err != nil || len(ms) != 1 || ms[0].Metrics["valid_accuracy"] < 0.7 {
		t.Fatalf("stored intent models %+v, %v; want one version with its validation metrics", ms, err)
	}
}

func TestEvalIntentsCommand(t *testing.T) {
	dir := t.TempDir()
	var train, test strings.Builder
	train.WriteString("text,intent\n")
	test.WriteString("text,intent\n")
	for i, row := range [][2]string{
		{"where is my order", "order_status"}, {"track my package", "order_status"}, {"has my order shipped", "order_status"},
		{"when will my parcel arrive", "order_status"}, {"order status please", "order_status"}, {"where is my stuff", "order_status"},
		{"cancel my order", "cancel_order"}, {"i want to cancel", "cancel_order"}, {"please cancel the purchase", "cancel_order"},
		{"stop my order", "cancel_order"}, {"cancel it now", "cancel_order"}, {"can i cancel my order", "cancel_order"},
		{"tell me a joke", "oos"}, {"what's the weather", "oos"}, {"who is the president", "oos"}, {"sing a song", "oos"},
		{"capital of france", "oos"}, {"play music", "oos"},
	} {
		line := row[0] + "," + row[1] + "\n"
		train.WriteString(line)
		if i%3 == 0 {
			test.WriteString(line)
		}
	}
	trainPath, testPath := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	if err := os.WriteFile(trainPath, []byte(train.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(testPath, []byte(test.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	env, stdout, _ := testEnv(t)
	err := (&EvalIntentsCommand{env: env}).Run(context.Background(), []string{"--train", trainPath, "--test", testPath,
		"--text", "text", "--label", "intent", "--oos", "oos", "--valid-frac", "0.3", "--json"})
	if err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, want := range []string{`"closed_set"`, `"with_threshold"`, `"oos_recall"`, `"macro_f1"`, `"intents": 3`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if err := (&EvalIntentsCommand{env: env}).Run(context.Background(), []string{"--train", trainPath}); err == nil {
		t.Error("missing flags: no error")
	}
	env2, stdout2, _ := testEnv(t)
	err = (&EvalIntentsCommand{env: env2}).Run(context.Background(), []string{"--train", trainPath, "--test", testPath,
		"--text", "text", "--label", "intent", "--oos", "oos", "--prior", "uniform", "--json"})
	if err != nil || !strings.Contains(stdout2.String(), `"prior": "uniform"`) {
		t.Errorf("--prior uniform: err %v, output:\n%s", err, stdout2.String())
	}
	err = (&EvalIntentsCommand{env: env}).Run(context.Background(), []string{"--train", trainPath, "--test", testPath,
		"--text", "text", "--label", "intent", "--prior", "balanced"})
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "prior") {
		t.Errorf("--prior balanced: err %v, want a usage error naming prior", err)
	}
}

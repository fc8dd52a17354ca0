package main

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// itemPages counts the pages of items a store hands out.
type itemPages struct {
	shopmind.Store
	pages atomic.Int64
}

func (s *itemPages) Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	s.pages.Add(1)
	return s.Store.Items(ctx, f)
}

// TestAssistantReloadsChangedCatalogOnly: serve's minute reload of the
// assistant's catalog graph reads no item while nothing in the catalog
// changed, and a product added by another process is found by the
// assistant after the next reload.
func TestAssistantReloadsChangedCatalogOnly(t *testing.T) {
	env, _, _ := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 120, Users: 60, Days: 30})
	store := openEnvStore(t, env)
	defer store.Close()
	counted := &itemPages{Store: store}
	rt, err := buildAssistant(ctx, DefaultConfig().Assistant, counted, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	counted.pages.Store(0)
	for range 3 {
		if err := rt.Reload(ctx, counted); err != nil {
			t.Fatal(err)
		}
	}
	if n := counted.pages.Load(); n != 0 {
		t.Fatalf("three reloads of an unchanged catalog read %d pages of items, want 0", n)
	}
	ask := func(text string) string {
		t.Helper()
		c, err := rt.Service.Start(ctx, &shopmind.Conversation{})
		if err != nil {
			t.Fatal(err)
		}
		turn, err := rt.Service.Send(ctx, c.ID, text)
		if err != nil {
			t.Fatal(err)
		}
		return turn.Reply
	}
	const title = "Zephyrwing Trail Hammock"
	if r := ask("do you have the zephyrwing trail hammock?"); strings.Contains(r, title) {
		t.Fatalf("the hammock is found before it exists: %s", r)
	}
	other := openEnvStore(t, env) // another process adds it
	it := *shop.Items[0]
	it.ID, it.Title, it.Brand, it.Tags, it.Stock, it.Active = "P-HAMMOCK", title, "Zephyrwing", []string{"hammock"}, 5, true
	it.CreatedAt, it.UpdatedAt = it.CreatedAt.AddDate(0, 0, 1), it.UpdatedAt.AddDate(0, 0, 1)
	if err := other.UpsertItems(ctx, []*shopmind.Item{&it}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	if err := rt.Reload(ctx, counted); err != nil {
		t.Fatal(err)
	}
	if counted.pages.Load() == 0 {
		t.Fatal("a new product did not make the reload read the catalog")
	}
	if r := ask("do you have the zephyrwing trail hammock?"); !strings.Contains(r, title) {
		t.Fatalf("after the reload the assistant does not find the new product: %s", r)
	}
}

package postgres_test

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/postgres"
)

// TestReindexOldRows checks that rows written before stemmed search and
// case-insensitive category keys are found like new ones after reopening.
func TestReindexOldRows(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	if err := db.UpsertItems(ctx, []*shopmind.Item{{ID: "a", Title: "Classic Sneaker", Category: []string{"Shoes", "Sneakers"}}}); err != nil {
		t.Fatal(err)
	}
	// What the previous version stored.
	if _, err := db.Pool().Exec(ctx, "UPDATE items SET search = lower(id || E'\\n' || title || E'\\n' || brand), category_path = 'Shoes/Sneakers'"); err != nil {
		t.Fatal(err)
	}
	again, err := postgres.OpenConfig(ctx, db.Pool().Config())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	shoes := "shoes › sneakers"
	for _, f := range []shopmind.ItemFilter{{Query: "shoes"}, {Category: &shoes}} {
		items, _, err := again.Items(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 {
			t.Errorf("Items(%+v) after reopen = %d items, want 1", f, len(items))
		}
	}
}

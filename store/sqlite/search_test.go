package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestReindexOldRows checks that rows written before stemmed search and
// case-insensitive category keys are found like new ones after reopening.
func TestReindexOldRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sqlite.Open(ctx, path)
	must(t, err)
	must(t, db.UpsertItems(ctx, []*shopmind.Item{{ID: "a", Title: "Classic Sneaker", Category: []string{"Shoes", "Sneakers"}}}))
	// What the previous version stored.
	_, err = db.SQL().ExecContext(ctx, "UPDATE items SET search = lower(id || char(10) || title || char(10) || brand), category_path = 'Shoes/Sneakers'")
	must(t, err)
	must(t, db.Close())

	db, err = sqlite.Open(ctx, path)
	must(t, err)
	defer db.Close()
	for _, f := range []shopmind.ItemFilter{{Query: "shoes"}, {Category: ptr("shoes › sneakers")}} {
		items, _, err := db.Items(ctx, f)
		must(t, err)
		if len(items) != 1 {
			t.Errorf("Items(%+v) after reopen = %d items, want 1", f, len(items))
		}
	}
}

func ptr[T any](v T) *T { return &v }

package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A Shopify owner imports the three exports the admin gives them, in one
// command, unchanged; -variants sku makes an item of every variant.
func TestImportCommandShopifyExports(t *testing.T) {
	c, st, stdout, _ := newImportCommand(t, "")
	dir := filepath.Join("..", "..", "testdata", "import", "shopify")
	if err := c.Run(context.Background(), []string{"-quiet", "-variants", "sku", dir}); err != nil {
		t.Fatal(err)
	}
	want := "imported 3 users, 6 items, 3 personal records, 4 orders, 4 events (4 new) from 3 file(s)"
	if !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("summary = %q, want prefix %q", stdout.String(), want)
	}
	it, err := st.Item(context.Background(), "TEE-L-W")
	if err != nil || it.Title != "Classic Tee - L / White" {
		t.Errorf("TEE-L-W = %+v, %v", it, err)
	}
}

func TestImportCommandWooCommerceAndBadVariants(t *testing.T) {
	c, st, stdout, _ := newImportCommand(t, "")
	dir := filepath.Join("..", "..", "testdata", "import", "woocommerce")
	if err := c.Run(context.Background(), []string{"-quiet", dir}); err != nil {
		t.Fatal(err)
	}
	if want := "imported 2 users, 3 items, 2 personal records, 3 orders, 3 events"; !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("summary = %q, want prefix %q", stdout.String(), want)
	}
	if n, _ := st.Counts(context.Background()); n.Orders != 3 {
		t.Errorf("orders = %d", n.Orders)
	}
	err := c.Run(context.Background(), []string{"-quiet", "-variants", "colour", dir})
	if err == nil || !strings.Contains(err.Error(), "-variants") {
		t.Errorf("-variants colour: err = %v, want a usage error naming -variants", err)
	}
}

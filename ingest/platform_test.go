package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
)

// A Shopify owner downloads the products, customers and orders exports and
// imports them unchanged: one item per product (variants as attributes),
// customers with personal data, orders with their lines, purchase events.
func TestImportShopifyExports(t *testing.T) { testImportShopify(t, openSQLite(t)) }

// The same exports give the same shop on PostgreSQL.
func TestImportShopifyExportsPostgres(t *testing.T) { testImportShopify(t, openPostgres(t)) }

func testImportShopify(t *testing.T, st shopmind.Store) {
	ctx := context.Background()
	rep, err := ingest.Import(ctx, st, []string{fixture("shopify")}, ingest.Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	c := counts(t, st)
	// 3 products; ada and bob from customers, carol only from her order;
	// 4 orders; purchases of the 3 orders not cancelled (#1001 has 2 lines).
	if c.Items != 3 || c.Users != 3 || c.Orders != 4 || c.Events != 4 {
		t.Fatalf("counts = %+v, want 3 items, 3 users, 4 orders, 4 events (report %+v)", c, rep)
	}
	tee, err := st.Item(ctx, "classic-tee")
	if err != nil {
		t.Fatal(err)
	}
	if tee.Title != "Classic Tee" || tee.Brand != "Northwind" || tee.Price != 20 || tee.Stock != 19 {
		t.Errorf("tee = %q by %q at %v, stock %d; want Classic Tee by Northwind at 20 (lowest variant), stock 12+7+0", tee.Title, tee.Brand, tee.Price, tee.Stock)
	}
	if got := strings.Join(tee.Category, " > "); got != "Apparel & Accessories > Clothing > Shirts & Tops" {
		t.Errorf("category = %q", got)
	}
	if tee.Attributes["size"] != "S|M|L" || tee.Attributes["color"] != "White" || tee.Attributes["variants"] != "3" {
		t.Errorf("attributes = %v, want size S|M|L, color White, variants 3", tee.Attributes)
	}
	if len(tee.Images) != 4 || tee.Images[0] != "https://cdn.shopify.com/s/files/1/tee-front.jpg" {
		t.Errorf("images = %v, want the 3 product images and the L variant's, front first", tee.Images)
	}
	if strings.Contains(tee.Description, "<") || !strings.Contains(tee.Description, `Fits "true to size"`) || !strings.Contains(tee.Description, "30°C") {
		t.Errorf("description = %q: want the HTML body as plain text", tee.Description)
	}
	tote, _ := st.Item(ctx, "canvas-tote")
	if tote == nil || tote.Attributes["sku"] != "TOTE-1" || len(tote.Attributes) != 1 || len(tote.Images) != 2 {
		t.Errorf("tote = %+v: a product without variants has its SKU and no option attributes", tote)
	}
	beanie, _ := st.Item(ctx, "wool-beanie")
	if beanie == nil || beanie.Active || beanie.Stock != 3 {
		t.Errorf("beanie = %+v: a draft is inactive; stock 5 + (-2)", beanie)
	}

	o, err := st.Order(ctx, "1001")
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != shopmind.OrderShipped || o.Currency != "USD" || o.Total != 59 || len(o.Lines) != 2 ||
		o.Lines[0] != (shopmind.OrderLine{ItemID: "classic-tee", Quantity: 2, UnitPrice: 20}) || o.Lines[1].ItemID != "canvas-tote" {
		t.Errorf("order 1001 = %+v", o)
	}
	if want := "2026-10-02T18:03:11Z"; o.CreatedAt.UTC().Format("2006-01-02T15:04:05Z") != want {
		t.Errorf("created = %s, want %s (Shopify's -0400 offset applied)", o.CreatedAt, want)
	}
	for id, want := range map[string]shopmind.OrderStatus{"1002": shopmind.OrderPaid, "1003": shopmind.OrderRefunded, "1004": shopmind.OrderCancelled} {
		o, err := st.Order(ctx, id)
		if err != nil || o.Status != want {
			t.Errorf("order %s: %v, %v; want status %s", id, o, err, want)
		}
	}
	o2, _ := st.Order(ctx, "1002")
	if o2 == nil || o2.Currency != "EUR" || o2.Lines[0].ItemID != "wool-beanie" {
		t.Errorf("order 1002 = %+v: the line without SKU is found by its line-item name", o2)
	}

	// Orders and customers meet on the e-mail address; the customers
	// export's personal data wins over the orders'.
	ada := o.UserID
	pd, err := st.UserPersonal(ctx, ada)
	if err != nil {
		t.Fatal(err)
	}
	if pd.Email != "ada@example.com" || pd.Name != "Ada Lovelace" || !strings.Contains(pd.Address, "02118") || strings.Contains(pd.Address, "'") {
		t.Errorf("ada's personal data = %+v", pd)
	}
	u, _ := st.User(ctx, ada)
	if u == nil || u.Attributes["accepts_marketing"] != "yes" || u.Attributes["tags"] != "vip|newsletter" {
		t.Errorf("ada = %+v", u)
	}
	o4, _ := st.Order(ctx, "1004")
	carol, err := st.UserPersonal(ctx, o4.UserID)
	if err != nil || carol.Name != "Carol Chen" || !strings.Contains(carol.Address, "SW1A 1AA") {
		t.Errorf("carol (order only) = %+v, %v", carol, err)
	}
	if strings.Contains(ada, "ada") {
		t.Errorf("user id %q shows the e-mail address", ada)
	}

	// Importing again changes nothing.
	if _, err := ingest.Import(ctx, st, []string{fixture("shopify")}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if c2 := counts(t, st); c2 != c {
		t.Errorf("second import: %+v, first %+v", c2, c)
	}
}

// With -variants sku every variant is an item, titled as Shopify titles its
// line items, and order lines point at the variant bought.
func TestImportShopifyVariantsAsItems(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t)
	if _, err := ingest.Import(ctx, st, []string{fixture("shopify")}, ingest.Options{Variants: ingest.VariantsAsItems}); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, st); c.Items != 6 {
		t.Fatalf("items = %d, want 3 tee variants + tote + 2 beanie colours", c.Items)
	}
	m, err := st.Item(ctx, "TEE-M-W")
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "Classic Tee - M / White" || m.Stock != 7 || m.Attributes["size"] != "M" || m.Attributes["product"] != "classic-tee" {
		t.Errorf("TEE-M-W = %+v", m)
	}
	if l, _ := st.Item(ctx, "TEE-L-W"); l == nil || l.Price != 22 || l.Images[0] != "https://cdn.shopify.com/s/files/1/tee-l.jpg" {
		t.Errorf("TEE-L-W = %+v: its own price and picture first", l)
	}
	if _, err := st.Item(ctx, "wool-beanie-navy"); err != nil {
		t.Errorf("a variant without SKU gets handle-option as id: %v", err)
	}
	o, _ := st.Order(ctx, "1001")
	if o == nil || o.Lines[0].ItemID != "TEE-M-W" {
		t.Errorf("order 1001 = %+v", o)
	}
	o2, _ := st.Order(ctx, "1002")
	if o2 == nil || o2.Lines[0].ItemID != "wool-beanie-navy" {
		t.Errorf("order 1002 = %+v", o2)
	}
}

func TestImportWooCommerceExports(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t)
	if _, err := ingest.Import(ctx, st, []string{fixture("woocommerce")}, ingest.Options{}); err != nil {
		t.Fatalf("import: %v", err)
	}
	c := counts(t, st)
	// Hoodie, Beanie, Album; dana and erik; 3 orders; purchases of 101 (2
	// lines) and 102, none of the cancelled 103.
	if c.Items != 3 || c.Users != 2 || c.Orders != 3 || c.Events != 3 {
		t.Fatalf("counts = %+v", c)
	}
	h, err := st.Item(ctx, "woo-hoodie")
	if err != nil {
		t.Fatal(err)
	}
	if h.Price != 39.9 || h.Stock != 9 || h.Attributes["color"] != "Blue|Green" || h.Attributes["size"] != "S|M" ||
		strings.Join(h.Category, ">") != "Clothing>Hoodies" || len(h.Images) != 3 || strings.Contains(h.Description, "<") {
		t.Errorf("hoodie = %+v", h)
	}
	b, _ := st.Item(ctx, "woo-beanie")
	if b == nil || b.Price != 15 || b.Attributes["color"] != "Red|Yellow" || strings.Join(b.Tags, ",") != "knit" {
		t.Errorf("beanie = %+v: the sale price is what a shopper pays", b)
	}
	album, err := st.Item(ctx, "21")
	if err != nil || album.Active || !strings.Contains(album.Description, `"Live" recording & bonus`) {
		t.Errorf("album (no SKU: id from ID; unpublished) = %+v, %v", album, err)
	}
	o, err := st.Order(ctx, "101")
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != shopmind.OrderDelivered || o.Currency != "EUR" || o.Total != 75 || len(o.Lines) != 2 ||
		o.Lines[0] != (shopmind.OrderLine{ItemID: "woo-hoodie", Quantity: 1, UnitPrice: 45}) || o.Lines[1] != (shopmind.OrderLine{ItemID: "woo-beanie", Quantity: 2, UnitPrice: 15}) {
		t.Errorf("order 101 = %+v", o)
	}
	o3, _ := st.Order(ctx, "103")
	if o3 == nil || o3.Status != shopmind.OrderCancelled || o3.Lines[0].ItemID != "woo-hoodie" || o3.UserID != o.UserID {
		t.Errorf("order 103 = %+v: the variation without SKU is found by its id; same customer as 101", o3)
	}
	pd, err := st.UserPersonal(ctx, o.UserID)
	if err != nil || pd.Name != "Dana Dubois" || !strings.Contains(pd.Address, "75002") {
		t.Errorf("dana = %+v, %v", pd, err)
	}
}

// A bad row names the platform's own column, as the owner sees it in the
// file, and (abort) leaves the store untouched.
func TestImportPlatformBadRow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, err := os.ReadFile(fixture("shopify", "products_export_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(b), "22.00", "twenty", 1)
	if err := os.WriteFile(filepath.Join(dir, "products_export_1.csv"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	st := openSQLite(t)
	_, err = ingest.Import(ctx, st, []string{dir}, ingest.Options{})
	if err == nil || !strings.Contains(err.Error(), `products_export_1.csv:`) || !strings.Contains(err.Error(), `column "Variant Price"`) {
		t.Fatalf("err = %v, want the file, line and column Variant Price", err)
	}
	if c := counts(t, st); c.Items != 0 {
		t.Errorf("items = %d after a refused import", c.Items)
	}
	// An orders export without the products it sells names the line.
	_, err = ingest.Import(ctx, st, []string{fixture("shopify", "orders_export_1.csv")}, ingest.Options{})
	if err == nil || !strings.Contains(err.Error(), `column "Lineitem sku"`) || !strings.Contains(err.Error(), "TEE-M-W") {
		t.Fatalf("orders alone: err = %v", err)
	}
}

// fixture returns a path under the repository's testdata/import.
func fixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "testdata", "import"}, parts...)...)
}

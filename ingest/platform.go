package ingest

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// The hosted-shop exports ingest recognises by their header, whatever the
// file is called: a shop owner imports what the platform gave them,
// unchanged (see docs/import.md for each mapping).
const (
	KindShopifyProducts  Kind = "shopify products"  // Handle, Title, Body (HTML), Variant SKU, Variant Price, Image Src...
	KindShopifyOrders    Kind = "shopify orders"    // Name, Email, Financial Status, Lineitem quantity/sku/price... one row per line item
	KindShopifyCustomers Kind = "shopify customers" // First Name, Last Name, Email, Address1, Zip, Phone...
	KindWooProducts      Kind = "woocommerce products"
	KindWooOrders        Kind = "woocommerce orders" // order_id, order_date, status, customer_email, line_item_N...
)

// platform reports whether k is a hosted-shop export.
func (k Kind) platform() bool {
	switch k {
	case KindShopifyProducts, KindShopifyOrders, KindShopifyCustomers, KindWooProducts, KindWooOrders:
		return true
	}
	return false
}

// entity is what a platform export mainly holds, for the import order:
// customers before products before orders.
func (k Kind) entity() Entity {
	switch k {
	case KindShopifyCustomers:
		return EntityUsers
	case KindShopifyOrders, KindWooOrders:
		return EntityOrders
	}
	return EntityItems
}

// VariantMode tells how a platform product with variants (sizes, colours)
// becomes shopmind items.
type VariantMode string

// The variant modes.
const (
	// VariantsAsAttributes makes one item per product; its variants'
	// option values become attributes ("size": "S|M|L"), its price the
	// lowest variant price and its stock their sum. The default.
	VariantsAsAttributes VariantMode = "product"
	// VariantsAsItems makes one item per variant (per SKU), titled like the
	// platform's line items ("Tee - M / Red"), with the product's handle or
	// id in the "product" attribute.
	VariantsAsItems VariantMode = "sku"
)

// ParseVariantMode parses "product" (or "") and "sku".
func ParseVariantMode(s string) (VariantMode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "product", "products", "attributes":
		return VariantsAsAttributes, nil
	case "sku", "skus", "variant", "variants":
		return VariantsAsItems, nil
	}
	return "", fmt.Errorf("unknown variant mode %q; one of: product (one item per product, variants as attributes), sku (one item per variant)", s)
}

// platformKind recognises a hosted-shop export by its header.
func platformKind(header string) Kind {
	h := strings.ToLower(strings.TrimPrefix(header, "\ufeff"))
	cols := make(map[string]bool)
	r := csv.NewReader(strings.NewReader(h))
	r.LazyQuotes = true
	if rec, err := r.Read(); err == nil {
		for _, c := range rec {
			cols[strings.TrimSpace(c)] = true
		}
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if !cols[n] {
				return false
			}
		}
		return true
	}
	switch {
	case has("handle", "title", "variant price"):
		return KindShopifyProducts
	case has("name", "email", "financial status", "lineitem quantity"):
		return KindShopifyOrders
	case has("first name", "last name", "email") && (cols["accepts email marketing"] || cols["accepts marketing"] || cols["total spent"]):
		return KindShopifyCustomers
	case has("id", "type", "sku", "name", "regular price"):
		return KindWooProducts
	case has("order_id", "order_date", "status") && (cols["line_item_1"] || cols["customer_email"] || cols["billing_email"]):
		return KindWooOrders
	}
	return KindNone
}

// platformState is what one import's platform files share: the products
// read so far, so that order lines (which name a SKU or a line-item title)
// find their item.
type platformState struct {
	bySKU   map[string]string // variant SKU -> item id
	byTitle map[string]string // lower-cased product or line-item title -> item id
	byRef   map[string]string // platform product/variation id -> item id
	// personal marks users whose personal data came from a customers
	// export in this import: orders do not overwrite it.
	personal map[string]bool
}

func (p *parser) platformState() *platformState {
	if p.platform == nil {
		p.platform = &platformState{bySKU: map[string]string{}, byTitle: map[string]string{}, byRef: map[string]string{}, personal: map[string]bool{}}
	}
	return p.platform
}

// lookup finds the item of an order line by SKU, platform id or title.
func (s *platformState) lookup(sku, ref, title string) (string, bool) {
	if id, ok := s.bySKU[strings.TrimSpace(sku)]; ok && sku != "" {
		return id, true
	}
	if id, ok := s.byRef[strings.TrimSpace(ref)]; ok && ref != "" {
		return id, true
	}
	id, ok := s.byTitle[strings.ToLower(strings.TrimSpace(title))]
	return id, ok && title != ""
}

func (p *parser) readPlatform(f File, r io.Reader) error {
	switch f.Kind {
	case KindShopifyProducts:
		return p.readShopifyProducts(r)
	case KindShopifyOrders:
		return p.readShopifyOrders(r)
	case KindShopifyCustomers:
		return p.readShopifyCustomers(r)
	case KindWooProducts:
		return p.readWooProducts(r)
	case KindWooOrders:
		return p.readWooOrders(r)
	}
	return fmt.Errorf("%s: unknown platform export %q", f.Name(), f.Kind)
}

// csvRow is one data row of a platform export, read by header name.
type csvRow struct {
	line int
	rec  []string
	cols map[string]int // lower-cased header -> index
}

// get returns the trimmed cell of the named column ("" when absent).
func (r csvRow) get(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// eachRow reads a CSV export with a header row, calling fn for every data
// row. Malformed CSV is a bad row; a read error ends the import.
func (p *parser) eachRow(r io.Reader, fn func(row csvRow) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		if isReadError(err) {
			return p.readErr(0, err)
		}
		return csvError(p.file, err)
	}
	cols := make(map[string]int, len(head))
	for i, h := range head {
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := cols[k]; !dup {
			cols[k] = i
		}
	}
	last := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if isReadError(err) {
			return p.readErr(last, err)
		}
		p.rows++
		if err != nil {
			if e := p.bad(csvError(p.file, err)); e != nil {
				return e
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		last = line
		if err := fn(csvRow{line: line, rec: rec, cols: cols}); err != nil {
			return err
		}
	}
}

// customerID is the user id of a shopper known by e-mail address: the
// platforms' order exports carry no customer id, so orders and customers
// meet on the address. It is a hash, so the id itself shows no address.
func customerID(email string) string {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return "c-" + hex.EncodeToString(h[:8])
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id part from free text: "Blue / XL" -> "blue-xl".
func slug(s string) string {
	return strings.Trim(slugRe.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

var tagRe = regexp.MustCompile(`(?s)<[^>]*>`)

// plainText turns a product body in HTML into text: tags dropped, entities
// decoded, white space collapsed.
func plainText(s string) string {
	s = tagRe.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// platformTimeLayouts are the platforms' own date formats, tried before
// parseTime's: Shopify writes "2024-03-01 10:15:30 -0500".
var platformTimeLayouts = []string{"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 MST", "2006-01-02 15:04"}

func parsePlatformTime(s string) (time.Time, error) {
	for _, l := range platformTimeLayouts {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t.UTC(), nil
		}
	}
	return parseTime(s)
}

// parseMoney reads a price such as "19.99", "1,299.00" or "€19,99" (a comma
// followed by exactly two digits at the end is a decimal comma).
func parseMoney(s string) (float64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimLeft(t, "$€£¥ ")
	if i := strings.LastIndexByte(t, ','); i >= 0 && len(t)-i == 3 && !strings.Contains(t, ".") {
		t = t[:i] + "." + t[i+1:]
	}
	t = strings.ReplaceAll(t, ",", "")
	return parseFloat(t)
}

// joinAddress writes an address on one line, its postcode kept as typed so
// the assistant's order-ownership proof can find it.
func joinAddress(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// addPersonal queues personal data for a user. From an order (fromOrder) it
// only fills a user who has none: the customers export, or an earlier
// import, is the better source.
func (p *parser) addPersonal(pd *shopmind.UserPersonal, line int, fromOrder bool) error {
	st := p.platformState()
	if fromOrder && st.personal[pd.UserID] {
		return nil
	}
	if !fromOrder {
		st.personal[pd.UserID] = true
	}
	if err := pd.Validate(); err != nil {
		return p.bad(rowErr(p.file, line, "", err))
	}
	p.cur.personal = append(p.cur.personal, pd)
	p.cur.personalLines = append(p.cur.personalLines, line)
	p.cur.personalFill = append(p.cur.personalFill, fromOrder)
	return p.added()
}

// addUserRef makes sure a user exists (created bare, existing ones kept).
func (p *parser) addUserRef(id string) {
	p.cur.ensureUsers = append(p.cur.ensureUsers, id)
}

// addPlatformOrder validates an assembled order and queues it with a
// purchase event per line (none for a cancelled order).
func (p *parser) addPlatformOrder(o *shopmind.Order, line int, lineRows []int) error {
	if err := o.Validate(); err != nil {
		return p.bad(rowErr(p.file, line, "", err))
	}
	p.cur.orders = append(p.cur.orders, o)
	p.cur.orderRows = append(p.cur.orderRows, &pendingOrder{o: o, line: line, rowLines: lineRows, totalSet: true})
	if o.Status != shopmind.OrderCancelled {
		for _, l := range o.Lines {
			e := &shopmind.Event{UserID: o.UserID, ItemID: l.ItemID, Type: shopmind.EventPurchase, Value: float64(l.Quantity), Time: o.CreatedAt, SessionID: "order-" + o.ID}
			if err := p.checkEvent(e); err != nil {
				return p.bad(rowErr(p.file, line, "", err))
			}
			p.cur.events = append(p.cur.events, e)
		}
	}
	return p.added()
}

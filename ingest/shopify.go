package ingest

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/shopmind/shopmind"
)

// platformVariant is one variant (SKU) of a platform product.
type platformVariant struct {
	sku     string
	ref     string   // the platform's own id of the variant, if any
	options []string // option values in option order ("M", "Red")
	price   float64
	stock   int
	image   string
	line    int
}

// platformProduct is a product assembled from an export's rows.
type platformProduct struct {
	id       string // handle (Shopify) or id (WooCommerce)
	ref      string // the platform's product id
	line     int    // first row
	item     shopmind.Item
	options  []string // option names in order ("Size", "Color")
	variants []*platformVariant
	hasStock bool
}

// readShopifyProducts reads Shopify's products export: one or more rows per
// Handle; the first carries the product (Title, Body (HTML), Vendor, Type,
// Tags...), every row may carry a variant (Option1..3 Value, Variant SKU,
// Variant Price, Variant Inventory Qty) and an image (Image Src).
func (p *parser) readShopifyProducts(r io.Reader) error {
	var order []*platformProduct
	byHandle := make(map[string]*platformProduct)
	err := p.eachRow(r, func(row csvRow) error {
		handle := row.get("handle")
		if handle == "" {
			return p.bad(&RowError{Line: row.line, Column: "Handle", Reason: "is empty"})
		}
		pp := byHandle[handle]
		if pp == nil {
			pp = &platformProduct{id: handle, line: row.line, item: shopmind.Item{ID: handle, Active: true}}
			byHandle[handle] = pp
			order = append(order, pp)
		}
		if t := row.get("title"); t != "" && pp.item.Title == "" {
			it := &pp.item
			it.Title = t
			it.Description = plainText(row.get("body (html)"))
			it.Brand = row.get("vendor")
			if c := row.get("product category"); c != "" {
				it.Category = splitList(c, ">")
			} else if c := row.get("type"); c != "" {
				it.Category = []string{c}
			}
			it.Tags = splitList(row.get("tags"), ",")
			switch strings.ToLower(row.get("status")) {
			case "draft", "archived":
				it.Active = false
			}
			if strings.EqualFold(row.get("published"), "false") {
				it.Active = false
			}
			for i := 1; i <= 3; i++ {
				if n := row.get(fmt.Sprintf("option%d name", i)); n != "" {
					pp.options = append(pp.options, n)
				}
			}
		}
		if img := row.get("image src"); img != "" {
			addImage(&pp.item, img)
		}
		price, sku := row.get("variant price"), row.get("variant sku")
		if price == "" && sku == "" && row.get("option1 value") == "" {
			return nil // an image-only row
		}
		v := &platformVariant{sku: sku, line: row.line, image: row.get("variant image")}
		for i := 1; i <= 3; i++ {
			if o := row.get(fmt.Sprintf("option%d value", i)); o != "" {
				v.options = append(v.options, o)
			}
		}
		if price != "" {
			f, err := parseMoney(price)
			if err != nil {
				return p.bad(&RowError{Line: row.line, Column: "Variant Price", Reason: err.Error()})
			}
			v.price = f
		}
		if q := row.get("variant inventory qty"); q != "" {
			n, err := parseInt(q)
			if err != nil {
				return p.bad(&RowError{Line: row.line, Column: "Variant Inventory Qty", Reason: err.Error()})
			}
			v.stock, pp.hasStock = n, true
		}
		pp.variants = append(pp.variants, v)
		return nil
	})
	if err != nil {
		return err
	}
	for _, pp := range order {
		if err := p.emitProduct(pp, " / "); err != nil {
			return err
		}
	}
	return nil
}

// addImage adds an image URL to an item once.
func addImage(it *shopmind.Item, url string) {
	for _, u := range it.Images {
		if u == url {
			return
		}
	}
	if len(it.Images) < shopmind.MaxImages {
		it.Images = append(it.Images, url)
	}
}

// defaultVariant reports whether a product's only variant is the platform's
// placeholder ("Title" / "Default Title"): the product has no variants.
func defaultVariant(pp *platformProduct) bool {
	return len(pp.variants) == 1 && (len(pp.variants[0].options) == 0 || pp.variants[0].options[0] == "Default Title")
}

// emitProduct turns an assembled product into items, per the variant mode,
// and remembers how order lines name them. sep joins option values in a
// variant's title ("Tee - M / Red" on Shopify, "Hoodie - Blue, XL" on
// WooCommerce).
func (p *parser) emitProduct(pp *platformProduct, sep string) error {
	st := p.platformState()
	if pp.item.Title == "" {
		return p.bad(&RowError{Line: pp.line, Column: "Title", Reason: fmt.Sprintf("product %s has no row with its title", quoteShort(pp.id))})
	}
	st.byTitle[strings.ToLower(pp.item.Title)] = pp.id
	if pp.ref != "" {
		st.byRef[pp.ref] = pp.id
	}
	if p.opts.Variants == VariantsAsItems && !defaultVariant(pp) && len(pp.variants) > 0 {
		seen := make(map[string]int)
		for _, v := range pp.variants {
			it := pp.item
			it.Attributes = maps.Clone(pp.item.Attributes)
			it.Images = append([]string(nil), pp.item.Images...)
			it.ID = v.sku
			if it.ID == "" {
				it.ID = pp.id + "-" + slug(strings.Join(v.options, "-"))
			}
			it.Title = pp.item.Title
			if len(v.options) > 0 {
				it.Title += " - " + strings.Join(v.options, sep)
			}
			for i, o := range v.options {
				setAttr(&it.Attributes, optionName(pp, i), o)
			}
			setAttr(&it.Attributes, "product", pp.id)
			it.Price, it.Stock = v.price, v.stock
			if v.image != "" {
				it.Images = append([]string{v.image}, it.Images...)
				if len(it.Images) > shopmind.MaxImages {
					it.Images = it.Images[:shopmind.MaxImages]
				}
			}
			if v.sku != "" {
				st.bySKU[v.sku] = it.ID
			}
			if v.ref != "" {
				st.byRef[v.ref] = it.ID
			}
			st.byTitle[strings.ToLower(it.Title)] = it.ID
			if err := p.acceptItem(&it, v.line, seen, "Variant SKU"); err != nil {
				return err
			}
		}
		return nil
	}
	it := pp.item
	values := make(map[string][]string)
	for n, v := range pp.variants {
		if n == 0 || v.price < it.Price {
			it.Price = v.price
		}
		it.Stock += v.stock
		if v.sku != "" {
			st.bySKU[v.sku] = pp.id
		}
		if v.ref != "" {
			st.byRef[v.ref] = pp.id
		}
		if len(v.options) > 0 {
			st.byTitle[strings.ToLower(pp.item.Title+" - "+strings.Join(v.options, sep))] = pp.id
		}
		if v.image != "" {
			addImage(&it, v.image)
		}
		if defaultVariant(pp) {
			continue
		}
		for i, o := range v.options {
			name := optionName(pp, i)
			if !slices.Contains(values[name], o) {
				values[name] = append(values[name], o)
			}
		}
	}
	if len(pp.variants) == 1 && pp.variants[0].sku != "" {
		setAttr(&it.Attributes, "sku", pp.variants[0].sku)
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		setAttr(&it.Attributes, n, strings.Join(values[n], "|"))
	}
	if len(pp.variants) > 1 {
		setAttr(&it.Attributes, "variants", fmt.Sprint(len(pp.variants)))
	}
	return p.acceptItem(&it, pp.line, map[string]int{}, "Handle")
}

// optionName is the attribute name of a product's i-th option.
func optionName(pp *platformProduct, i int) string {
	if i < len(pp.options) {
		if n := slug(pp.options[i]); n != "" {
			return strings.ReplaceAll(n, "-", "_")
		}
	}
	return fmt.Sprintf("option%d", i+1)
}

// shopifyStatus maps Shopify's payment and fulfilment states onto an order
// status: a cancelled or voided order is cancelled, a refunded one
// refunded, a fulfilled one shipped, a paid (or partly refunded) one paid,
// the rest (pending, authorized) pending.
func shopifyStatus(financial, fulfillment, cancelledAt string) shopmind.OrderStatus {
	financial, fulfillment = strings.ToLower(financial), strings.ToLower(fulfillment)
	switch {
	case cancelledAt != "" || financial == "voided":
		return shopmind.OrderCancelled
	case financial == "refunded":
		return shopmind.OrderRefunded
	case fulfillment == "fulfilled":
		return shopmind.OrderShipped
	case financial == "paid" || financial == "partially_refunded" || financial == "partially_paid":
		return shopmind.OrderPaid
	}
	return shopmind.OrderPending
}

// readShopifyOrders reads Shopify's orders export: one row per line item,
// the rows of an order consecutive and sharing its Name ("#1001"); the
// order's own columns (Email, Financial Status, Total, Created at, billing
// and shipping address) are filled on its first row only.
func (p *parser) readShopifyOrders(r io.Reader) error {
	st := p.platformState()
	var cur *shopmind.Order
	var curLine int
	var curRows []int
	seen := make(map[string]int)
	skip := "" // an order whose row was bad: its other rows are skipped
	finish := func() error {
		if cur == nil {
			return nil
		}
		o, line, rows := cur, curLine, curRows
		cur = nil
		return p.addPlatformOrder(o, line, rows)
	}
	err := p.eachRow(r, func(row csvRow) error {
		name := row.get("name")
		id := strings.TrimPrefix(name, "#")
		if id == "" {
			return p.bad(&RowError{Line: row.line, Column: "Name", Reason: "is empty"})
		}
		if id == skip {
			return nil
		}
		if cur == nil || cur.ID != id {
			if err := finish(); err != nil {
				return err
			}
			if first, ok := seen[id]; ok {
				skip = id
				return p.bad(&RowError{Line: row.line, Column: "Name", Reason: fmt.Sprintf("order %s again (first on line %d); its rows must be consecutive", quoteShort(name), first)})
			}
			seen[id] = row.line
			email := row.get("email")
			user := "guest-" + slug(id)
			if email != "" {
				user = customerID(email)
			}
			o := &shopmind.Order{ID: id, UserID: user, Currency: strings.ToUpper(row.get("currency")),
				Status: shopifyStatus(row.get("financial status"), row.get("fulfillment status"), row.get("cancelled at"))}
			if t := row.get("created at"); t != "" {
				ts, err := parsePlatformTime(t)
				if err != nil {
					skip = id
					return p.bad(&RowError{Line: row.line, Column: "Created at", Reason: err.Error()})
				}
				o.CreatedAt = ts
			}
			if t := row.get("total"); t != "" {
				f, err := parseMoney(t)
				if err != nil {
					skip = id
					return p.bad(&RowError{Line: row.line, Column: "Total", Reason: err.Error()})
				}
				o.Total = f
			}
			p.addUserRef(user)
			if email != "" {
				pd := &shopmind.UserPersonal{UserID: user, Email: email,
					Name:  firstNonEmpty(row.get("billing name"), row.get("shipping name")),
					Phone: firstNonEmpty(row.get("billing phone"), row.get("shipping phone"), row.get("phone")),
					Address: firstNonEmpty(
						joinAddress(row.get("shipping address1"), row.get("shipping address2"), row.get("shipping city"), row.get("shipping province"), row.get("shipping zip"), row.get("shipping country")),
						joinAddress(row.get("billing address1"), row.get("billing address2"), row.get("billing city"), row.get("billing province"), row.get("billing zip"), row.get("billing country")))}
				if err := p.addPersonal(pd, row.line, true); err != nil {
					return err
				}
			}
			cur, curLine, curRows = o, row.line, nil
		}
		q := row.get("lineitem quantity")
		if q == "" {
			return nil
		}
		n, err := parseInt(q)
		if err != nil || n <= 0 {
			cur, skip = nil, id
			return p.bad(&RowError{Line: row.line, Column: "Lineitem quantity", Reason: fmt.Sprintf("%s is not a positive whole number", quoteShort(q))})
		}
		price, err := parseMoney(row.get("lineitem price"))
		if err != nil {
			cur, skip = nil, id
			return p.bad(&RowError{Line: row.line, Column: "Lineitem price", Reason: err.Error()})
		}
		sku, title := row.get("lineitem sku"), row.get("lineitem name")
		item, ok := st.lookup(sku, "", title)
		if !ok {
			cur, skip = nil, id
			col, what := "Lineitem sku", sku
			if sku == "" {
				col, what = "Lineitem name", title
			}
			return p.bad(&RowError{Line: row.line, Column: col, Reason: fmt.Sprintf("%s is no product of the products export; import the products export together with the orders", quoteShort(what))})
		}
		cur.Lines = append(cur.Lines, shopmind.OrderLine{ItemID: item, Quantity: n, UnitPrice: price})
		curRows = append(curRows, row.line)
		return nil
	})
	if err != nil {
		return err
	}
	return finish()
}

// readShopifyCustomers reads Shopify's customers export: users (id from
// the e-mail address, so their orders find them) with their personal data,
// marketing consent and tags as attributes.
func (p *parser) readShopifyCustomers(r io.Reader) error {
	seen := make(map[string]int)
	return p.eachRow(r, func(row csvRow) error {
		email := row.get("email")
		if email == "" {
			return p.bad(&RowError{Line: row.line, Column: "Email", Reason: "is empty: a customer without an e-mail address cannot be matched to orders"})
		}
		u := &shopmind.User{ID: customerID(email)}
		if first, ok := seen[u.ID]; ok {
			return p.bad(&RowError{Line: row.line, Column: "Email", Reason: fmt.Sprintf("customer %s again (first on line %d)", quoteShort(email), first)})
		}
		seen[u.ID] = row.line
		consent := firstNonEmpty(row.get("accepts email marketing"), row.get("accepts marketing"))
		switch strings.ToLower(consent) {
		case "yes", "true":
			setAttr(&u.Attributes, "accepts_marketing", "yes")
		case "no", "false":
			setAttr(&u.Attributes, "accepts_marketing", "no")
		}
		if c := firstNonEmpty(row.get("country code"), row.get("default address country code"), row.get("country")); c != "" {
			setAttr(&u.Attributes, "country", c)
		}
		if t := row.get("tags"); t != "" {
			setAttr(&u.Attributes, "tags", strings.Join(splitList(t, ","), "|"))
		}
		if err := u.Validate(); err != nil {
			return p.bad(rowErr(p.file, row.line, "", err))
		}
		p.cur.users = append(p.cur.users, u)
		if err := p.added(); err != nil {
			return err
		}
		// Older exports name the address columns "Address1", "Zip"...,
		// newer ones "Default Address Address1"...; Shopify writes a zip
		// as '02118 so that spreadsheets keep its leading zero.
		addr := func(name string) string {
			return strings.TrimPrefix(firstNonEmpty(row.get(name), row.get("default address "+name)), "'")
		}
		name := strings.TrimSpace(row.get("first name") + " " + row.get("last name"))
		pd := &shopmind.UserPersonal{UserID: u.ID, Email: email, Name: name,
			Phone:   firstNonEmpty(row.get("phone"), row.get("default address phone")),
			Address: joinAddress(addr("address1"), addr("address2"), addr("city"), firstNonEmpty(addr("province"), addr("province code")), addr("zip"), firstNonEmpty(addr("country"), addr("country code")))}
		return p.addPersonal(pd, row.line, false)
	})
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

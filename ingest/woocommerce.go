package ingest

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopmind/shopmind"
)

// readWooProducts reads WooCommerce's product CSV export (Products >
// Export): one row per product (Type simple, variable, grouped, external)
// and one per variation (Type variation, Parent "id:<product ID>" or the
// product's SKU). Categories are "Clothing > Hoodies, Sale" (the first path
// is the item's category), Images a comma-separated list of URLs.
func (p *parser) readWooProducts(r io.Reader) error {
	var order []*platformProduct
	byRef := make(map[string]*platformProduct) // "id:12" and the SKU -> product
	type pendingVar struct {
		parent string
		v      *platformVariant
		name   string
	}
	var vars []pendingVar
	err := p.eachRow(r, func(row csvRow) error {
		wid, sku, typ := row.get("id"), row.get("sku"), strings.ToLower(row.get("type"))
		if wid == "" && sku == "" {
			return p.bad(&RowError{Line: row.line, Column: "ID", Reason: "a product needs an ID or a SKU"})
		}
		price, err := wooPrice(row)
		if err != nil {
			return p.bad(err)
		}
		stock, hasStock := 0, false
		if s := row.get("stock"); s != "" {
			n, err := parseInt(s)
			if err != nil {
				return p.bad(&RowError{Line: row.line, Column: "Stock", Reason: err.Error()})
			}
			stock, hasStock = n, true
		}
		var options []string
		for i := 1; ; i++ {
			if _, ok := row.cols[fmt.Sprintf("attribute %d name", i)]; !ok {
				break
			}
			if v := row.get(fmt.Sprintf("attribute %d value(s)", i)); v != "" {
				options = append(options, v)
			}
		}
		if strings.Contains(typ, "variation") {
			v := &platformVariant{sku: sku, ref: wid, price: price, stock: stock, line: row.line, options: options}
			if imgs := splitList(row.get("images"), ","); len(imgs) > 0 {
				v.image = imgs[0]
			}
			vars = append(vars, pendingVar{parent: row.get("parent"), v: v, name: row.get("name")})
			return nil
		}
		id := sku
		if id == "" {
			id = wid
		}
		pp := &platformProduct{id: id, ref: wid, line: row.line, hasStock: hasStock,
			item: shopmind.Item{ID: id, Title: row.get("name"), Active: row.get("published") != "0" && row.get("published") != "-1", Stock: stock, Price: price}}
		it := &pp.item
		it.Description = plainText(firstNonEmpty(row.get("description"), row.get("short description")))
		if cats := splitList(row.get("categories"), ","); len(cats) > 0 {
			it.Category = splitList(cats[0], ">")
		}
		it.Tags = splitList(row.get("tags"), ",")
		it.Brand = firstNonEmpty(row.get("brands"), row.get("brand"))
		for _, img := range splitList(row.get("images"), ",") {
			addImage(it, img)
		}
		for i := 1; ; i++ {
			if _, ok := row.cols[fmt.Sprintf("attribute %d name", i)]; !ok {
				break
			}
			if n := row.get(fmt.Sprintf("attribute %d name", i)); n != "" {
				pp.options = append(pp.options, n)
			}
		}
		if !strings.Contains(typ, "variable") {
			// A simple product is its own only variant; its attributes
			// (all values, comma-separated) describe it.
			pp.variants = []*platformVariant{{sku: sku, ref: wid, price: price, stock: stock, line: row.line}}
			for i, v := range options {
				setAttr(&it.Attributes, optionName(pp, i), strings.Join(splitList(v, ","), "|"))
			}
		}
		order = append(order, pp)
		if wid != "" {
			byRef["id:"+wid] = pp
		}
		if sku != "" {
			byRef[sku] = pp
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, pv := range vars {
		pp := byRef[pv.parent]
		if pp == nil {
			if e := p.bad(&RowError{Line: pv.v.line, Column: "Parent", Reason: fmt.Sprintf("variation of %s, which is not in this export", quoteShort(pv.parent))}); e != nil {
				return e
			}
			continue
		}
		pp.variants = append(pp.variants, pv.v)
		if pv.name != "" {
			p.platformState().byTitle[strings.ToLower(pv.name)] = pp.id
		}
	}
	for _, pp := range order {
		if len(pp.variants) > 0 && !pp.hasStock {
			pp.item.Stock = 0
		}
		if len(pp.variants) > 1 || (len(pp.variants) == 1 && len(pp.variants[0].options) > 0) {
			// A variable product: its price and stock come from its variations.
			pp.item.Price, pp.item.Stock = 0, 0
		}
		if err := p.emitProduct(pp, ", "); err != nil {
			return err
		}
	}
	return nil
}

// wooPrice is what a shopper pays: the sale price when one is set, else the
// regular price; a row with neither has price 0.
func wooPrice(row csvRow) (float64, *RowError) {
	for _, col := range [][2]string{{"sale price", "Sale price"}, {"regular price", "Regular price"}} {
		if s := row.get(col[0]); s != "" {
			f, err := parseMoney(s)
			if err != nil {
				return 0, &RowError{Line: row.line, Column: col[1], Reason: err.Error()}
			}
			return f, nil
		}
	}
	return 0, nil
}

// wooStatus maps WooCommerce order states (with or without "wc-").
func wooStatus(s string) (shopmind.OrderStatus, bool) {
	switch strings.TrimPrefix(strings.ToLower(s), "wc-") {
	case "completed":
		return shopmind.OrderDelivered, true
	case "processing":
		return shopmind.OrderPaid, true
	case "pending", "on-hold", "checkout-draft":
		return shopmind.OrderPending, true
	case "cancelled", "failed":
		return shopmind.OrderCancelled, true
	case "refunded":
		return shopmind.OrderRefunded, true
	}
	return "", false
}

// readWooOrders reads the WooCommerce order CSV written by the common
// "Order Export & Order Import for WooCommerce" plugin: one row per order,
// its lines in line_item_1, line_item_2... as
// "name:Hoodie - Blue|product_id:12|variation_id:15|sku:hoodie-blue|quantity:2|total:90.00".
func (p *parser) readWooOrders(r io.Reader) error {
	st := p.platformState()
	seen := make(map[string]int)
	return p.eachRow(r, func(row csvRow) error {
		id := firstNonEmpty(row.get("order_number"), row.get("order_id"))
		if id == "" {
			return p.bad(&RowError{Line: row.line, Column: "order_id", Reason: "is empty"})
		}
		if first, ok := seen[id]; ok {
			return p.bad(&RowError{Line: row.line, Column: "order_id", Reason: fmt.Sprintf("order %s again (first on line %d)", quoteShort(id), first)})
		}
		seen[id] = row.line
		status, ok := wooStatus(row.get("status"))
		if !ok {
			return p.bad(&RowError{Line: row.line, Column: "status", Reason: fmt.Sprintf("%s is not a WooCommerce order status (completed, processing, on-hold, pending, cancelled, failed, refunded)", quoteShort(row.get("status")))})
		}
		email := firstNonEmpty(row.get("customer_email"), row.get("billing_email"))
		user := "guest-" + slug(id)
		if email != "" {
			user = customerID(email)
		}
		o := &shopmind.Order{ID: id, UserID: user, Status: status, Currency: strings.ToUpper(row.get("order_currency"))}
		if t := row.get("order_date"); t != "" {
			ts, err := parsePlatformTime(t)
			if err != nil {
				return p.bad(&RowError{Line: row.line, Column: "order_date", Reason: err.Error()})
			}
			o.CreatedAt = ts
		}
		if t := row.get("order_total"); t != "" {
			f, err := parseMoney(t)
			if err != nil {
				return p.bad(&RowError{Line: row.line, Column: "order_total", Reason: err.Error()})
			}
			o.Total = f
		}
		var rows []int
		for i := 1; ; i++ {
			col := fmt.Sprintf("line_item_%d", i)
			if _, ok := row.cols[col]; !ok {
				break
			}
			cell := row.get(col)
			if cell == "" {
				continue
			}
			kv := wooLineItem(cell)
			q, err := parseInt(kv["quantity"])
			if err != nil || q <= 0 {
				return p.bad(&RowError{Line: row.line, Column: col, Reason: fmt.Sprintf("quantity %s is not a positive whole number", quoteShort(kv["quantity"]))})
			}
			total, err := parseMoney(firstNonEmpty(kv["total"], kv["sub_total"], "0"))
			if err != nil {
				return p.bad(&RowError{Line: row.line, Column: col, Reason: "total: " + err.Error()})
			}
			ref := kv["variation_id"]
			if ref == "" || ref == "0" {
				ref = kv["product_id"]
			}
			item, ok := st.lookup(kv["sku"], ref, kv["name"])
			if !ok && ref != kv["product_id"] {
				item, ok = st.lookup("", kv["product_id"], "")
			}
			if !ok {
				return p.bad(&RowError{Line: row.line, Column: col, Reason: fmt.Sprintf("%s is no product of the products export; import the products export together with the orders", quoteShort(firstNonEmpty(kv["sku"], kv["name"], kv["product_id"])))})
			}
			o.Lines = append(o.Lines, shopmind.OrderLine{ItemID: item, Quantity: q, UnitPrice: total / float64(q)})
			rows = append(rows, row.line)
		}
		p.addUserRef(user)
		if email != "" {
			pd := &shopmind.UserPersonal{UserID: user, Email: email,
				Name:  strings.TrimSpace(row.get("billing_first_name") + " " + row.get("billing_last_name")),
				Phone: row.get("billing_phone"),
				Address: firstNonEmpty(
					joinAddress(row.get("shipping_address_1"), row.get("shipping_address_2"), row.get("shipping_city"), row.get("shipping_state"), row.get("shipping_postcode"), row.get("shipping_country")),
					joinAddress(row.get("billing_address_1"), row.get("billing_address_2"), row.get("billing_city"), row.get("billing_state"), row.get("billing_postcode"), row.get("billing_country")))}
			if err := p.addPersonal(pd, row.line, true); err != nil {
				return err
			}
		}
		return p.addPlatformOrder(o, row.line, rows)
	})
}

// wooLineItem splits "name:Hoodie|product_id:12|quantity:2" into its keys.
// A part without a known "key:" continues the previous value (a name may
// hold "|").
func wooLineItem(s string) map[string]string {
	out := make(map[string]string)
	last := ""
	for part := range strings.SplitSeq(s, "|") {
		k, v, ok := strings.Cut(part, ":")
		k = strings.TrimSpace(strings.ToLower(k))
		if !ok || k == "" || strings.ContainsAny(k, " -") {
			if last != "" {
				out[last] += "|" + part
			}
			continue
		}
		out[k] = strings.TrimSpace(v)
		last = k
	}
	return out
}

package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// orderRow is one row of an orders file: the order's own fields and,
// optionally, one order line (item_id, quantity, unit_price columns).
type orderRow struct {
	o        shopmind.Order
	line     shopmind.OrderLine
	hasLine  bool // an item_id, quantity or unit_price column was set
	totalSet bool // the total column was set; otherwise total is computed
}

// orderSchema reads orders. In CSV an order may span several consecutive
// rows with the same id, one per line; order fields may be repeated on every
// row (they must agree) or given on the first only. Lines may also be given
// as a JSON array in the "lines" column.
func orderSchema() *schema[orderRow] {
	type T = orderRow
	return &schema[T]{
		entity: EntityOrders,
		fresh:  func() *T { return &T{} },
		cols: map[string]column[T]{
			"id":       textCol(func(t *T) *string { return &t.o.ID }),
			"user_id":  textCol(func(t *T) *string { return &t.o.UserID }),
			"status":   {text: func(t *T, s string) error { t.o.Status = shopmind.OrderStatus(s); return nil }},
			"currency": textCol(func(t *T) *string { return &t.o.Currency }),
			"total": {text: func(t *T, s string) error {
				f, err := parseFloat(s)
				t.o.Total, t.totalSet = f, true
				return err
			}},
			"lines":      jsonCol(func(t *T) any { return &t.o.Lines }, "an array of {item_id, quantity, unit_price}"),
			"history":    jsonCol(func(t *T) any { return &t.o.History }, "an array of {status, at}"),
			"created_at": timeCol(func(t *T) *time.Time { return &t.o.CreatedAt }),
			"updated_at": timeCol(func(t *T) *time.Time { return &t.o.UpdatedAt }),
			"item_id":    {text: func(t *T, s string) error { t.line.ItemID, t.hasLine = s, true; return nil }},
			"quantity": {text: func(t *T, s string) error {
				n, err := parseInt(s)
				t.line.Quantity, t.hasLine = n, true
				return err
			}},
			"unit_price": {text: func(t *T, s string) error {
				f, err := parseFloat(s)
				t.line.UnitPrice, t.hasLine = f, true
				return err
			}},
		},
		required: []string{"id", "user_id", "status"},
		id:       func(t *T) string { return t.o.ID },
	}
}

// jsonCol decodes a JSON value strictly (unknown keys are errors) into the
// pointer field returns; in CSV the cell holds the JSON text.
func jsonCol[T any](field func(*T) any, want string) column[T] {
	decode := func(t *T, raw []byte) error {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(field(t)); err != nil {
			return fmt.Errorf("%s is not %s: %v", quoteShort(string(raw)), want, err)
		}
		return nil
	}
	return column[T]{
		text: func(t *T, s string) error { return decode(t, []byte(s)) },
		json: func(t *T, raw json.RawMessage) error { return decode(t, raw) },
	}
}

// pendingOrder is an order being assembled from consecutive rows.
type pendingOrder struct {
	o        *shopmind.Order
	line     int   // first row
	rowLines []int // row of each line taken from item columns; 0 for lines from the "lines" column
	totalSet bool
}

// readOrders reads an orders file, grouping consecutive CSV rows by id.
func readOrders(p *parser, f File, r io.Reader) error {
	s := orderSchema()
	seen := make(map[string]int)
	var cur *pendingOrder
	// skipID is an order rejected (repeated id, or a bad row under Skip):
	// its further consecutive rows are skipped too, for skipWhy.
	skipID, skipWhy := "", ""
	finish := func() error {
		if cur == nil {
			return nil
		}
		po := cur
		cur = nil
		if !po.totalSet {
			for _, l := range po.o.Lines {
				po.o.Total += float64(l.Quantity) * l.UnitPrice
			}
		}
		if err := po.o.Validate(); err != nil {
			return p.bad(orderError(p.file, po, err))
		}
		p.cur.orders = append(p.cur.orders, po.o)
		p.cur.orderRows = append(p.cur.orderRows, po)
		return p.added()
	}
	accept := func(t *orderRow, line int) error {
		id := t.o.ID
		if cur != nil && id == cur.o.ID && f.Format != FormatJSONL {
			if col, ok := orderConflict(cur, t); !ok {
				return p.bad(&RowError{Line: line, Column: col, Reason: fmt.Sprintf("differs from line %d of the same order", cur.line)})
			}
			cur.o.Lines = append(cur.o.Lines, t.o.Lines...)
			for range t.o.Lines {
				cur.rowLines = append(cur.rowLines, 0)
			}
			if t.hasLine {
				cur.o.Lines = append(cur.o.Lines, t.line)
				cur.rowLines = append(cur.rowLines, line)
			}
			return nil
		}
		if id == skipID && id != "" && f.Format != FormatJSONL {
			return p.bad(&RowError{Line: line, Column: "id", Reason: skipWhy})
		}
		if err := finish(); err != nil {
			return err
		}
		if first, ok := seen[id]; ok && id != "" {
			skipID = id
			skipWhy = fmt.Sprintf("duplicate id %s (first on line %d)", quoteShort(id), first)
			return p.bad(&RowError{Line: line, Column: "id", Reason: skipWhy})
		}
		seen[id] = line
		skipID = ""
		o := t.o
		cur = &pendingOrder{o: &o, line: line, totalSet: t.totalSet}
		for range o.Lines {
			cur.rowLines = append(cur.rowLines, 0)
		}
		if t.hasLine {
			cur.o.Lines = append(cur.o.Lines, t.line)
			cur.rowLines = append(cur.rowLines, line)
		}
		return nil
	}
	// rejected drops the order a bad row belongs to, so that its other
	// rows do not make up an incomplete order.
	rejected := func(id string, line int) {
		id = strings.TrimSpace(id)
		if id == "" {
			return
		}
		if cur != nil && cur.o.ID == id {
			cur = nil
		}
		if _, ok := seen[id]; !ok {
			seen[id] = line
		}
		skipID, skipWhy = id, fmt.Sprintf("order %s skipped: its row on line %d is bad", quoteShort(id), line)
	}
	var err error
	if f.Format == FormatJSONL {
		err = readJSONL(p, r, s, accept)
	} else {
		err = readCSV(p, f, r, s, accept, rejected)
	}
	if err != nil {
		return err
	}
	return finish()
}

// orderConflict reports the first order column a continuation row sets to a
// value different from the order's first row.
func orderConflict(po *pendingOrder, t *orderRow) (string, bool) {
	a, b := po.o, &t.o
	switch {
	case b.UserID != "" && b.UserID != a.UserID:
		return "user_id", false
	case b.Status != "" && b.Status != a.Status:
		return "status", false
	case b.Currency != "" && b.Currency != a.Currency:
		return "currency", false
	case t.totalSet && (!po.totalSet || b.Total != a.Total):
		return "total", false
	case !b.CreatedAt.IsZero() && !b.CreatedAt.Equal(a.CreatedAt):
		return "created_at", false
	case !b.UpdatedAt.IsZero() && !b.UpdatedAt.Equal(a.UpdatedAt):
		return "updated_at", false
	case len(b.History) > 0:
		return "history", false
	}
	return "", true
}

var lineField = regexp.MustCompile(`^lines\[(\d+)\]\.(.+)$`)

// orderError locates a validation error: a line's error points at the row
// and column it came from.
func orderError(file string, po *pendingOrder, err error) *RowError {
	field := shopmind.ErrorField(err)
	if m := lineField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		if i < len(po.rowLines) && po.rowLines[i] > 0 {
			return rowErr(file, po.rowLines[i], m[2], err)
		}
		return rowErr(file, po.line, "lines", err)
	}
	return rowErr(file, po.line, "", err)
}

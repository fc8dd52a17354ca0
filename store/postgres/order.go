package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

const orderColumns = "id, user_id, status, currency, total, lines, history, created_at, updated_at"

// Order returns an order with its lines and history, or ENOTFOUND.
func (c *conn) Order(ctx context.Context, id string) (*shopmind.Order, error) {
	o, err := scanOrder(c.q().QueryRow(ctx, "SELECT "+orderColumns+" FROM orders WHERE id = $1", id))
	if isNoRows(err) {
		return nil, notFound("order", id)
	} else if err != nil {
		return nil, fmt.Errorf("order %s: %w", id, err)
	}
	return o, nil
}

// Orders returns orders matching f in ascending id order and the next cursor.
func (c *conn) Orders(ctx context.Context, f shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
	after, err := page.DecodeID(page.KindOrder, f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	var w where
	w.add("id > ?", after)
	if f.UserID != "" {
		w.add("user_id = ?", f.UserID)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if !f.CreatedFrom.IsZero() {
		w.add("created_at >= ?", f.CreatedFrom.UTC())
	}
	if !f.CreatedTo.IsZero() {
		w.add("created_at < ?", f.CreatedTo.UTC())
	}
	lim := w.arg(limit + 1)
	rows, err := c.q().Query(ctx, "SELECT "+orderColumns+" FROM orders"+w.sql()+" ORDER BY id LIMIT "+lim, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("orders: %w", err)
	}
	orders, err := collectRows(rows, scanOrder)
	if err != nil {
		return nil, "", fmt.Errorf("orders: %w", err)
	}
	next := ""
	if len(orders) > limit {
		orders = orders[:limit]
		next = page.EncodeID(page.KindOrder, orders[limit-1].ID)
	}
	return orders, next, nil
}

func scanOrder(row pgx.Row) (*shopmind.Order, error) {
	var (
		o              shopmind.Order
		lines, history []byte
	)
	if err := row.Scan(&o.ID, &o.UserID, &o.Status, &o.Currency, &o.Total, &lines, &history, &o.CreatedAt, &o.UpdatedAt); err != nil {
		return nil, err
	}
	if err := decodeJSON("lines", lines, &o.Lines); err != nil {
		return nil, err
	}
	if err := decodeJSON("history", history, &o.History); err != nil {
		return nil, err
	}
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return &o, nil
}

// upsertOrderSQL follows upsertItemSQL: $8 and $9 are the given CreatedAt and
// UpdatedAt or NULL, $10 is now.
const upsertOrderSQL = `INSERT INTO orders (id, user_id, status, currency, total, lines, history, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, $10::timestamptz), coalesce($9::timestamptz, $10::timestamptz))
ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, status = excluded.status,
	currency = excluded.currency, total = excluded.total, lines = excluded.lines, history = excluded.history,
	created_at = coalesce($8::timestamptz, orders.created_at), updated_at = excluded.updated_at
WHERE (orders.user_id, orders.status, orders.currency, orders.total, orders.lines, orders.history, orders.created_at)
	IS DISTINCT FROM (excluded.user_id, excluded.status, excluded.currency, excluded.total, excluded.lines,
		excluded.history, coalesce($8::timestamptz, orders.created_at))`

// UpsertOrders inserts or replaces orders by id, lines and history included,
// with the same rules as UpsertItems. Validation gives an order without
// history one entry: its status at CreatedAt (the stored CreatedAt, or now,
// when CreatedAt is zero).
func (c *conn) UpsertOrders(ctx context.Context, orders []*shopmind.Order) error {
	if err := shopmind.ValidateEach("orders", orders); err != nil {
		return err
	}
	if len(orders) == 0 {
		return nil
	}
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		created, err := storedCreated(ctx, tx, orders)
		if err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, o := range orders {
			lines, err := encodeJSON("lines", o.Lines)
			if err != nil {
				return err
			}
			at := storedTime(o.CreatedAt)
			if at.IsZero() {
				at = now
				if t, ok := created[o.ID]; ok {
					at = t
				}
			}
			history, err := encodeJSON("history", storedHistory(o.History, at))
			if err != nil {
				return err
			}
			b.Queue(upsertOrderSQL, o.ID, o.UserID, string(o.Status), o.Currency, o.Total, lines, history,
				stamp(o.CreatedAt), stamp(o.UpdatedAt), now)
		}
		return execBatch(ctx, tx, b, "upsert order")
	})
}

// storedCreated returns the stored CreatedAt of the orders that have none
// and a history entry without a time, which gets that CreatedAt. Resolving
// it against the stored row keeps re-importing such an order a no-op.
func storedCreated(ctx context.Context, tx pgx.Tx, orders []*shopmind.Order) (map[string]time.Time, error) {
	var ids []string
	for _, o := range orders {
		if !o.CreatedAt.IsZero() {
			continue
		}
		for _, h := range o.History {
			if h.At.IsZero() {
				ids = append(ids, o.ID)
				break
			}
		}
	}
	out := map[string]time.Time{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, "SELECT id, created_at FROM orders WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("upsert orders: created_at: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var t time.Time
		if err := rows.Scan(&id, &t); err != nil {
			return nil, fmt.Errorf("upsert orders: created_at: %w", err)
		}
		out[id] = t.UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("upsert orders: created_at: %w", err)
	}
	return out, nil
}

// storedHistory returns history as stored: times in UTC to the microsecond,
// zero times (from an order validated without CreatedAt) set to created.
func storedHistory(history []shopmind.StatusChange, created time.Time) []shopmind.StatusChange {
	if history == nil {
		return nil
	}
	h := make([]shopmind.StatusChange, len(history))
	for i, s := range history {
		h[i] = shopmind.StatusChange{Status: s.Status, At: storedTime(s.At)}
		if h[i].At.IsZero() {
			h[i].At = created
		}
	}
	return h
}

// DeleteOrder removes an order, or returns ENOTFOUND.
func (c *conn) DeleteOrder(ctx context.Context, id string) error {
	return c.deleteOne(ctx, "DELETE FROM orders WHERE id = $1", "order", id)
}

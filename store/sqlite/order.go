package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

const orderColumns = "id, user_id, status, currency, total, lines, history, created_at, updated_at"

// Order returns an order with its lines and history, or ENOTFOUND.
func (c *conn) Order(ctx context.Context, id string) (*shopmind.Order, error) {
	o, err := scanOrder(c.q().QueryRowContext(ctx, "SELECT "+orderColumns+" FROM orders WHERE id = ?", id))
	if err == sql.ErrNoRows {
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
	where, args := []string{"id > ?"}, []any{after}
	if f.UserID != "" {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if !f.CreatedFrom.IsZero() {
		where, args = append(where, "created_at >= ?"), append(args, micros(f.CreatedFrom))
	}
	if !f.CreatedTo.IsZero() {
		where, args = append(where, "created_at < ?"), append(args, micros(f.CreatedTo))
	}
	args = append(args, limit+1)
	rows, err := c.q().QueryContext(ctx, "SELECT "+orderColumns+" FROM orders WHERE "+strings.Join(where, " AND ")+
		" ORDER BY id LIMIT ?", args...)
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

func scanOrder(s scanner) (*shopmind.Order, error) {
	var (
		o                shopmind.Order
		lines, history   string
		created, updated int64
	)
	if err := s.Scan(&o.ID, &o.UserID, &o.Status, &o.Currency, &o.Total, &lines, &history, &created, &updated); err != nil {
		return nil, err
	}
	if err := decodeJSON("lines", lines, &o.Lines); err != nil {
		return nil, err
	}
	if err := decodeJSON("history", history, &o.History); err != nil {
		return nil, err
	}
	o.CreatedAt, o.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &o, nil
}

// upsertOrderSQL follows upsertItemSQL: ?8 and ?9 are the given CreatedAt and
// UpdatedAt or NULL, ?10 is now.
const upsertOrderSQL = `INSERT INTO orders (id, user_id, status, currency, total, lines, history, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ?10), coalesce(?9, ?10))
ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, status = excluded.status,
	currency = excluded.currency, total = excluded.total, lines = excluded.lines, history = excluded.history,
	created_at = coalesce(?8, orders.created_at), updated_at = excluded.updated_at
WHERE orders.user_id IS NOT excluded.user_id OR orders.status IS NOT excluded.status
	OR orders.currency IS NOT excluded.currency OR orders.total IS NOT excluded.total
	OR orders.lines IS NOT excluded.lines OR orders.history IS NOT excluded.history
	OR orders.created_at IS NOT coalesce(?8, orders.created_at)`

// UpsertOrders inserts or replaces orders by id, lines and history included,
// with the same rules as UpsertItems. Validation gives an order without
// history one entry: its status at CreatedAt (now when CreatedAt is zero).
func (c *conn) UpsertOrders(ctx context.Context, orders []*shopmind.Order) error {
	if err := shopmind.ValidateEach("orders", orders); err != nil {
		return err
	}
	if len(orders) == 0 {
		return nil
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		stmt, err := tx.PrepareContext(ctx, upsertOrderSQL)
		if err != nil {
			return fmt.Errorf("upsert orders: %w", err)
		}
		defer stmt.Close()
		for _, o := range orders {
			lines, err := encodeJSON("lines", o.Lines)
			if err != nil {
				return err
			}
			created, err := historyCreated(ctx, tx, o, now)
			if err != nil {
				return err
			}
			history, err := encodeJSON("history", storedHistory(o.History, created))
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, o.ID, o.UserID, string(o.Status), o.Currency, o.Total, lines, history,
				nullMicros(page.Time(o.CreatedAt)), nullMicros(page.Time(o.UpdatedAt)), micros(now)); err != nil {
				return fmt.Errorf("upsert order %s: %w", o.ID, formatError(err))
			}
		}
		return nil
	})
}

// historyCreated returns the time that replaces zero times in o.History:
// o.CreatedAt, else the stored order's CreatedAt, else now. Resolving it
// against the stored row keeps re-importing an order without CreatedAt a
// no-op.
func historyCreated(ctx context.Context, tx *sql.Tx, o *shopmind.Order, now time.Time) (time.Time, error) {
	if !o.CreatedAt.IsZero() {
		return page.Time(o.CreatedAt), nil
	}
	needed := false
	for _, h := range o.History {
		needed = needed || h.At.IsZero()
	}
	if !needed {
		return now, nil
	}
	var us int64
	err := tx.QueryRowContext(ctx, "SELECT created_at FROM orders WHERE id = ?", o.ID).Scan(&us)
	if err == sql.ErrNoRows {
		return now, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("upsert order %s: created_at: %w", o.ID, err)
	}
	return fromMicros(us), nil
}

// storedHistory returns history as stored: times in UTC to the microsecond,
// zero times (from an order validated without CreatedAt) set to created.
func storedHistory(history []shopmind.StatusChange, created time.Time) []shopmind.StatusChange {
	if history == nil {
		return nil
	}
	h := make([]shopmind.StatusChange, len(history))
	for i, s := range history {
		h[i] = shopmind.StatusChange{Status: s.Status, At: page.Time(s.At)}
		if h[i].At.IsZero() {
			h[i].At = created
		}
	}
	return h
}

// DeleteOrder removes an order, or returns ENOTFOUND.
func (c *conn) DeleteOrder(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM orders WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete order %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("order", id)
		}
		return nil
	})
}

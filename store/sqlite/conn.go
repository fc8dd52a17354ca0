package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// conn runs the Store methods either on the whole database (tx == nil), where
// each write gets its own transaction, or inside one transaction begun by
// DB.Tx, whose writes all share tx and one "now".
type conn struct {
	db  *DB
	tx  *sql.Tx
	now time.Time // fixed for the whole transaction when tx != nil
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// q returns where reads go: the transaction, or the database's cached
// statements (stmtcache.go).
func (c *conn) q() querier {
	if c.tx != nil {
		return c.tx
	}
	return c.db.reads
}

// write runs fn in a transaction: the conn's own, or a new one that commits
// when fn returns nil. now is the time to stamp rows with.
func (c *conn) write(ctx context.Context, fn func(tx *sql.Tx, now time.Time) error) error {
	if c.tx != nil {
		return fn(c.tx, c.now)
	}
	tx, err := c.db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", formatError(err))
	}
	defer tx.Rollback()
	if err := fn(tx, c.db.now()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", formatError(err))
	}
	return nil
}

// Tx is not allowed inside a transaction.
func (c *conn) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	if c.tx != nil {
		return shopmind.Errorf(shopmind.EINVALID, "transactions cannot be nested")
	}
	return c.db.Tx(ctx, fn)
}

// Ping reports whether the database answers.
func (c *conn) Ping(ctx context.Context) error {
	var one int
	if err := c.q().QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping sqlite: %w", err)
	}
	return nil
}

// Close is not allowed inside a transaction; the DB's Close shadows it.
func (c *conn) Close() error {
	return shopmind.Errorf(shopmind.EINVALID, "cannot close the store inside a transaction")
}

// Counts returns how many of each entity are stored.
func (c *conn) Counts(ctx context.Context) (shopmind.Counts, error) {
	var n shopmind.Counts
	err := c.q().QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM items), (SELECT count(*) FROM users), (SELECT count(*) FROM events),
		(SELECT count(*) FROM orders), (SELECT count(*) FROM reviews), (SELECT count(*) FROM images),
		(SELECT count(*) FROM models)`).Scan(&n.Items, &n.Users, &n.Events, &n.Orders, &n.Reviews, &n.Images, &n.Models)
	if err != nil {
		return n, fmt.Errorf("counts: %w", err)
	}
	return n, nil
}

// micros returns t as stored: microseconds since the epoch. The caller
// handles the zero time.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros is the inverse of micros, in UTC.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullMicros returns nil for the zero time, for COALESCE in upserts.
func nullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// encodeJSON returns v as JSON text; nil maps and slices become "null".
func encodeJSON(field string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %s: %w", field, err)
	}
	return string(b), nil
}

// decodeJSON fills v from JSON text.
func decodeJSON(field, s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("decode %s: %w", field, err)
	}
	return nil
}

// notFound returns an ENOTFOUND error for an entity kind and id.
func notFound(kind, id string) error {
	return shopmind.Errorf(shopmind.ENOTFOUND, "%s %q not found", kind, id)
}

// rowsAffected returns the number of rows a statement changed.
func rowsAffected(res sql.Result) int64 {
	n, err := res.RowsAffected()
	if err != nil {
		return 0
	}
	return n
}

// collectRows scans every row with scan and closes rows.
func collectRows[T any](rows *sql.Rows, scan func(scanner) (*T, error)) ([]*T, error) {
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// EventSpan returns the times of the oldest and newest stored events, zero
// without events. Both come from the events_time index.
func (c *conn) EventSpan(ctx context.Context) (shopmind.Span, error) {
	var first, last sql.NullInt64
	if err := c.q().QueryRowContext(ctx, "SELECT (SELECT min(time) FROM events), (SELECT max(time) FROM events)").Scan(&first, &last); err != nil {
		return shopmind.Span{}, fmt.Errorf("event span: %w", err)
	}
	if !first.Valid || !last.Valid {
		return shopmind.Span{}, nil
	}
	return shopmind.Span{First: fromMicros(first.Int64), Last: fromMicros(last.Int64)}, nil
}

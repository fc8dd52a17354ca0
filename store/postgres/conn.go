package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shopmind/shopmind"
)

// conn runs the Store methods either on the pool (tx == nil), where each
// write gets its own transaction, or inside one transaction begun by
// DB.Tx, whose writes all share tx and one "now".
type conn struct {
	db  *DB
	tx  pgx.Tx
	now time.Time // fixed for the whole transaction when tx != nil
}

// querier is what *pgxpool.Pool and pgx.Tx have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// q returns where reads go: the transaction, or the pool.
func (c *conn) q() querier {
	if c.tx != nil {
		return c.tx
	}
	return c.db.pool
}

// write runs fn in a transaction: the conn's own, or a new one that commits
// when fn returns nil. now is the time to stamp rows with.
func (c *conn) write(ctx context.Context, fn func(tx pgx.Tx, now time.Time) error) error {
	if c.tx != nil {
		return fn(c.tx, c.now)
	}
	tx, err := c.db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", formatError(err))
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx, c.db.now()); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
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
	if err := c.q().QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping postgres: %w", err)
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
	err := c.q().QueryRow(ctx, `SELECT
		(SELECT count(*) FROM items), (SELECT count(*) FROM users), (SELECT count(*) FROM events),
		(SELECT count(*) FROM orders), (SELECT count(*) FROM reviews), (SELECT count(*) FROM images),
		(SELECT count(*) FROM models)`).Scan(&n.Items, &n.Users, &n.Events, &n.Orders, &n.Reviews, &n.Images, &n.Models)
	if err != nil {
		return n, fmt.Errorf("counts: %w", err)
	}
	return n, nil
}

// stamp returns t as stored (UTC, microseconds), or nil for the zero time,
// for COALESCE in upserts.
func stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// storedTime returns t as the store keeps it: UTC, microseconds.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// encodeJSON returns v as JSON text for a jsonb parameter; nil maps and
// slices become JSON null.
func encodeJSON(field string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %s: %w", field, err)
	}
	return string(b), nil
}

// decodeJSON fills v from jsonb text.
func decodeJSON(field string, b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", field, err)
	}
	return nil
}

// notFound returns an ENOTFOUND error for an entity kind and id.
func notFound(kind, id string) error {
	return shopmind.Errorf(shopmind.ENOTFOUND, "%s %q not found", kind, id)
}

// execBatch sends queued statements in one round trip and returns the first
// error.
func execBatch(ctx context.Context, tx pgx.Tx, b *pgx.Batch, what string) error {
	res := tx.SendBatch(ctx, b)
	for i := range b.Len() {
		if _, err := res.Exec(); err != nil {
			res.Close()
			return fmt.Errorf("%s %d: %w", what, i, formatError(err))
		}
	}
	if err := res.Close(); err != nil {
		return fmt.Errorf("%s: %w", what, formatError(err))
	}
	return nil
}

// EventSpan returns the times of the oldest and newest stored events, zero
// without events. Both come from the events_time index.
func (c *conn) EventSpan(ctx context.Context) (shopmind.Span, error) {
	var first, last *time.Time
	if err := c.q().QueryRow(ctx, "SELECT (SELECT min(time) FROM events), (SELECT max(time) FROM events)").Scan(&first, &last); err != nil {
		return shopmind.Span{}, fmt.Errorf("event span: %w", err)
	}
	if first == nil || last == nil {
		return shopmind.Span{}, nil
	}
	return shopmind.Span{First: first.UTC(), Last: last.UTC()}, nil
}

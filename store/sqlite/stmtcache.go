package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statements a DB keeps prepared. The store's
// reads are a few dozen fixed texts; queries built with a variable number
// of placeholders beyond the bound are prepared per call, as before.
const maxCachedStmts = 256

// reads is the querier of reads outside a transaction. It differs from
// *sql.DB in two ways, both for the requests a server answers many times a
// second:
//
//   - Each query text is prepared once (per connection, by database/sql's
//     Stmt) instead of on every call: parsing and planning the SQL cost
//     more CPU than running most of the store's one-row and one-user reads
//     (a CPU profile of the recommendation route at 1,000 requests/s spent
//     19% in SQLite's parser).
//   - A query is not interrupted when its context is cancelled after it
//     started: modernc's driver interrupts the statement and then refuses
//     to return the connection to the pool (sqlite3_is_interrupted), so
//     every request whose client gave up cost a connection close (freeing
//     its page cache) and a cold open. A read that has not started when
//     the context is done still fails with the context's error, and reads
//     are bounded (LIMIT, one page), so they finish in milliseconds.
type reads struct {
	db *sql.DB

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newReads(db *sql.DB) *reads {
	return &reads{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the prepared statement of query, preparing it on first use,
// or nil when the cache is full.
func (r *reads) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	r.mu.RLock()
	s, ok := r.stmts[query]
	r.mu.RUnlock()
	if ok {
		return s, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.stmts[query]; ok {
		return s, nil
	}
	if len(r.stmts) >= maxCachedStmts {
		return nil, nil
	}
	s, err := r.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	r.stmts[query] = s
	return s, nil
}

// QueryContext runs a read through the statement cache.
func (r *reads) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ctx = context.WithoutCancel(ctx)
	s, err := r.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return r.db.QueryContext(ctx, query, args...)
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row read through the statement cache.
func (r *reads) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if ctx.Err() != nil {
		return r.db.QueryRowContext(ctx, query, args...) // fails with ctx's error, before running
	}
	ctx = context.WithoutCancel(ctx)
	s, err := r.stmt(ctx, query)
	if err != nil || s == nil {
		return r.db.QueryRowContext(ctx, query, args...) // the same error, or uncached
	}
	return s.QueryRowContext(ctx, args...)
}

// ExecContext is *sql.DB's: writes go through transactions (conn.write).
func (r *reads) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.db.ExecContext(ctx, query, args...)
}

// PrepareContext is *sql.DB's.
func (r *reads) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return r.db.PrepareContext(ctx, query)
}

// close closes the cached statements.
func (r *reads) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for q, s := range r.stmts {
		s.Close()
		delete(r.stmts, q)
	}
}

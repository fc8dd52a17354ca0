// Package postgres implements shopmind.Store on PostgreSQL with pgx and a
// connection pool, for shops that outgrow the embedded SQLite store.
//
// Times are timestamptz and come back in UTC, truncated to the microsecond
// like in the SQLite store; maps and slices are jsonb. Ids use the "C"
// collation, so listings sort byte by byte whatever the database locale.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// Compile-time checks.
var (
	_ shopmind.Store = (*DB)(nil)
	_ shopmind.Store = (*conn)(nil)
)

// DB is a PostgreSQL-backed shopmind.Store. The Store methods come from the
// embedded conn, bound to the pool; Tx hands fn a conn bound to one
// transaction.
type DB struct {
	*conn

	// Now returns the current time; it stamps CreatedAt and UpdatedAt. It is
	// read once per write transaction. Tests replace it.
	Now func() time.Time
	// LeaderCheckEvery is how often the leader's session is checked
	// (DefaultLeaderCheckEvery when zero); see Lead.
	LeaderCheckEvery time.Duration
	// ReconnectWait is the pause before WatchModels reconnects
	// (DefaultReconnectWait when zero).
	ReconnectWait time.Duration

	pool *pgxpool.Pool
	keys atomic.Pointer[seal.Keyring] // seals personal data; nil: plaintext (seal.go)
}

// Open connects to the database named by dsn (a postgres:// URL or
// "key=value" string, see pgxpool.ParseConfig) and applies pending
// migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, shopmind.FieldErrorf("dsn", "postgres dsn is not valid: %v", err)
	}
	return OpenConfig(ctx, cfg)
}

// OpenConfig is Open with a parsed pool configuration, for callers that set
// pool sizes or runtime parameters such as search_path.
func OpenConfig(ctx context.Context, cfg *pgxpool.Config) (*DB, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if _, err := Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	if err := reindexItems(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	db := &DB{Now: time.Now, pool: pool}
	db.conn = &conn{db: db}
	return db, nil
}

// Pool returns the underlying connection pool, for tools and tests.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Close closes every connection of the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping postgres: %w", err)
	}
	return nil
}

// Tx runs fn with a Store bound to one transaction. It commits when fn
// returns nil and rolls back otherwise (also when fn panics).
func (db *DB) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", formatError(err))
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := fn(&conn{db: db, tx: tx, now: db.now()}); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", formatError(err))
	}
	committed = true
	return nil
}

// now returns the current time as stored: UTC, microseconds.
func (db *DB) now() time.Time {
	return db.Now().UTC().Truncate(time.Microsecond)
}

// PostgreSQL error codes the store translates.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
	codeSerialization       = "40001"
	codeDeadlock            = "40P01"
)

// formatError turns driver errors into shopmind errors where a code fits:
// unique violations become ECONFLICT. Other errors pass through.
func formatError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case codeUniqueViolation:
		return &shopmind.Error{Code: shopmind.ECONFLICT, Message: "the entity already exists"}
	case codeForeignKeyViolation:
		return &shopmind.Error{Code: shopmind.ENOTFOUND, Message: "a referenced entity does not exist"}
	case codeSerialization, codeDeadlock:
		return &shopmind.Error{Code: shopmind.EUNAVAILABLE, Message: "the database is busy, try again"}
	}
	return err
}

// isNoRows reports whether err means a query returned no row.
func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

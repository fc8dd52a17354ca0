// Package sqlite implements shopmind.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go), the store shopmind uses by default.
//
// The database runs in WAL mode so readers never wait for the writer, with
// synchronous=FULL by default (a commit is on disk before it is
// acknowledged; Options.Synchronous can trade that for NORMAL, durable at
// checkpoints) and a busy timeout so concurrent writers queue instead of
// failing. Concurrent AddEvents calls on the database are committed together
// in one transaction (groupcommit.go), so the fsync of each commit is shared. Write transactions begin IMMEDIATE: they take the write lock up
// front, which avoids the deadlock of two readers upgrading to writers.
//
// Times are stored as microseconds since the Unix epoch in UTC, so every
// time read back is UTC and truncated to the microsecond. Maps and slices
// are stored as JSON text and come back nil or empty exactly as stored.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// Compile-time checks.
var (
	_ shopmind.Store = (*DB)(nil)
	_ shopmind.Store = (*conn)(nil)
)

// DB is a SQLite-backed shopmind.Store. The Store methods come from the
// embedded conn, bound to the whole database; Tx hands fn a conn bound to
// one transaction.
type DB struct {
	*conn

	// Now returns the current time; it stamps CreatedAt and UpdatedAt. It is
	// read once per write transaction. Tests replace it.
	Now func() time.Time

	sql   *sql.DB
	reads *reads // reads outside transactions: prepared once, not interrupted (stmtcache.go)
	path  string
	group *groupCommit                 // joins concurrent AddEvents calls into one commit
	keys  atomic.Pointer[seal.Keyring] // seals personal data; nil: plaintext (seal.go)
	// exclusive serialises Exclusive calls of one key (cluster.go).
	exclusive keyedLocks
}

// Open opens (creating if needed) the SQLite database at path with
// DefaultOptions and applies pending migrations. path ":memory:" gives a
// private in-memory database, held on a single connection because every new
// connection to ":memory:" would be a different, empty database.
func Open(ctx context.Context, path string) (*DB, error) {
	return OpenWith(ctx, path, DefaultOptions())
}

// OpenWith is Open with options. An invalid option fails with EINVALID
// naming it.
func OpenWith(ctx context.Context, path string, opts Options) (*DB, error) {
	synchronous, err := opts.Synchronous.pragma()
	if err != nil {
		return nil, err
	}
	if path == "" {
		return nil, shopmind.FieldErrorf("path", "sqlite path is required")
	}
	if strings.ContainsRune(path, '?') {
		return nil, shopmind.FieldErrorf("path", "sqlite path must not contain '?'")
	}
	memory := path == ":memory:"
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous("+synchronous+")")
	// A bigger page cache (up to 256 MiB per connection, allocated as
	// used; negative means KiB) keeps bulk event loads from thrashing the
	// randomly ordered id, user and item indexes: it cut the CPU time of
	// loading 1M events by about a fifth against 64 MiB.
	q.Add("_pragma", "cache_size(-262144)")
	q.Add("_pragma", "temp_store(MEMORY)")
	// Overwrite deleted content, so erased personal data does not linger in
	// free pages of the file.
	q.Add("_pragma", "secure_delete(1)")
	if !memory {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Set("_txlock", "immediate")
	if !memory && !strings.HasPrefix(path, "file:") {
		// Create the file readable by its owner only, before the driver
		// would create it with the umask's mode (usually 0644): it holds
		// customers' personal data. SQLite gives the -wal and -shm files the
		// main file's mode. An existing file keeps its mode.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		f.Close()
	}
	sdb, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	if memory {
		sdb.SetMaxOpenConns(1)
	} else {
		sdb.SetMaxOpenConns(max(4, runtime.NumCPU()))
	}
	// Keep idle connections (and their warmed caches) around; never expire
	// them, which for ":memory:" would drop the database.
	sdb.SetMaxIdleConns(max(4, runtime.NumCPU()))
	sdb.SetConnMaxIdleTime(0)
	sdb.SetConnMaxLifetime(0)

	db := &DB{Now: time.Now, sql: sdb, reads: newReads(sdb), path: path}
	db.conn = &conn{db: db}
	db.group = &groupCommit{db: db, maxEvents: maxGroupEvents}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if _, err := Migrate(ctx, sdb); err != nil {
		sdb.Close()
		return nil, err
	}
	if err := reindexItems(ctx, sdb); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// SQL returns the underlying database handle, for tools and tests.
func (db *DB) SQL() *sql.DB { return db.sql }

// Path returns the path the database was opened with.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error {
	db.reads.close()
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close sqlite: %w", err)
	}
	return nil
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping sqlite: %w", err)
	}
	return nil
}

// Tx runs fn with a Store bound to one write transaction. It commits when fn
// returns nil and rolls back otherwise (also when fn panics). Inside fn, use
// only the Store fn is given: the database itself may be waiting for the
// transaction's connection.
func (db *DB) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", formatError(err))
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	if err := fn(&conn{db: db, tx: tx, now: db.now()}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", formatError(err))
	}
	committed = true
	return nil
}

// now returns the current time as stored: UTC, microseconds.
func (db *DB) now() time.Time {
	return db.Now().UTC().Truncate(time.Microsecond)
}

// formatError turns driver errors into shopmind errors where a code fits:
// constraint violations become ECONFLICT. Other errors pass through.
func formatError(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &shopmind.Error{Code: shopmind.ECONFLICT, Message: "the entity already exists"}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return &shopmind.Error{Code: shopmind.ENOTFOUND, Message: "a referenced entity does not exist"}
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &shopmind.Error{Code: shopmind.EUNAVAILABLE, Message: "the database is busy, try again"}
	}
	return err
}

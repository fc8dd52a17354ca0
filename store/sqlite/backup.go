package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"

	"github.com/shopmind/shopmind"
)

// Backup writes a consistent copy of the whole database to path with
// VACUUM INTO: one read transaction, so the copy is the database as of one
// moment while other connections and processes go on reading and writing
// (WAL). The copy is written next to path under a temporary name, checked
// with PRAGMA integrity_check and then renamed to path, which it replaces:
// a failed or interrupted backup never leaves a partial file at path.
func (db *DB) Backup(ctx context.Context, path string) error {
	if path == "" {
		return shopmind.FieldErrorf("path", "the backup file is required")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if same, _ := sameFile(abs, db.path); same {
		return shopmind.FieldErrorf("path", "the backup file %s is the database itself", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp.Close()
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath) // a no-op after the rename
	// VACUUM INTO wants a file that does not exist or is empty: it is.
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", tmpPath); err != nil {
		return fmt.Errorf("backup: vacuum into %s: %w", tmpPath, formatError(err))
	}
	if err := CheckFile(ctx, tmpPath); err != nil {
		return fmt.Errorf("backup: the copy does not check: %w", err)
	}
	if err := os.Rename(tmpPath, abs); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// CheckFile opens the SQLite file at path read-only and checks that it is a
// sound shopmind store: PRAGMA integrity_check passes, it has the
// schema_migrations table, and no migration newer than this program knows.
// A file that fails is EINVALID with Field "path".
func CheckFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return shopmind.FieldErrorf("path", "%v", err)
	}
	sdb, err := sql.Open("sqlite", readOnlyURI(path))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer sdb.Close()
	var result []string
	rows, err := sdb.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return shopmind.FieldErrorf("path", "%s is not a readable SQLite database: %v", path, err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check of %s: %w", path, err)
		}
		result = append(result, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return shopmind.FieldErrorf("path", "%s is not a readable SQLite database: %v", path, err)
	}
	if len(result) != 1 || result[0] != "ok" {
		return shopmind.FieldErrorf("path", "%s fails the integrity check: %s", path, strings.Join(result, "; "))
	}
	var version sql.NullInt64
	if err := sdb.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&version); err != nil {
		return shopmind.FieldErrorf("path", "%s is a SQLite database but not a shopmind store (no schema_migrations)", path)
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	if latest := ms[len(ms)-1].version; version.Int64 > int64(latest) {
		return shopmind.FieldErrorf("path", "%s has schema version %d, newer than this shopmind's %d: restore it with a newer shopmind", path, version.Int64, latest)
	}
	return nil
}

// Empty reports whether the store holds no data at all: no row in any
// table but the migrations', the data keys' (bookkeeping a store records
// when it is first given a data key) and the catalog version's (a counter
// every store has from its creation).
func (db *DB) Empty(ctx context.Context) (bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'data_keys', 'catalog_version')`)
	if err != nil {
		return false, fmt.Errorf("list tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return false, err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, t := range tables {
		var any bool
		q := `SELECT EXISTS (SELECT 1 FROM "` + strings.ReplaceAll(t, `"`, `""`) + `")`
		if err := db.sql.QueryRowContext(ctx, q).Scan(&any); err != nil {
			return false, fmt.Errorf("count %s: %w", t, err)
		}
		if any {
			return false, nil
		}
	}
	return true, nil
}

// Restore replaces all of the database's content with the backup at path
// (see Backup), after checking the backup with CheckFile. It copies with
// SQLite's online backup API into this database, in one write transaction:
// other connections see the old content or the new, never a mix, and the
// WAL stays consistent. Then it applies any migrations the backup predates.
// Restore does not check that the database is empty; the caller decides
// (see Empty). Processes serving this database keep their in-memory state
// (models, catalogs): stop them first.
func (db *DB) Restore(ctx context.Context, path string) error {
	if err := CheckFile(ctx, path); err != nil {
		return err
	}
	if same, _ := sameFile(path, db.path); same {
		return shopmind.FieldErrorf("path", "the backup file %s is the database itself", path)
	}
	c, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = c.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(srcURI string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the sqlite driver cannot restore backups")
		}
		b, err := r.NewRestore(readOnlyURI(path))
		if err != nil {
			return formatError(err)
		}
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return formatError(err)
		}
		return b.Finish()
	})
	// The connection's schema cache is stale after the pages changed under
	// it: never hand it back to the pool.
	c.Raw(func(any) error { return driver.ErrBadConn })
	c.Close()
	if err != nil {
		return fmt.Errorf("restore from %s: %w", path, err)
	}
	if _, err := Migrate(ctx, db.sql); err != nil {
		return fmt.Errorf("restore: migrate: %w", err)
	}
	return nil
}

// readOnlyURI is the SQLite URI that opens path read-only.
func readOnlyURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	u := url.URL{Scheme: "file", OmitHost: true, Path: abs, RawQuery: "mode=ro"}
	return u.String()
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}

// OpenReadOnly opens the SQLite store at path read-only and without
// migrating it, to look into a backup. Writes fail.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, shopmind.FieldErrorf("path", "%v", err)
	}
	sdb, err := sql.Open("sqlite", readOnlyURI(path))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db := &DB{Now: time.Now, sql: sdb, reads: newReads(sdb), path: path}
	db.conn = &conn{db: db}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

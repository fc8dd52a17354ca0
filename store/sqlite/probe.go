package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.WriteProber = (*DB)(nil)

// probeWait is how long ProbeWrite waits for the write lock.
const probeWait = time.Second

// ProbeWrite takes the database's write lock (BEGIN IMMEDIATE) and rolls
// back, on a connection whose busy timeout is probeWait: when another
// writer (an import in another process, a backup) holds the lock for
// longer, writes would wait and fail, and the probe says so.
func (db *DB) ProbeWrite(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*probeWait) // a bound should the driver miss the busy timeout
	defer cancel()
	c, err := db.sql.Conn(ctx)
	if err != nil {
		return unwritable(err)
	}
	defer c.Close()
	var busy int64
	if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
		return unwritable(err)
	}
	if _, err := c.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", probeWait.Milliseconds())); err != nil {
		return unwritable(err)
	}
	// Put the pool's busy timeout (see Open) back for the connection's
	// next user.
	defer c.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", busy))
	tx, err := c.BeginTx(ctx, nil) // _txlock=immediate: BEGIN IMMEDIATE
	if err != nil {
		return unwritable(err)
	}
	if err := tx.Rollback(); err != nil {
		return unwritable(err)
	}
	return nil
}

func unwritable(err error) error {
	reason := err.Error()
	if shopmind.ErrorCode(formatError(err)) == shopmind.EUNAVAILABLE {
		reason = "another writer holds the database's write lock (an import or a backup in another process?)"
	}
	return shopmind.Errorf(shopmind.EUNAVAILABLE, "the store cannot take writes: %s", reason)
}

// SingleWriter reports that SQLite has one write lock for the whole
// database: a long import yields it between batches (see ingest).
func (db *DB) SingleWriter() bool { return true }

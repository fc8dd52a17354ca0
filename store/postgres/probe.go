package postgres

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.WriteProber = (*DB)(nil)

// probeWait bounds ProbeWrite.
const probeWait = time.Second

// ProbeWrite begins a transaction, makes PostgreSQL assign it a transaction
// id (which a read-only server or a standby refuses) and rolls back.
func (db *DB) ProbeWrite(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, probeWait)
	defer cancel()
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return unwritable(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var xid int64
	if err := tx.QueryRow(ctx, "SELECT txid_current()").Scan(&xid); err != nil {
		return unwritable(err)
	}
	return nil
}

func unwritable(err error) error {
	return shopmind.Errorf(shopmind.EUNAVAILABLE, "the store cannot take writes: %v", err)
}

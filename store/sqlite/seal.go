package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
	"github.com/shopmind/shopmind/store/internal/sealed"
)

var _ seal.Store = (*DB)(nil)

// keyring returns the keys personal data is sealed with; nil means none
// (values are written as plaintext).
func (c *conn) keyring() *seal.Keyring { return c.db.keys.Load() }

// recordKey notes, in the transaction that writes a value sealed with k,
// that the store holds values of k.
func recordKey(ctx context.Context, tx *sql.Tx, k *seal.Keyring, now time.Time) error {
	if k == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO data_keys (key_id, created_at) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING",
		k.KeyID(), micros(now)); err != nil {
		return fmt.Errorf("record data key: %w", formatError(err))
	}
	return nil
}

// DataKeys returns the ids of the keys the store's personal data is sealed
// with, sorted.
func (c *conn) DataKeys(ctx context.Context) ([]string, error) {
	rows, err := c.q().QueryContext(ctx, "SELECT key_id FROM data_keys ORDER BY key_id")
	if err != nil {
		return nil, fmt.Errorf("data keys: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("data keys: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data keys: %w", err)
	}
	return ids, nil
}

// UseKeys makes the store seal personal data with r; see seal.Store.
func (db *DB) UseKeys(ctx context.Context, r *seal.Keyring) error {
	ids, err := db.DataKeys(ctx)
	if err != nil {
		return err
	}
	if err := sealed.Check(ids, r); err != nil {
		return err
	}
	db.keys.Store(r)
	if r != nil && len(ids) == 0 {
		if _, err := db.Reseal(ctx); err != nil {
			db.keys.Store(nil)
			return err
		}
	}
	return nil
}

// resealSpecs pages through the sealed tables by primary key.
var resealSpecs = []sealed.Spec{
	{Table: sealed.Personal, Keys: 1, Start: []any{""},
		Select: "SELECT user_id, email, name, phone, address FROM user_personal WHERE user_id > ? ORDER BY user_id LIMIT ?",
		Update: "UPDATE user_personal SET email = ?, name = ?, phone = ?, address = ? WHERE user_id = ?"},
	{Table: sealed.Messages, Keys: 2, Start: []any{"", 0},
		Select: `SELECT conversation_id, seq, author, text, slots, actions FROM messages
			WHERE (conversation_id, seq) > (?, ?) ORDER BY conversation_id, seq LIMIT ?`,
		Update: "UPDATE messages SET author = ?, text = ?, slots = ?, actions = ? WHERE conversation_id = ? AND seq = ?"},
	{Table: sealed.Conversations, Keys: 1, Start: []any{""}, Blob: true,
		Select: "SELECT id, state FROM conversations WHERE id > ? ORDER BY id LIMIT ?",
		Update: "UPDATE conversations SET state = ? WHERE id = ?"},
}

// Reseal seals every personal value with the current key in one
// transaction and leaves the current key as the only one recorded; see
// seal.Store. Afterwards the WAL is checkpointed and truncated, so the
// bytes it rewrote (plaintext, or values of an old key) leave the WAL too;
// secure_delete has overwritten them in the main file.
func (db *DB) Reseal(ctx context.Context) (int, error) {
	k := db.keys.Load()
	if k == nil {
		return 0, shopmind.Errorf(shopmind.EDATAKEY, "no data key to seal personal data with")
	}
	n := 0
	err := db.conn.write(ctx, func(tx *sql.Tx, now time.Time) error {
		n = 0
		for _, spec := range resealSpecs {
			m, err := sealed.Reseal(ctx, txRunner{tx}, k, spec)
			n += m
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM data_keys WHERE key_id <> ?", k.KeyID()); err != nil {
			return fmt.Errorf("reseal: data keys: %w", err)
		}
		return recordKey(ctx, tx, k, now)
	})
	if err != nil {
		return 0, err
	}
	if n > 0 && db.path != ":memory:" {
		if _, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return n, fmt.Errorf("reseal: checkpoint: %w", err)
		}
	}
	return n, nil
}

// txRunner runs a Reseal's statements in tx.
type txRunner struct{ tx *sql.Tx }

func (r txRunner) Rows(ctx context.Context, query string, args []any, cols int) ([][]any, error) {
	rows, err := r.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		row := make([]any, cols)
		dest := make([]any, cols)
		for i := range row {
			dest[i] = &row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

func (r txRunner) Exec(ctx context.Context, query string, args []any) error {
	_, err := r.tx.ExecContext(ctx, query, args...)
	return formatError(err)
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
	"github.com/shopmind/shopmind/store/internal/sealed"
)

var _ seal.Store = (*DB)(nil)

// keyring returns the keys personal data is sealed with; nil means none
// (values are written as plaintext).
func (c *conn) keyring() *seal.Keyring { return c.db.keys.Load() }

// recordKey notes, in the transaction that writes a value sealed with k,
// that the store holds values of k. Reseal locks data_keys first, so a
// write racing a rotation either commits before it (and is resealed) or
// records its key after it.
func recordKey(ctx context.Context, tx pgx.Tx, k *seal.Keyring, now time.Time) error {
	if k == nil {
		return nil
	}
	if _, err := tx.Exec(ctx, "INSERT INTO data_keys (key_id, created_at) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING",
		k.KeyID(), now); err != nil {
		return fmt.Errorf("record data key: %w", formatError(err))
	}
	return nil
}

// DataKeys returns the ids of the keys the store's personal data is sealed
// with, sorted.
func (c *conn) DataKeys(ctx context.Context) ([]string, error) {
	rows, err := c.q().Query(ctx, "SELECT key_id FROM data_keys ORDER BY key_id")
	if err != nil {
		return nil, fmt.Errorf("data keys: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
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
		Select: "SELECT user_id, email, name, phone, address FROM user_personal WHERE user_id > $1 ORDER BY user_id LIMIT $2",
		Update: "UPDATE user_personal SET email = $1, name = $2, phone = $3, address = $4 WHERE user_id = $5"},
	{Table: sealed.Messages, Keys: 2, Start: []any{"", 0},
		Select: `SELECT conversation_id, seq, author, text, slots, actions FROM messages
			WHERE (conversation_id, seq) > ($1, $2) ORDER BY conversation_id, seq LIMIT $3`,
		Update: "UPDATE messages SET author = $1, text = $2, slots = $3, actions = $4 WHERE conversation_id = $5 AND seq = $6"},
	{Table: sealed.Conversations, Keys: 1, Start: []any{""}, Blob: true,
		Select: "SELECT id, state FROM conversations WHERE id > $1 ORDER BY id LIMIT $2",
		Update: "UPDATE conversations SET state = $1 WHERE id = $2"},
}

// Reseal seals every personal value with the current key in one
// transaction and leaves the current key as the only one recorded; see
// seal.Store. The old row versions stay in the table files until VACUUM
// reclaims them (docs/security.md).
func (db *DB) Reseal(ctx context.Context) (int, error) {
	k := db.keys.Load()
	if k == nil {
		return 0, shopmind.Errorf(shopmind.EDATAKEY, "no data key to seal personal data with")
	}
	n := 0
	err := db.conn.write(ctx, func(tx pgx.Tx, now time.Time) error {
		n = 0
		// Writers record their key in data_keys before they commit; the
		// lock makes them wait until the re-sealed data has committed.
		if _, err := tx.Exec(ctx, "LOCK TABLE data_keys IN EXCLUSIVE MODE"); err != nil {
			return fmt.Errorf("reseal: lock: %w", formatError(err))
		}
		for _, spec := range resealSpecs {
			m, err := sealed.Reseal(ctx, txRunner{tx}, k, spec)
			n += m
			if err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM data_keys WHERE key_id <> $1", k.KeyID()); err != nil {
			return fmt.Errorf("reseal: data keys: %w", err)
		}
		return recordKey(ctx, tx, k, now)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// txRunner runs a Reseal's statements in tx.
type txRunner struct{ tx pgx.Tx }

func (r txRunner) Rows(ctx context.Context, query string, args []any, cols int) ([][]any, error) {
	rows, err := r.tx.Query(ctx, query, args...)
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
	_, err := r.tx.Exec(ctx, query, args...)
	return formatError(err)
}

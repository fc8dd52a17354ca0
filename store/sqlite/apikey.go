package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

const keyColumns = "id, name, role, hash, created_at, last_used, origins"

// CreateKey stores a key. It returns EINVALID for a bad id, role or hash
// and ECONFLICT when the id or the hash is stored already. A zero CreatedAt
// becomes now.
func (c *conn) CreateKey(ctx context.Context, k *shopmind.APIKey) error {
	if err := validateKey(k); err != nil {
		return err
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		created := page.Time(k.CreatedAt)
		if created.IsZero() {
			created = now
		}
		var last any
		if k.LastUsed != nil && !k.LastUsed.IsZero() {
			last = micros(page.Time(*k.LastUsed))
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO api_keys ("+keyColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
			k.ID, k.Name, string(k.Role), k.Hash, micros(created), last, strings.Join(k.Origins, " "))
		if err != nil {
			return fmt.Errorf("create key %s: %w", k.ID, formatError(err))
		}
		k.CreatedAt = created
		return nil
	})
}

func validateKey(k *shopmind.APIKey) error {
	if k == nil {
		return shopmind.FieldErrorf("id", "key is missing")
	}
	if err := shopmind.ValidateID("id", k.ID); err != nil {
		return err
	}
	if err := shopmind.ValidateKeyRole(k.Role, k.Origins); err != nil {
		return err
	}
	if err := shopmind.ValidateID("hash", k.Hash); err != nil {
		return err
	}
	return nil
}

// KeyByHash returns the key with the given secret hash, or ENOTFOUND.
func (c *conn) KeyByHash(ctx context.Context, hash string) (*shopmind.APIKey, error) {
	k, err := scanKey(c.q().QueryRowContext(ctx, "SELECT "+keyColumns+" FROM api_keys WHERE hash = ?", hash))
	if err == sql.ErrNoRows {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "key not found")
	} else if err != nil {
		return nil, fmt.Errorf("key by hash: %w", err)
	}
	return k, nil
}

// Keys lists every key, oldest first.
func (c *conn) Keys(ctx context.Context) ([]*shopmind.APIKey, error) {
	rows, err := c.q().QueryContext(ctx, "SELECT "+keyColumns+" FROM api_keys ORDER BY created_at, id")
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	keys, err := collectRows(rows, scanKey)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return keys, nil
}

func scanKey(s scanner) (*shopmind.APIKey, error) {
	var (
		k       shopmind.APIKey
		created int64
		last    sql.NullInt64
		origins string
	)
	if err := s.Scan(&k.ID, &k.Name, &k.Role, &k.Hash, &created, &last, &origins); err != nil {
		return nil, err
	}
	if origins != "" {
		k.Origins = strings.Fields(origins)
	}
	k.CreatedAt = fromMicros(created)
	if last.Valid {
		t := fromMicros(last.Int64)
		k.LastUsed = &t
	}
	return &k, nil
}

// DeleteKey revokes a key, or returns ENOTFOUND.
func (c *conn) DeleteKey(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM api_keys WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete key %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("key", id)
		}
		return nil
	})
}

// TouchKey records that a key was used at t, or returns ENOTFOUND. An older
// t than the one recorded is ignored, so out-of-order touches keep the
// latest use.
func (c *conn) TouchKey(ctx context.Context, id string, t time.Time) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "UPDATE api_keys SET last_used = max(coalesce(last_used, ?2), ?2) WHERE id = ?1",
			id, micros(page.Time(t)))
		if err != nil {
			return fmt.Errorf("touch key %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("key", id)
		}
		return nil
	})
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// SaveModel stores m as the next version of m.Name (1 for a new name) and
// sets m.Version and m.CreatedAt (now, unless set). The name must be a
// valid id (EINVALID, field "name").
func (c *conn) SaveModel(ctx context.Context, m *shopmind.Model) error {
	if m == nil {
		return shopmind.FieldErrorf("name", "model is missing")
	}
	if err := shopmind.ValidateID("name", m.Name); err != nil {
		return err
	}
	metrics, err := encodeJSON("metrics", m.Metrics)
	if err != nil {
		return err
	}
	data := m.Data
	if data == nil {
		data = []byte{}
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		created := m.CreatedAt.UTC().Truncate(time.Microsecond)
		if m.CreatedAt.IsZero() {
			created = now
		}
		var version int
		err := tx.QueryRowContext(ctx, `INSERT INTO models (name, version, config_hash, data, metrics, created_at)
			SELECT ?1, coalesce(max(version), 0) + 1, ?2, ?3, ?4, ?5 FROM models WHERE name = ?1
			RETURNING version`, m.Name, m.ConfigHash, data, metrics, micros(created)).Scan(&version)
		if err != nil {
			return fmt.Errorf("save model %s: %w", m.Name, formatError(err))
		}
		m.Version, m.CreatedAt = version, created
		return nil
	})
}

// Model returns one version of a model, the newest for version 0, or
// ENOTFOUND.
func (c *conn) Model(ctx context.Context, name string, version int) (*shopmind.Model, error) {
	q := "SELECT name, version, config_hash, data, metrics, created_at FROM models WHERE name = ? AND version = ?"
	args := []any{name, version}
	if version == 0 {
		q = "SELECT name, version, config_hash, data, metrics, created_at FROM models WHERE name = ? ORDER BY version DESC LIMIT 1"
		args = args[:1]
	}
	m, err := scanModel(c.q().QueryRowContext(ctx, q, args...), true)
	if err == sql.ErrNoRows {
		if version == 0 {
			return nil, notFound("model", name)
		}
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "model %q version %d not found", name, version)
	} else if err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	return m, nil
}

// Models lists, without their Data, the newest version of every model in
// name order, or every version of name (oldest first) when name is not
// empty.
func (c *conn) Models(ctx context.Context, name string) ([]*shopmind.Model, error) {
	q := `SELECT name, version, config_hash, metrics, created_at FROM models
		WHERE (name, version) IN (SELECT name, max(version) FROM models GROUP BY name) ORDER BY name`
	var args []any
	if name != "" {
		q = "SELECT name, version, config_hash, metrics, created_at FROM models WHERE name = ? ORDER BY version"
		args = append(args, name)
	}
	rows, err := c.q().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	defer rows.Close()
	var models []*shopmind.Model
	for rows.Next() {
		m, err := scanModel(rows, false)
		if err != nil {
			return nil, fmt.Errorf("models: %w", err)
		}
		models = append(models, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return models, nil
}

func scanModel(s scanner, withData bool) (*shopmind.Model, error) {
	var (
		m       shopmind.Model
		metrics string
		created int64
	)
	dest := []any{&m.Name, &m.Version, &m.ConfigHash, &metrics, &created}
	if withData {
		dest = []any{&m.Name, &m.Version, &m.ConfigHash, &m.Data, &metrics, &created}
	}
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if err := decodeJSON("metrics", metrics, &m.Metrics); err != nil {
		return nil, err
	}
	if withData && m.Data == nil {
		m.Data = []byte{}
	}
	m.CreatedAt = fromMicros(created)
	return &m, nil
}

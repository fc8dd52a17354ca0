package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
)

// SaveModel stores m as the next version of m.Name (1 for a new name) and
// sets m.Version and m.CreatedAt (now, unless set). The name must be a
// valid id (EINVALID, field "name"). Concurrent saves of one name queue on
// an advisory lock, so versions never collide. The version is announced to
// WatchModels on commit.
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
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		created := storedTime(m.CreatedAt)
		if created.IsZero() {
			created = now
		}
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended('shopmind/model/' || $1::text, 0))", m.Name); err != nil {
			return fmt.Errorf("save model %s: lock: %w", m.Name, err)
		}
		var version int
		err := tx.QueryRow(ctx, `INSERT INTO models (name, version, config_hash, data, metrics, created_at)
			SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5 FROM models WHERE name = $1
			RETURNING version`, m.Name, m.ConfigHash, data, metrics, created).Scan(&version)
		if err != nil {
			return fmt.Errorf("save model %s: %w", m.Name, formatError(err))
		}
		// Every node listening hears of the version when it is committed
		// (WatchModels).
		if _, err := tx.Exec(ctx, notifySQL, m.Name, version); err != nil {
			return fmt.Errorf("save model %s: notify: %w", m.Name, err)
		}
		m.Version, m.CreatedAt = version, created
		return nil
	})
}

const modelColumns = "name, version, config_hash, metrics, created_at"

// Model returns one version of a model, the newest for version 0, or
// ENOTFOUND.
func (c *conn) Model(ctx context.Context, name string, version int) (*shopmind.Model, error) {
	q := "SELECT " + modelColumns + ", data FROM models WHERE name = $1 AND version = $2"
	args := []any{name, version}
	if version == 0 {
		q = "SELECT " + modelColumns + ", data FROM models WHERE name = $1 ORDER BY version DESC LIMIT 1"
		args = args[:1]
	}
	m, err := scanModel(c.q().QueryRow(ctx, q, args...), true)
	if isNoRows(err) {
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
	q := "SELECT DISTINCT ON (name) " + modelColumns + " FROM models ORDER BY name, version DESC"
	var args []any
	if name != "" {
		q = "SELECT " + modelColumns + " FROM models WHERE name = $1 ORDER BY version"
		args = append(args, name)
	}
	rows, err := c.q().Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	models, err := collectRows(rows, func(row pgx.Row) (*shopmind.Model, error) { return scanModel(row, false) })
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return models, nil
}

func scanModel(row pgx.Row, withData bool) (*shopmind.Model, error) {
	var (
		m       shopmind.Model
		metrics []byte
	)
	dest := []any{&m.Name, &m.Version, &m.ConfigHash, &metrics, &m.CreatedAt}
	if withData {
		dest = append(dest, &m.Data)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if err := decodeJSON("metrics", metrics, &m.Metrics); err != nil {
		return nil, err
	}
	if withData && m.Data == nil {
		m.Data = []byte{}
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return &m, nil
}

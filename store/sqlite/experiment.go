package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

const experimentColumns = "id, name, description, surface, variants, control, status, horizon, attribution_hours, alpha, started_at, ended_at, created_at, updated_at"

// kindExposure is the cursor kind of exposure lists.
const kindExposure = "x"

// CreateExperiment stores a new experiment after validating it; ECONFLICT
// when the id exists.
func (c *conn) CreateExperiment(ctx context.Context, e *shopmind.Experiment) error {
	if e == nil {
		return shopmind.FieldErrorf("id", "experiment is missing")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		args, err := experimentArgs(e, now, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO experiments ("+experimentColumns+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", args...); err != nil {
			return fmt.Errorf("create experiment %s: %w", e.ID, formatError(err))
		}
		e.CreatedAt, e.UpdatedAt = now, now
		e.StartedAt, e.EndedAt = storedPtr(e.StartedAt), storedPtr(e.EndedAt)
		return nil
	})
}

// UpdateExperiment replaces a stored experiment, keeping CreatedAt; ENOTFOUND
// when it does not exist.
func (c *conn) UpdateExperiment(ctx context.Context, e *shopmind.Experiment) error {
	if e == nil {
		return shopmind.FieldErrorf("id", "experiment is missing")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var created int64
		err := tx.QueryRowContext(ctx, "SELECT created_at FROM experiments WHERE id = ?", e.ID).Scan(&created)
		if err == sql.ErrNoRows {
			return notFound("experiment", e.ID)
		} else if err != nil {
			return fmt.Errorf("update experiment %s: %w", e.ID, err)
		}
		args, err := experimentArgs(e, fromMicros(created), now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE experiments SET name = ?2, description = ?3, surface = ?4, variants = ?5,
			control = ?6, status = ?7, horizon = ?8, attribution_hours = ?9, alpha = ?10, started_at = ?11, ended_at = ?12,
			created_at = ?13, updated_at = ?14 WHERE id = ?1`, args...); err != nil {
			return fmt.Errorf("update experiment %s: %w", e.ID, formatError(err))
		}
		e.CreatedAt, e.UpdatedAt = fromMicros(created), now
		e.StartedAt, e.EndedAt = storedPtr(e.StartedAt), storedPtr(e.EndedAt)
		return nil
	})
}

func experimentArgs(e *shopmind.Experiment, created, updated time.Time) ([]any, error) {
	variants, err := encodeJSON("variants", e.Variants)
	if err != nil {
		return nil, err
	}
	return []any{e.ID, e.Name, e.Description, e.Surface, variants, e.Control, string(e.Status), e.Horizon,
		e.AttributionHours, e.Alpha, microsPtr(e.StartedAt), microsPtr(e.EndedAt), micros(created), micros(updated)}, nil
}

func microsPtr(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return micros(page.Time(*t))
}

func storedPtr(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	s := page.Time(*t)
	return &s
}

// Experiment returns an experiment, or ENOTFOUND.
func (c *conn) Experiment(ctx context.Context, id string) (*shopmind.Experiment, error) {
	e, err := scanExperiment(c.q().QueryRowContext(ctx, "SELECT "+experimentColumns+" FROM experiments WHERE id = ?", id))
	if err == sql.ErrNoRows {
		return nil, notFound("experiment", id)
	} else if err != nil {
		return nil, fmt.Errorf("experiment %s: %w", id, err)
	}
	return e, nil
}

// Experiments lists experiments matching f in id order.
func (c *conn) Experiments(ctx context.Context, f shopmind.ExperimentFilter) ([]*shopmind.Experiment, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.Surface != "" {
		where, args = append(where, "surface = ?"), append(args, f.Surface)
	}
	q := "SELECT " + experimentColumns + " FROM experiments"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := c.q().QueryContext(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	out, err := collectRows(rows, scanExperiment)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	return out, nil
}

func scanExperiment(s scanner) (*shopmind.Experiment, error) {
	var (
		e                shopmind.Experiment
		variants         string
		started, ended   sql.NullInt64
		created, updated int64
	)
	if err := s.Scan(&e.ID, &e.Name, &e.Description, &e.Surface, &variants, &e.Control, &e.Status, &e.Horizon,
		&e.AttributionHours, &e.Alpha, &started, &ended, &created, &updated); err != nil {
		return nil, err
	}
	if err := decodeJSON("variants", variants, &e.Variants); err != nil {
		return nil, err
	}
	if started.Valid {
		t := fromMicros(started.Int64)
		e.StartedAt = &t
	}
	if ended.Valid {
		t := fromMicros(ended.Int64)
		e.EndedAt = &t
	}
	e.CreatedAt, e.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &e, nil
}

// DeleteExperiment removes an experiment and its exposures, or returns
// ENOTFOUND.
func (c *conn) DeleteExperiment(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM exposures WHERE experiment_id = ?", id); err != nil {
			return fmt.Errorf("delete experiment %s: %w", id, formatError(err))
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM experiments WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete experiment %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("experiment", id)
		}
		return nil
	})
}

// AddExposures stores the exposures not stored yet (by RecommendationID)
// and returns how many were new. An invalid exposure fails the call with
// EINVALID ("exposures[2].user_id"); one whose experiment does not exist
// with ENOTFOUND. Nothing is stored on error.
func (c *conn) AddExposures(ctx context.Context, xs []*shopmind.Exposure) (int, error) {
	if err := shopmind.ValidateEach("exposures", xs); err != nil {
		return 0, err
	}
	if len(xs) == 0 {
		return 0, nil
	}
	added := 0
	err := c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO exposures (recommendation_id, experiment_id, variant, user_id, item_ids, time)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (recommendation_id) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("add exposures: prepare: %w", err)
		}
		defer stmt.Close()
		for _, x := range xs {
			items, err := encodeJSON("item_ids", x.ItemIDs)
			if err != nil {
				return err
			}
			res, err := stmt.ExecContext(ctx, x.RecommendationID, x.ExperimentID, x.Variant, x.UserID, items, micros(page.Time(x.Time)))
			if err != nil {
				if shopmind.ErrorCode(formatError(err)) == shopmind.ENOTFOUND {
					return notFound("experiment", x.ExperimentID)
				}
				return fmt.Errorf("add exposures: %w", formatError(err))
			}
			added += int(rowsAffected(res))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// Exposures returns an experiment's exposures matching f in (time,
// recommendation id) order, and the next cursor.
func (c *conn) Exposures(ctx context.Context, f shopmind.ExposureFilter) ([]*shopmind.Exposure, string, error) {
	if err := shopmind.ValidateID("experiment_id", f.ExperimentID); err != nil {
		return nil, "", err
	}
	at, afterID, err := decodeExposureCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	where, args := []string{"experiment_id = ?"}, []any{f.ExperimentID}
	if afterID != "" {
		where, args = append(where, "(time, recommendation_id) > (?, ?)"), append(args, micros(at), afterID)
	}
	if f.UserID != "" {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	rows, err := c.q().QueryContext(ctx, `SELECT recommendation_id, experiment_id, variant, user_id, item_ids, time FROM exposures
		WHERE `+strings.Join(where, " AND ")+" ORDER BY time, recommendation_id LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("exposures: %w", err)
	}
	defer rows.Close()
	var out []*shopmind.Exposure
	for rows.Next() {
		var (
			x     shopmind.Exposure
			items string
			us    int64
		)
		if err := rows.Scan(&x.RecommendationID, &x.ExperimentID, &x.Variant, &x.UserID, &items, &us); err != nil {
			return nil, "", fmt.Errorf("exposures: %w", err)
		}
		if err := decodeJSON("item_ids", items, &x.ItemIDs); err != nil {
			return nil, "", err
		}
		x.Time = fromMicros(us)
		out = append(out, &x)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("exposures: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = page.EncodeID(kindExposure, strconv.FormatInt(micros(last.Time), 10)+":"+last.RecommendationID)
	}
	return out, next, nil
}

// decodeExposureCursor returns the time and recommendation id inside an
// exposure cursor; "" for an empty one.
func decodeExposureCursor(cursor string) (time.Time, string, error) {
	s, err := page.DecodeID(kindExposure, cursor)
	if err != nil || s == "" {
		return time.Time{}, "", err
	}
	us, id, ok := strings.Cut(s, ":")
	n, perr := strconv.ParseInt(us, 10, 64)
	if !ok || id == "" || perr != nil {
		return time.Time{}, "", shopmind.FieldErrorf("after", "after is not a cursor returned by this list")
	}
	return fromMicros(n), id, nil
}

package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		args, err := experimentArgs(e, now, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO experiments ("+experimentColumns+") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)", args...); err != nil {
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
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		var created time.Time
		err := tx.QueryRow(ctx, "SELECT created_at FROM experiments WHERE id = $1 FOR UPDATE", e.ID).Scan(&created)
		if isNoRows(err) {
			return notFound("experiment", e.ID)
		} else if err != nil {
			return fmt.Errorf("update experiment %s: %w", e.ID, err)
		}
		created = created.UTC()
		args, err := experimentArgs(e, created, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE experiments SET name = $2, description = $3, surface = $4, variants = $5,
			control = $6, status = $7, horizon = $8, attribution_hours = $9, alpha = $10, started_at = $11, ended_at = $12,
			created_at = $13, updated_at = $14 WHERE id = $1`, args...); err != nil {
			return fmt.Errorf("update experiment %s: %w", e.ID, formatError(err))
		}
		e.CreatedAt, e.UpdatedAt = created, now
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
		e.AttributionHours, e.Alpha, timePtr(e.StartedAt), timePtr(e.EndedAt), created, updated}, nil
}

func timePtr(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return storedTime(*t)
}

func storedPtr(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	s := storedTime(*t)
	return &s
}

// Experiment returns an experiment, or ENOTFOUND.
func (c *conn) Experiment(ctx context.Context, id string) (*shopmind.Experiment, error) {
	e, err := scanExperiment(c.q().QueryRow(ctx, "SELECT "+experimentColumns+" FROM experiments WHERE id = $1", id))
	if isNoRows(err) {
		return nil, notFound("experiment", id)
	} else if err != nil {
		return nil, fmt.Errorf("experiment %s: %w", id, err)
	}
	return e, nil
}

// Experiments lists experiments matching f in id order.
func (c *conn) Experiments(ctx context.Context, f shopmind.ExperimentFilter) ([]*shopmind.Experiment, error) {
	var w where
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Surface != "" {
		w.add("surface = ?", f.Surface)
	}
	rows, err := c.q().Query(ctx, "SELECT "+experimentColumns+" FROM experiments"+w.sql()+" ORDER BY id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	out, err := collectRows(rows, scanExperiment)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	return out, nil
}

func scanExperiment(row pgx.Row) (*shopmind.Experiment, error) {
	var (
		e              shopmind.Experiment
		variants       []byte
		started, ended *time.Time
	)
	if err := row.Scan(&e.ID, &e.Name, &e.Description, &e.Surface, &variants, &e.Control, &e.Status, &e.Horizon,
		&e.AttributionHours, &e.Alpha, &started, &ended, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	if err := decodeJSON("variants", variants, &e.Variants); err != nil {
		return nil, err
	}
	e.StartedAt, e.EndedAt = storedPtr(started), storedPtr(ended)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// DeleteExperiment removes an experiment and its exposures, or returns
// ENOTFOUND.
func (c *conn) DeleteExperiment(ctx context.Context, id string) error {
	return c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		tag, err := tx.Exec(ctx, "DELETE FROM experiments WHERE id = $1", id)
		if err != nil {
			return fmt.Errorf("delete experiment %s: %w", id, formatError(err))
		}
		if tag.RowsAffected() == 0 {
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
	err := c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		for _, x := range xs {
			items, err := encodeJSON("item_ids", x.ItemIDs)
			if err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `INSERT INTO exposures (recommendation_id, experiment_id, variant, user_id, item_ids, time)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (recommendation_id) DO NOTHING`,
				x.RecommendationID, x.ExperimentID, x.Variant, x.UserID, items, storedTime(x.Time))
			if err != nil {
				if shopmind.ErrorCode(formatError(err)) == shopmind.ENOTFOUND {
					return notFound("experiment", x.ExperimentID)
				}
				return fmt.Errorf("add exposures: %w", formatError(err))
			}
			added += int(tag.RowsAffected())
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
	var w where
	w.add("experiment_id = ?", f.ExperimentID)
	if afterID != "" {
		w.add("(time, recommendation_id) > (?, ?)", at, afterID)
	}
	if f.UserID != "" {
		w.add("user_id = ?", f.UserID)
	}
	rows, err := c.q().Query(ctx, `SELECT recommendation_id, experiment_id, variant, user_id, item_ids, time FROM exposures`+
		w.sql()+" ORDER BY time, recommendation_id LIMIT "+strconv.Itoa(limit+1), w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("exposures: %w", err)
	}
	out, err := collectRows(rows, func(row pgx.Row) (*shopmind.Exposure, error) {
		var (
			x     shopmind.Exposure
			items []byte
		)
		if err := row.Scan(&x.RecommendationID, &x.ExperimentID, &x.Variant, &x.UserID, &items, &x.Time); err != nil {
			return nil, err
		}
		if err := decodeJSON("item_ids", items, &x.ItemIDs); err != nil {
			return nil, err
		}
		x.Time = x.Time.UTC()
		return &x, nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("exposures: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = page.EncodeID(kindExposure, strconv.FormatInt(last.Time.UnixMicro(), 10)+":"+last.RecommendationID)
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
	return time.UnixMicro(n).UTC(), id, nil
}

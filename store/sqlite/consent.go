package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// Consent returns the user's stored consent, or the zero Consent.
func (c *conn) Consent(ctx context.Context, userID string) (*shopmind.Consent, error) {
	if err := shopmind.ValidateID("user_id", userID); err != nil {
		return nil, err
	}
	out := &shopmind.Consent{UserID: userID}
	var updated int64
	err := c.q().QueryRowContext(ctx, "SELECT no_personalisation, no_marketing, updated_at FROM consents WHERE user_id = ?", userID).
		Scan(&out.NoPersonalisation, &out.NoMarketing, &updated)
	if err == sql.ErrNoRows {
		return out, nil
	} else if err != nil {
		return nil, fmt.Errorf("consent %s: %w", userID, err)
	}
	out.UpdatedAt = fromMicros(updated)
	return out, nil
}

// SetConsents stores consents in one transaction, replacing those of the
// same users.
func (c *conn) SetConsents(ctx context.Context, cs []*shopmind.Consent) error {
	if err := shopmind.ValidateEach("consents", cs); err != nil {
		return err
	}
	if len(cs) == 0 {
		return nil
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO consents (user_id, no_personalisation, no_marketing, updated_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET no_personalisation = excluded.no_personalisation,
			no_marketing = excluded.no_marketing, updated_at = excluded.updated_at`)
		if err != nil {
			return fmt.Errorf("set consents: %w", err)
		}
		defer stmt.Close()
		for _, k := range cs {
			if _, err := stmt.ExecContext(ctx, k.UserID, k.NoPersonalisation, k.NoMarketing, micros(now)); err != nil {
				return fmt.Errorf("set consent %s: %w", k.UserID, formatError(err))
			}
		}
		for _, k := range cs {
			k.UpdatedAt = now
		}
		return nil
	})
}

// OptedOut returns the users who refuse p, in id order.
func (c *conn) OptedOut(ctx context.Context, p shopmind.ConsentPurpose) ([]string, error) {
	var col string
	switch p {
	case shopmind.PurposePersonalisation:
		col = "no_personalisation"
	case shopmind.PurposeMarketing:
		col = "no_marketing"
	default:
		return nil, shopmind.FieldErrorf("purpose", "purpose %q is not one of personalisation, marketing", p)
	}
	rows, err := c.q().QueryContext(ctx, "SELECT user_id FROM consents WHERE "+col+" = 1 ORDER BY user_id")
	if err != nil {
		return nil, fmt.Errorf("opted out of %s: %w", p, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("opted out of %s: %w", p, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opted out of %s: %w", p, err)
	}
	return ids, nil
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
)

// Consent returns the user's stored consent, or the zero Consent.
func (c *conn) Consent(ctx context.Context, userID string) (*shopmind.Consent, error) {
	if err := shopmind.ValidateID("user_id", userID); err != nil {
		return nil, err
	}
	out := &shopmind.Consent{UserID: userID}
	err := c.q().QueryRow(ctx, "SELECT no_personalisation, no_marketing, updated_at FROM consents WHERE user_id = $1", userID).
		Scan(&out.NoPersonalisation, &out.NoMarketing, &out.UpdatedAt)
	if isNoRows(err) {
		return out, nil
	} else if err != nil {
		return nil, fmt.Errorf("consent %s: %w", userID, err)
	}
	out.UpdatedAt = out.UpdatedAt.UTC()
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
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		b := &pgx.Batch{}
		for _, k := range cs {
			b.Queue(`INSERT INTO consents (user_id, no_personalisation, no_marketing, updated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (user_id) DO UPDATE SET no_personalisation = excluded.no_personalisation,
				no_marketing = excluded.no_marketing, updated_at = excluded.updated_at`,
				k.UserID, k.NoPersonalisation, k.NoMarketing, now)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("set consents: %w", formatError(err))
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
	rows, err := c.q().Query(ctx, "SELECT user_id FROM consents WHERE "+col+" ORDER BY user_id")
	if err != nil {
		return nil, fmt.Errorf("opted out of %s: %w", p, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("opted out of %s: %w", p, err)
	}
	return ids, nil
}

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

const promotionColumns = "id, name, kind, start_day, end_day, item_ids, categories, created_at, updated_at"

// kindPromotion is the cursor kind of promotion lists.
const kindPromotion = "p"

// Promotion returns the promotion with the given id, or ENOTFOUND.
func (c *conn) Promotion(ctx context.Context, id string) (*shopmind.Promotion, error) {
	p, err := scanPromotion(c.q().QueryRowContext(ctx, "SELECT "+promotionColumns+" FROM promotions WHERE id = ?", id))
	if err == sql.ErrNoRows {
		return nil, notFound("promotion", id)
	} else if err != nil {
		return nil, fmt.Errorf("promotion %s: %w", id, err)
	}
	return p, nil
}

// Promotions returns promotions matching f in ascending id order and the
// cursor of the next page, "" on the last page.
func (c *conn) Promotions(ctx context.Context, f shopmind.PromotionFilter) ([]*shopmind.Promotion, string, error) {
	after, err := page.DecodeID(kindPromotion, f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	where, args := []string{"id > ?"}, []any{after}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(f.Kind))
	}
	if !f.From.IsZero() {
		where, args = append(where, "end_day >= ?"), append(args, micros(shopmind.Day(f.From)))
	}
	if !f.To.IsZero() {
		where, args = append(where, "start_day <= ?"), append(args, micros(shopmind.Day(f.To)))
	}
	args = append(args, limit+1)
	rows, err := c.q().QueryContext(ctx, "SELECT "+promotionColumns+" FROM promotions WHERE "+strings.Join(where, " AND ")+
		" ORDER BY id LIMIT ?", args...)
	if err != nil {
		return nil, "", fmt.Errorf("promotions: %w", err)
	}
	ps, err := collectRows(rows, scanPromotion)
	if err != nil {
		return nil, "", fmt.Errorf("promotions: %w", err)
	}
	next := ""
	if len(ps) > limit {
		ps = ps[:limit]
		next = page.EncodeID(kindPromotion, ps[limit-1].ID)
	}
	return ps, next, nil
}

func scanPromotion(s scanner) (*shopmind.Promotion, error) {
	var (
		p                        shopmind.Promotion
		items, cats              string
		start, end, created, upd int64
	)
	if err := s.Scan(&p.ID, &p.Name, &p.Kind, &start, &end, &items, &cats, &created, &upd); err != nil {
		return nil, err
	}
	if err := decodeJSON("item_ids", items, &p.ItemIDs); err != nil {
		return nil, err
	}
	if err := decodeJSON("categories", cats, &p.Categories); err != nil {
		return nil, err
	}
	p.Start, p.End = fromMicros(start), fromMicros(end)
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(upd)
	return &p, nil
}

// upsertPromotionSQL inserts a promotion or replaces it when any content
// differs; ?8 is now.
const upsertPromotionSQL = `INSERT INTO promotions (` + promotionColumns + `)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
ON CONFLICT (id) DO UPDATE SET
	name = excluded.name, kind = excluded.kind, start_day = excluded.start_day, end_day = excluded.end_day,
	item_ids = excluded.item_ids, categories = excluded.categories, updated_at = excluded.updated_at
WHERE promotions.name IS NOT excluded.name OR promotions.kind IS NOT excluded.kind
	OR promotions.start_day IS NOT excluded.start_day OR promotions.end_day IS NOT excluded.end_day
	OR promotions.item_ids IS NOT excluded.item_ids OR promotions.categories IS NOT excluded.categories`

// UpsertPromotions inserts or replaces promotions by id. Every promotion is
// validated first; an invalid one fails the call with EINVALID and a field
// such as "promotions[2].end", and nothing is written.
func (c *conn) UpsertPromotions(ctx context.Context, ps []*shopmind.Promotion) error {
	if err := shopmind.ValidateEach("promotions", ps); err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		stmt, err := tx.PrepareContext(ctx, upsertPromotionSQL)
		if err != nil {
			return fmt.Errorf("upsert promotions: %w", err)
		}
		defer stmt.Close()
		for _, p := range ps {
			items, err := encodeJSON("item_ids", p.ItemIDs)
			if err != nil {
				return err
			}
			cats, err := encodeJSON("categories", p.Categories)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, p.ID, p.Name, string(p.Kind), micros(p.Start), micros(p.End),
				items, cats, micros(page.Time(now))); err != nil {
				return fmt.Errorf("upsert promotion %s: %w", p.ID, formatError(err))
			}
		}
		return nil
	})
}

// DeletePromotion removes a promotion, or returns ENOTFOUND.
func (c *conn) DeletePromotion(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM promotions WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete promotion %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("promotion", id)
		}
		return nil
	})
}

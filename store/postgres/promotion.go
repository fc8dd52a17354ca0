package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

const promotionColumns = "id, name, kind, start_day, end_day, item_ids, categories, created_at, updated_at"

// kindPromotion is the cursor kind of promotion lists.
const kindPromotion = "p"

// Promotion returns the promotion with the given id, or ENOTFOUND.
func (c *conn) Promotion(ctx context.Context, id string) (*shopmind.Promotion, error) {
	p, err := scanPromotion(c.q().QueryRow(ctx, "SELECT "+promotionColumns+" FROM promotions WHERE id = $1", id))
	if isNoRows(err) {
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
	var w where
	w.add("id > ?", after)
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if !f.From.IsZero() {
		w.add("end_day >= ?", shopmind.Day(f.From))
	}
	if !f.To.IsZero() {
		w.add("start_day <= ?", shopmind.Day(f.To))
	}
	lim := w.arg(limit + 1)
	rows, err := c.q().Query(ctx, "SELECT "+promotionColumns+" FROM promotions"+w.sql()+" ORDER BY id LIMIT "+lim, w.args...)
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

func scanPromotion(row pgx.Row) (*shopmind.Promotion, error) {
	var (
		p           shopmind.Promotion
		items, cats []byte
	)
	if err := row.Scan(&p.ID, &p.Name, &p.Kind, &p.Start, &p.End, &items, &cats, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	if err := decodeJSON("item_ids", items, &p.ItemIDs); err != nil {
		return nil, err
	}
	if err := decodeJSON("categories", cats, &p.Categories); err != nil {
		return nil, err
	}
	p.Start, p.End = p.Start.UTC(), p.End.UTC()
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// upsertPromotionSQL inserts a promotion or replaces it when any content
// differs; $8 is now.
const upsertPromotionSQL = `INSERT INTO promotions (` + promotionColumns + `)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
ON CONFLICT (id) DO UPDATE SET
	name = excluded.name, kind = excluded.kind, start_day = excluded.start_day, end_day = excluded.end_day,
	item_ids = excluded.item_ids, categories = excluded.categories, updated_at = excluded.updated_at
WHERE (promotions.name, promotions.kind, promotions.start_day, promotions.end_day, promotions.item_ids, promotions.categories)
	IS DISTINCT FROM (excluded.name, excluded.kind, excluded.start_day, excluded.end_day, excluded.item_ids, excluded.categories)`

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
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		b := &pgx.Batch{}
		for _, p := range ps {
			items, err := encodeJSON("item_ids", p.ItemIDs)
			if err != nil {
				return err
			}
			cats, err := encodeJSON("categories", p.Categories)
			if err != nil {
				return err
			}
			b.Queue(upsertPromotionSQL, p.ID, p.Name, string(p.Kind), p.Start, p.End, items, cats, now)
		}
		return execBatch(ctx, tx, b, "upsert promotion")
	})
}

// DeletePromotion removes a promotion, or returns ENOTFOUND.
func (c *conn) DeletePromotion(ctx context.Context, id string) error {
	return c.deleteOne(ctx, "DELETE FROM promotions WHERE id = $1", "promotion", id)
}

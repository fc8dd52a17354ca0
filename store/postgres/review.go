package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

const reviewColumns = "id, item_id, user_id, rating, title, text, language, created_at"

// Review returns a review, or ENOTFOUND.
func (c *conn) Review(ctx context.Context, id string) (*shopmind.Review, error) {
	r, err := scanReview(c.q().QueryRow(ctx, "SELECT "+reviewColumns+" FROM reviews WHERE id = $1", id))
	if isNoRows(err) {
		return nil, notFound("review", id)
	} else if err != nil {
		return nil, fmt.Errorf("review %s: %w", id, err)
	}
	return r, nil
}

// Reviews returns reviews matching f in ascending id order and the next
// cursor.
func (c *conn) Reviews(ctx context.Context, f shopmind.ReviewFilter) ([]*shopmind.Review, string, error) {
	after, err := page.DecodeID(page.KindReview, f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	var w where
	w.add("id > ?", after)
	if f.ItemID != "" {
		w.add("item_id = ?", f.ItemID)
	}
	if f.UserID != "" {
		w.add("user_id = ?", f.UserID)
	}
	lim := w.arg(limit + 1)
	rows, err := c.q().Query(ctx, "SELECT "+reviewColumns+" FROM reviews"+w.sql()+" ORDER BY id LIMIT "+lim, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("reviews: %w", err)
	}
	reviews, err := collectRows(rows, scanReview)
	if err != nil {
		return nil, "", fmt.Errorf("reviews: %w", err)
	}
	next := ""
	if len(reviews) > limit {
		reviews = reviews[:limit]
		next = page.EncodeID(page.KindReview, reviews[limit-1].ID)
	}
	return reviews, next, nil
}

func scanReview(row pgx.Row) (*shopmind.Review, error) {
	var r shopmind.Review
	if err := row.Scan(&r.ID, &r.ItemID, &r.UserID, &r.Rating, &r.Title, &r.Text, &r.Language, &r.CreatedAt); err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, nil
}

// upsertReviewSQL inserts a review or replaces it when any content differs;
// $8 is the given CreatedAt or NULL (keep the stored one), $9 is now.
const upsertReviewSQL = `INSERT INTO reviews (id, item_id, user_id, rating, title, text, language, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, $9::timestamptz))
ON CONFLICT (id) DO UPDATE SET item_id = excluded.item_id, user_id = excluded.user_id, rating = excluded.rating,
	title = excluded.title, text = excluded.text, language = excluded.language,
	created_at = coalesce($8::timestamptz, reviews.created_at)
WHERE (reviews.item_id, reviews.user_id, reviews.rating, reviews.title, reviews.text, reviews.language, reviews.created_at)
	IS DISTINCT FROM (excluded.item_id, excluded.user_id, excluded.rating, excluded.title, excluded.text,
		excluded.language, coalesce($8::timestamptz, reviews.created_at))`

// UpsertReviews inserts or replaces reviews by id; replacing with equal
// content is a no-op. A zero CreatedAt keeps the stored one (now on insert).
func (c *conn) UpsertReviews(ctx context.Context, reviews []*shopmind.Review) error {
	if err := shopmind.ValidateEach("reviews", reviews); err != nil {
		return err
	}
	if len(reviews) == 0 {
		return nil
	}
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		b := &pgx.Batch{}
		for _, r := range reviews {
			b.Queue(upsertReviewSQL, r.ID, r.ItemID, r.UserID, r.Rating, r.Title, r.Text, r.Language, stamp(r.CreatedAt), now)
		}
		return execBatch(ctx, tx, b, "upsert review")
	})
}

// DeleteReview removes a review, or returns ENOTFOUND.
func (c *conn) DeleteReview(ctx context.Context, id string) error {
	return c.deleteOne(ctx, "DELETE FROM reviews WHERE id = $1", "review", id)
}

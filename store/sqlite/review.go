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

const reviewColumns = "id, item_id, user_id, rating, title, text, language, created_at"

// Review returns a review, or ENOTFOUND.
func (c *conn) Review(ctx context.Context, id string) (*shopmind.Review, error) {
	r, err := scanReview(c.q().QueryRowContext(ctx, "SELECT "+reviewColumns+" FROM reviews WHERE id = ?", id))
	if err == sql.ErrNoRows {
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
	where, args := []string{"id > ?"}, []any{after}
	if f.ItemID != "" {
		where, args = append(where, "item_id = ?"), append(args, f.ItemID)
	}
	if f.UserID != "" {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	args = append(args, limit+1)
	rows, err := c.q().QueryContext(ctx, "SELECT "+reviewColumns+" FROM reviews WHERE "+strings.Join(where, " AND ")+
		" ORDER BY id LIMIT ?", args...)
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

func scanReview(s scanner) (*shopmind.Review, error) {
	var (
		r       shopmind.Review
		created int64
	)
	if err := s.Scan(&r.ID, &r.ItemID, &r.UserID, &r.Rating, &r.Title, &r.Text, &r.Language, &created); err != nil {
		return nil, err
	}
	r.CreatedAt = fromMicros(created)
	return &r, nil
}

// upsertReviewSQL inserts a review or replaces it when any content differs;
// ?8 is the given CreatedAt or NULL (keep the stored one), ?9 is now.
const upsertReviewSQL = `INSERT INTO reviews (id, item_id, user_id, rating, title, text, language, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ?9))
ON CONFLICT (id) DO UPDATE SET item_id = excluded.item_id, user_id = excluded.user_id, rating = excluded.rating,
	title = excluded.title, text = excluded.text, language = excluded.language,
	created_at = coalesce(?8, reviews.created_at)
WHERE reviews.item_id IS NOT excluded.item_id OR reviews.user_id IS NOT excluded.user_id
	OR reviews.rating IS NOT excluded.rating OR reviews.title IS NOT excluded.title
	OR reviews.text IS NOT excluded.text OR reviews.language IS NOT excluded.language
	OR reviews.created_at IS NOT coalesce(?8, reviews.created_at)`

// UpsertReviews inserts or replaces reviews by id; replacing with equal
// content is a no-op. A zero CreatedAt keeps the stored one (now on insert).
func (c *conn) UpsertReviews(ctx context.Context, reviews []*shopmind.Review) error {
	if err := shopmind.ValidateEach("reviews", reviews); err != nil {
		return err
	}
	if len(reviews) == 0 {
		return nil
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		stmt, err := tx.PrepareContext(ctx, upsertReviewSQL)
		if err != nil {
			return fmt.Errorf("upsert reviews: %w", err)
		}
		defer stmt.Close()
		for _, r := range reviews {
			if _, err := stmt.ExecContext(ctx, r.ID, r.ItemID, r.UserID, r.Rating, r.Title, r.Text, r.Language,
				nullMicros(page.Time(r.CreatedAt)), micros(now)); err != nil {
				return fmt.Errorf("upsert review %s: %w", r.ID, formatError(err))
			}
		}
		return nil
	})
}

// DeleteReview removes a review, or returns ENOTFOUND.
func (c *conn) DeleteReview(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM reviews WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete review %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("review", id)
		}
		return nil
	})
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/imagecheck"
	"github.com/shopmind/shopmind/store/internal/page"
)

// Image returns an image with its data, or ENOTFOUND.
func (c *conn) Image(ctx context.Context, hash string) (*shopmind.Image, error) {
	var (
		img     shopmind.Image
		created int64
	)
	err := c.q().QueryRowContext(ctx, "SELECT hash, format, width, height, size, data, created_at FROM images WHERE hash = ?", hash).
		Scan(&img.Hash, &img.Format, &img.Width, &img.Height, &img.Size, &img.Data, &created)
	if err == sql.ErrNoRows {
		return nil, notFound("image", hash)
	} else if err != nil {
		return nil, fmt.Errorf("image %s: %w", hash, err)
	}
	img.CreatedAt = fromMicros(created)
	return &img, nil
}

// PutImage stores img under the SHA-256 of its Data, setting img.Hash and
// img.Size. Storing content that is stored already changes nothing. A zero
// CreatedAt becomes now. It returns EINVALID for empty data or an unknown
// format and ETOOLARGE above shopmind.MaxImageSize.
func (c *conn) PutImage(ctx context.Context, img *shopmind.Image) error {
	if err := imagecheck.Prepare(img); err != nil {
		return err
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		created := page.Time(img.CreatedAt)
		if created.IsZero() {
			created = now
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO images (hash, format, width, height, size, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
			img.Hash, img.Format, img.Width, img.Height, img.Size, img.Data, micros(created))
		if err != nil {
			return fmt.Errorf("put image %s: %w", img.Hash, formatError(err))
		}
		return nil
	})
}

// DeleteImage removes an image, or returns ENOTFOUND.
func (c *conn) DeleteImage(ctx context.Context, hash string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM images WHERE hash = ?", hash)
		if err != nil {
			return fmt.Errorf("delete image %s: %w", hash, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("image", hash)
		}
		return nil
	})
}

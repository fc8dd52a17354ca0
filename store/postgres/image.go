package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/imagecheck"
)

// Image returns an image with its data, or ENOTFOUND.
func (c *conn) Image(ctx context.Context, hash string) (*shopmind.Image, error) {
	var img shopmind.Image
	err := c.q().QueryRow(ctx, "SELECT hash, format, width, height, size, data, created_at FROM images WHERE hash = $1", hash).
		Scan(&img.Hash, &img.Format, &img.Width, &img.Height, &img.Size, &img.Data, &img.CreatedAt)
	if isNoRows(err) {
		return nil, notFound("image", hash)
	} else if err != nil {
		return nil, fmt.Errorf("image %s: %w", hash, err)
	}
	img.CreatedAt = img.CreatedAt.UTC()
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
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		created := storedTime(img.CreatedAt)
		if created.IsZero() {
			created = now
		}
		_, err := tx.Exec(ctx, `INSERT INTO images (hash, format, width, height, size, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (hash) DO NOTHING`,
			img.Hash, img.Format, img.Width, img.Height, img.Size, img.Data, created)
		if err != nil {
			return fmt.Errorf("put image %s: %w", img.Hash, formatError(err))
		}
		return nil
	})
}

// DeleteImage removes an image, or returns ENOTFOUND.
func (c *conn) DeleteImage(ctx context.Context, hash string) error {
	return c.deleteOne(ctx, "DELETE FROM images WHERE hash = $1", "image", hash)
}

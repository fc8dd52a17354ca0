package shopmind

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"time"
)

// MaxImageSize is the largest image, in bytes, that shopmind stores.
const MaxImageSize = 20 << 20

// MaxImagePixels bounds width × height of an image shopmind decodes (a 40
// megapixel camera photo fits), so that a small file with a huge header
// (say 20000 × 20000) is refused before decoding. Memory is bounded too, by
// the bytes per pixel of the image's type (see ImageDecoder).
const MaxImagePixels = 40_000_000

// ImageDecoder decodes untrusted encoded images (uploads) within bounds of
// memory: it refuses, from the header, an image whose decoding would take
// too much (a small file may hold a huge 16-bit image), and limits how many
// decode at once. vision.Decoder implements it.
type ImageDecoder interface {
	// DecodeImage decodes a JPEG, PNG, GIF or WebP image and returns it with
	// its format name. A bad, oversized or too costly image is EINVALID with
	// Field "image"; it returns ctx.Err() if ctx ends while it waits for a
	// turn.
	DecodeImage(ctx context.Context, data []byte) (image.Image, string, error)
}

// Image is a product image, stored once per content.
type Image struct {
	Hash      string    `json:"hash"`   // hex SHA-256 of Data
	Format    string    `json:"format"` // "jpeg", "png", "gif" or "webp"
	Width     int       `json:"width"`
	Height    int       `json:"height"`
	Size      int64     `json:"size"` // len(Data)
	Data      []byte    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// ImageHash returns the hex SHA-256 of data, an image's id.
func ImageHash(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// ImageService keeps product images by content hash.
type ImageService interface {
	// Image returns an image with its data, or ENOTFOUND.
	Image(ctx context.Context, hash string) (*Image, error)
	// PutImage stores img (Hash and Size are set from Data); storing the same
	// content twice is a no-op.
	PutImage(ctx context.Context, img *Image) error
	// DeleteImage removes an image, or returns ENOTFOUND.
	DeleteImage(ctx context.Context, hash string) error
}

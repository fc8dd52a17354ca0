package storetest

import (
	"bytes"
	"testing"

	"github.com/shopmind/shopmind"
)

func testImages(t *testing.T, open Opener) {
	t.Run("PutGetDelete", func(t *testing.T) {
		s := open(t)
		data := []byte("\x89PNG\r\n\x1a\n\x00\x01binary\x00data\xff")
		img := &shopmind.Image{Format: "png", Width: 2, Height: 3, Data: bytes.Clone(data), CreatedAt: base}
		must(t, s.PutImage(ctx(), img))
		equal(t, "hash set", img.Hash, shopmind.ImageHash(data))
		equal(t, "size set", img.Size, int64(len(data)))
		got, err := s.Image(ctx(), img.Hash)
		must(t, err)
		equal(t, "image", got, &shopmind.Image{Hash: shopmind.ImageHash(data), Format: "png", Width: 2, Height: 3,
			Size: int64(len(data)), Data: data, CreatedAt: stored(base)})

		// Same content again: a no-op that keeps the first record.
		again := &shopmind.Image{Format: "png", Width: 99, Height: 99, Data: bytes.Clone(data)}
		must(t, s.PutImage(ctx(), again))
		equal(t, "hash of same content", again.Hash, img.Hash)
		got2, err := s.Image(ctx(), img.Hash)
		must(t, err)
		equal(t, "image after same content", got2, got)
		n, err := s.Counts(ctx())
		must(t, err)
		equal(t, "images stored", n.Images, int64(1))

		must(t, s.DeleteImage(ctx(), img.Hash))
		_, err = s.Image(ctx(), img.Hash)
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteImage(ctx(), img.Hash), shopmind.ENOTFOUND, "")
	})

	t.Run("StampsCreatedAt", func(t *testing.T) {
		s := open(t)
		c := startClock()
		img := &shopmind.Image{Format: "jpeg", Data: []byte{0xff, 0xd8, 0xff}}
		must(t, s.PutImage(ctx(), img))
		got, err := s.Image(ctx(), img.Hash)
		must(t, err)
		c.check(t, "CreatedAt", got.CreatedAt)
	})

	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		tests := []struct {
			name        string
			img         *shopmind.Image
			code, field string
		}{
			{"Empty", &shopmind.Image{Format: "png"}, shopmind.EINVALID, "data"},
			{"Format", &shopmind.Image{Format: "bmp", Data: []byte("x")}, shopmind.EINVALID, "format"},
			{"TooLarge", &shopmind.Image{Format: "png", Data: make([]byte, shopmind.MaxImageSize+1)}, shopmind.ETOOLARGE, "data"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, s.PutImage(ctx(), tt.img), tt.code, tt.field)
			})
		}
		_, err := s.Image(ctx(), shopmind.ImageHash([]byte("nothing")))
		wantCode(t, err, shopmind.ENOTFOUND, "")
		n, err := s.Counts(ctx())
		must(t, err)
		equal(t, "images stored", n.Images, int64(0))
	})
}

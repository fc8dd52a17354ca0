package vision

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/shopmind/shopmind"
)

// pixelBytes is the memory held by a decoded image's pixel buffers, or -1
// for an image type it does not know.
func pixelBytes(img image.Image) int {
	switch m := img.(type) {
	case *image.RGBA:
		return len(m.Pix)
	case *image.NRGBA:
		return len(m.Pix)
	case *image.RGBA64:
		return len(m.Pix)
	case *image.NRGBA64:
		return len(m.Pix)
	case *image.Gray:
		return len(m.Pix)
	case *image.Gray16:
		return len(m.Pix)
	case *image.Alpha:
		return len(m.Pix)
	case *image.Alpha16:
		return len(m.Pix)
	case *image.CMYK:
		return len(m.Pix)
	case *image.Paletted:
		return len(m.Pix)
	case *image.YCbCr:
		return len(m.Y) + len(m.Cb) + len(m.Cr)
	case *image.NYCbCrA:
		return len(m.Y) + len(m.Cb) + len(m.Cr) + len(m.A)
	}
	return -1
}

// fuzzImageSeeds are small images of every kind an upload can be: 8 and
// 16-bit PNG (RGBA, gray, paletted, interlaced not: the encoder never
// interlaces), baseline JPEG, GIF.
func fuzzImageSeeds(f *testing.F) [][]byte {
	rgba := image.NewRGBA(image.Rect(0, 0, 6, 4))
	for i := range rgba.Pix {
		rgba.Pix[i] = byte(i * 37)
	}
	var seeds [][]byte
	enc := func(fn func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b.Bytes())
	}
	enc(func(b *bytes.Buffer) error { return png.Encode(b, rgba) })
	enc(func(b *bytes.Buffer) error { return png.Encode(b, image.NewRGBA64(image.Rect(0, 0, 3, 5))) })
	enc(func(b *bytes.Buffer) error { return png.Encode(b, image.NewGray16(image.Rect(0, 0, 4, 4))) })
	pal := image.NewPaletted(image.Rect(0, 0, 5, 2), color.Palette{color.Black, color.White})
	enc(func(b *bytes.Buffer) error { return png.Encode(b, pal) })
	enc(func(b *bytes.Buffer) error { return jpeg.Encode(b, rgba, &jpeg.Options{Quality: 80}) })
	enc(func(b *bytes.Buffer) error { return jpeg.Encode(b, image.NewGray(image.Rect(0, 0, 9, 3)), nil) })
	enc(func(b *bytes.Buffer) error { return gif.Encode(b, pal, nil) })
	// Headers that claim more than the bounds allow.
	seeds = append(seeds, jpegHeader(0xC2, 4000, 4000, [2]byte{1, 0x22}, [2]byte{2, 0x11}, [2]byte{3, 0x11}))
	return seeds
}

// FuzzDecodeImage feeds arbitrary bytes to the upload decoder: it either
// refuses them with EINVALID naming the field image, or returns an image of
// the size its header announced, within the pixel bound, whose pixel
// buffers take no more than DecodedBytes estimated (the estimate is what
// keeps a small file from taking hundreds of MiB, issue 13 item 2).
func FuzzDecodeImage(f *testing.F) {
	for _, s := range fuzzImageSeeds(f) {
		f.Add(s)
	}
	opts := DecoderOptions{MaxPixels: 1 << 20, MaxBytes: 16 << 20, Concurrency: 1}
	d := NewDecoder(opts)
	f.Fuzz(func(t *testing.T, data []byte) {
		img, format, err := d.DecodeImage(context.Background(), data)
		if err != nil {
			var e *shopmind.Error
			if !errors.As(err, &e) || e.Code != shopmind.EINVALID || e.Field != "image" {
				t.Fatalf("error %v (%T): want an EINVALID shopmind.Error naming the field image", err, err)
			}
			return
		}
		cfg, cfgFormat, err := d.Config(data)
		if err != nil || cfgFormat != format {
			t.Fatalf("decoded as %s, but Config says %s, %v", format, cfgFormat, err)
		}
		switch format {
		case "jpeg", "png", "gif", "webp":
		default:
			t.Fatalf("format %q", format)
		}
		b := img.Bounds()
		if format == "gif" {
			// A GIF's header gives its logical screen; the decoded first
			// frame may cover only part of it, never more.
			if !b.In(image.Rect(0, 0, cfg.Width, cfg.Height)) {
				t.Fatalf("decoded frame %v outside the %dx%d screen of the header", b, cfg.Width, cfg.Height)
			}
		} else if b.Dx() != cfg.Width || b.Dy() != cfg.Height {
			t.Fatalf("decoded %dx%d, header says %dx%d", b.Dx(), b.Dy(), cfg.Width, cfg.Height)
		}
		if b.Dx() <= 0 || b.Dy() <= 0 || int64(b.Dx())*int64(b.Dy()) > opts.MaxPixels {
			t.Fatalf("decoded %dx%d, outside the bound of %d pixels", b.Dx(), b.Dy(), opts.MaxPixels)
		}
		est := DecodedBytes(cfg, format, data)
		if est > opts.MaxBytes {
			t.Fatalf("decoded although DecodedBytes = %d > MaxBytes %d", est, opts.MaxBytes)
		}
		if n := pixelBytes(img); n < 0 {
			t.Fatalf("decoded into an unexpected image type %T", img)
		} else if int64(n) > est {
			t.Fatalf("%s %T holds %d bytes of pixels, DecodedBytes estimated %d", format, img, n, est)
		}
	})
}

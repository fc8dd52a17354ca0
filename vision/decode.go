package vision

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"github.com/shopmind/shopmind"
)

// Defaults of DecoderOptions.
const (
	// DefaultMaxDecodedBytes bounds the memory one decode may take: a 40
	// megapixel photo at 4 bytes per pixel, or a 20 megapixel 16-bit PNG.
	DefaultMaxDecodedBytes = 160 << 20
	// DefaultDecodeConcurrency is how many images are decoded at once; more
	// wait their turn, so N uploads at once take at most this many times
	// DefaultMaxDecodedBytes, not N times.
	DefaultDecodeConcurrency = 2
)

// DecoderOptions bound what a Decoder may spend.
type DecoderOptions struct {
	// MaxPixels bounds width x height (shopmind.MaxImagePixels).
	MaxPixels int64
	// MaxBytes bounds the memory one decode takes, estimated from the
	// image's header before decoding (DefaultMaxDecodedBytes). See
	// DecodedBytes.
	MaxBytes int64
	// Concurrency is how many decodes run at once (DefaultDecodeConcurrency);
	// the others wait for a slot or for their context to end.
	Concurrency int
}

// DefaultDecoderOptions returns the options a zero field of DecoderOptions
// stands for.
func DefaultDecoderOptions() DecoderOptions {
	return DecoderOptions{MaxPixels: shopmind.MaxImagePixels, MaxBytes: DefaultMaxDecodedBytes, Concurrency: DefaultDecodeConcurrency}
}

// Decoder decodes untrusted images (uploads) within bounds of memory: it
// refuses, from the header alone, an image whose decoding would take more
// than MaxBytes (a small file can hold a huge 16-bit image), and runs at
// most Concurrency decodes at once. One Decoder is meant to be shared by
// everything that decodes uploads in a process. It is safe for concurrent
// use.
type Decoder struct {
	opts  DecoderOptions
	slots chan struct{}
}

var _ shopmind.ImageDecoder = (*Decoder)(nil)

// NewDecoder returns a Decoder; zero fields of opts take the defaults.
func NewDecoder(opts DecoderOptions) *Decoder {
	def := DefaultDecoderOptions()
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = def.MaxPixels
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = def.MaxBytes
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = def.Concurrency
	}
	return &Decoder{opts: opts, slots: make(chan struct{}, opts.Concurrency)}
}

// Options returns the decoder's bounds, defaults filled in.
func (d *Decoder) Options() DecoderOptions { return d.opts }

// DecodeImage implements shopmind.ImageDecoder: it checks data's header
// (EINVALID, field "image", for an empty, unknown, oversized or too costly
// image), waits for a decoding slot (returning ctx.Err() if ctx ends first)
// and decodes.
func (d *Decoder) DecodeImage(ctx context.Context, data []byte) (image.Image, string, error) {
	if _, _, err := d.check(data); err != nil {
		return nil, "", err
	}
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	defer func() { <-d.slots }()
	return decodeChecked(data)
}

// Config returns the header of data after the same checks as DecodeImage,
// without decoding.
func (d *Decoder) Config(data []byte) (image.Config, string, error) {
	return d.check(data)
}

// check reads data's header and refuses what is beyond the bounds.
func (d *Decoder) check(data []byte) (image.Config, string, error) {
	if len(data) == 0 {
		return image.Config{}, "", shopmind.FieldErrorf("image", "the image is empty")
	}
	if len(data) > shopmind.MaxImageSize {
		return image.Config{}, "", shopmind.FieldErrorf("image", "the image is %d bytes; at most %d are accepted", len(data), shopmind.MaxImageSize)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return image.Config{}, "", shopmind.FieldErrorf("image", "not a readable jpeg, png, gif or webp image: %v", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > d.opts.MaxPixels {
		return image.Config{}, "", shopmind.FieldErrorf("image", "the image is %dx%d pixels; at most %d pixels are accepted", cfg.Width, cfg.Height, d.opts.MaxPixels)
	}
	if n := DecodedBytes(cfg, format, data); n > d.opts.MaxBytes {
		return image.Config{}, "", shopmind.FieldErrorf("image",
			"the %dx%d %s image (%s) would take %d MiB to decode; at most %d MiB are allowed: save it smaller or with 8 bits per channel",
			cfg.Width, cfg.Height, format, modelName(cfg.ColorModel), n>>20, d.opts.MaxBytes>>20)
	}
	return cfg, format, nil
}

// decodeChecked decodes data whose header has been checked.
func decodeChecked(data []byte) (image.Image, string, error) {
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", shopmind.FieldErrorf("image", "the %s image is damaged: %v", format, err)
	}
	return img, format, nil
}

// DecodedBytes estimates, from the header alone, the peak memory that
// decoding an image takes: pixels times the bytes per pixel of the image
// type the decoder allocates (8 for 16-bit RGBA, 2 for 16-bit gray, 4 for
// RGBA, 1 for paletted...), plus the coefficients a progressive JPEG keeps
// (4 bytes per sample), the colour conversion of CMYK and RGB JPEGs, and
// the pass buffers of an interlaced PNG. It errs on the high side.
func DecodedBytes(cfg image.Config, format string, data []byte) int64 {
	pixels := float64(cfg.Width) * float64(cfg.Height)
	var perPixel float64
	switch format {
	case "jpeg":
		return jpegBytes(cfg, data)
	case "png":
		perPixel = bytesPerPixel(cfg.ColorModel)
		if pngInterlaced(data) {
			perPixel *= 1.5 // the image plus the largest pass (half of it)
		}
	default:
		perPixel = bytesPerPixel(cfg.ColorModel)
	}
	return int64(math.Ceil(pixels * perPixel))
}

// bytesPerPixel is the size of one pixel of the image type a decoder makes
// for the colour model m (8, the widest, when unknown).
func bytesPerPixel(m color.Model) float64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.YCbCrModel:
		return 3 // 4:4:4; subsampled planes are smaller
	case color.NYCbCrAModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// modelName names a colour model for a person.
func modelName(m color.Model) string {
	switch m {
	case color.Gray16Model, color.Alpha16Model:
		return "16-bit gray"
	case color.RGBA64Model, color.NRGBA64Model:
		return "16-bit RGBA"
	case color.GrayModel:
		return "8-bit gray"
	case color.YCbCrModel, color.NYCbCrAModel:
		return "YCbCr"
	case color.CMYKModel:
		return "CMYK"
	}
	if _, ok := m.(color.Palette); ok {
		return "paletted"
	}
	return "8-bit RGBA"
}

// pngInterlaced reports whether a PNG's IHDR says Adam7 interlacing.
func pngInterlaced(data []byte) bool {
	// 8-byte signature, 4-byte length, "IHDR", then width, height (4 each),
	// bit depth, colour type, compression, filter and interlace (1 each).
	return len(data) > 28 && string(data[12:16]) == "IHDR" && data[28] == 1
}

// jpegBytes reads a JPEG's frame header: the planes of its components
// (smaller when subsampled), 4 more bytes per sample for a progressive one
// (its coefficients stay in memory until the end), and 4 per pixel for the
// RGBA or CMYK image a 3-component RGB or a 4-component JPEG is converted
// to. The planes and coefficients are allocated in whole MCUs (8 or 16
// pixels, up to 32 with 4x sampling), so they count the padded width and
// height: a 6x4 4:2:0 JPEG takes 384 bytes, not 36. Without a readable
// frame header it assumes the worst.
func jpegBytes(cfg image.Config, data []byte) int64 {
	w, h := float64(cfg.Width), float64(cfg.Height)
	padded := func(mw, mh float64) float64 { return math.Ceil(w/mw) * mw * math.Ceil(h/mh) * mh }
	worst := int64(math.Ceil(padded(32, 32)*4*4 + w*h*4))
	sof, ok := jpegFrame(data)
	if !ok {
		return worst
	}
	n := int(sof.data[5])
	if len(sof.data) < 6+3*n || n == 0 {
		return worst
	}
	var hmax, vmax float64 = 1, 1
	for i := range n {
		s := sof.data[6+3*i+1]
		hmax, vmax = max(hmax, float64(s>>4)), max(vmax, float64(s&15))
	}
	var planes float64
	allFull := true
	for i := range n {
		s := sof.data[6+3*i+1]
		h, v := float64(s>>4), float64(s&15)
		planes += (h / hmax) * (v / vmax)
		allFull = allFull && h == hmax && v == vmax
	}
	per := planes
	if sof.progressive {
		per += 4 * planes
	}
	total := per * padded(8*hmax, 8*vmax)
	if n == 4 || (n == 3 && allFull && sof.rgb) {
		total += 4 * w * h
	}
	return int64(math.Ceil(total))
}

type jpegSOF struct {
	data        []byte // the SOF segment's payload
	progressive bool
	rgb         bool // an Adobe APP14 segment with transform 0, or components named R, G, B
}

// jpegFrame finds the start-of-frame segment of a JPEG.
func jpegFrame(data []byte) (jpegSOF, bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return jpegSOF{}, false
	}
	var sof jpegSOF
	adobeRGB := false
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return jpegSOF{}, false
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 {
			i += 2
			continue
		}
		size := int(binary.BigEndian.Uint16(data[i+2:]))
		if size < 2 || i+2+size > len(data) {
			return jpegSOF{}, false
		}
		payload := data[i+4 : i+2+size]
		switch {
		case marker == 0xEE && len(payload) >= 12 && string(payload[:5]) == "Adobe":
			adobeRGB = payload[11] == 0
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			if len(payload) < 6 {
				return jpegSOF{}, false
			}
			sof.data = payload
			sof.progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE
			n := int(payload[5])
			sof.rgb = adobeRGB
			if n == 3 && len(payload) >= 6+9 && payload[6] == 'R' && payload[9] == 'G' && payload[12] == 'B' {
				sof.rgb = true
			}
			return sof, true
		case marker == 0xDA || marker == 0xD9: // scan data before any frame
			return jpegSOF{}, false
		}
		i += 2 + size
	}
	return jpegSOF{}, false
}

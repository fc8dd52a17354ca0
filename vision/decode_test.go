package vision

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// jpegHeader is the start of a JPEG with a frame header of the given SOF
// marker and components (id, sampling h<<4|v).
func jpegHeader(sof byte, w, h int, comps ...[2]byte) []byte {
	seg := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(len(comps))}
	for _, c := range comps {
		seg = append(seg, c[0], c[1], 0)
	}
	n := len(seg) + 2
	return append([]byte{0xFF, 0xD8, 0xFF, sof, byte(n >> 8), byte(n)}, seg...)
}

// DecodedBytes follows the decoder's image type: 16-bit PNGs take 8 bytes a
// pixel, not the 4 the pixel cap assumed.
func TestDecodedBytes(t *testing.T) {
	// 1000 pixels; a JPEG's planes are allocated in whole MCUs: 48x32
	// pixels at 4:2:0, 40x32 at 4:4:4.
	r := image.Rect(0, 0, 40, 25)
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, image.NewRGBA(r), nil); err != nil {
		t.Fatal(err)
	}
	var gb bytes.Buffer
	if err := gif.Encode(&gb, image.NewPaletted(r, color.Palette{color.Black, color.White}), nil); err != nil {
		t.Fatal(err)
	}
	ycc := [][2]byte{{1, 0x22}, {2, 0x11}, {3, 0x11}} // 4:2:0
	full := [][2]byte{{1, 0x11}, {2, 0x11}, {3, 0x11}}
	rgb := [][2]byte{{'R', 0x11}, {'G', 0x11}, {'B', 0x11}}
	cmyk := [][2]byte{{1, 0x11}, {2, 0x11}, {3, 0x11}, {4, 0x11}}
	tests := []struct {
		name  string
		data  []byte
		model color.Model // for headers DecodeConfig cannot read whole
		want  int64
	}{
		{"PNG16RGBA", encodePNG(t, image.NewNRGBA64(r)), nil, 8000},
		{"PNG16Gray", encodePNG(t, image.NewGray16(r)), nil, 2000},
		{"PNG8RGBA", encodePNG(t, image.NewNRGBA(r)), nil, 4000},
		{"PNG8Gray", encodePNG(t, image.NewGray(r)), nil, 1000},
		{"PNGPaletted", encodePNG(t, image.NewPaletted(r, color.Palette{color.Black, color.White})), nil, 1000},
		{"GIF", gb.Bytes(), nil, 1000},
		{"JPEGBaseline420", jb.Bytes(), nil, 2304},
		{"JPEGProgressive420", jpegHeader(0xC2, 40, 25, ycc...), color.YCbCrModel, 11520},
		{"JPEGBaseline444", jpegHeader(0xC0, 40, 25, full...), color.YCbCrModel, 3840},
		{"JPEGProgressive444", jpegHeader(0xC2, 40, 25, full...), color.YCbCrModel, 19200},
		{"JPEGRGB", jpegHeader(0xC0, 40, 25, rgb...), color.RGBAModel, 7840},
		{"JPEGCMYK", jpegHeader(0xC0, 40, 25, cmyk...), color.CMYKModel, 9120},
		{"JPEGGray", jpegHeader(0xC0, 40, 25, [2]byte{1, 0x11}), color.GrayModel, 1280},
		{"JPEGNoFrame", []byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}, color.YCbCrModel, 36768},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, format, err := image.DecodeConfig(bytes.NewReader(tt.data))
			if tt.model != nil {
				cfg, format, err = image.Config{ColorModel: tt.model, Width: 40, Height: 25}, "jpeg", nil
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := DecodedBytes(cfg, format, tt.data); got != tt.want {
				t.Errorf("DecodedBytes = %d, want %d", got, tt.want)
			}
		})
	}
	t.Run("PNGInterlaced", func(t *testing.T) {
		data := encodePNG(t, image.NewNRGBA64(r))
		data[28] = 1 // the IHDR's interlace method: Adam7
		binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got := DecodedBytes(cfg, "png", data); got != 12000 {
			t.Errorf("DecodedBytes = %d, want 12000", got)
		}
	})
}

// The Decoder refuses, from the header, what would take more than MaxBytes,
// and decodes what fits.
func TestDecoderBounds(t *testing.T) {
	d := NewDecoder(DecoderOptions{MaxBytes: 100 << 10})
	ctx := context.Background()
	ok := encodePNG(t, image.NewNRGBA64(image.Rect(0, 0, 100, 100))) // 80,000 bytes
	if _, format, err := d.DecodeImage(ctx, ok); err != nil || format != "png" {
		t.Fatalf("DecodeImage = %q, %v", format, err)
	}
	big := encodePNG(t, image.NewNRGBA64(image.Rect(0, 0, 200, 100))) // 160,000 bytes
	_, _, err := d.DecodeImage(ctx, big)
	if shopmind.ErrorCode(err) != shopmind.EINVALID || shopmind.ErrorField(err) != "image" || !strings.Contains(err.Error(), "16-bit RGBA") {
		t.Fatalf("err = %v, want EINVALID on image naming the 16-bit pixels", err)
	}
	// The same pixels at 8 bits fit.
	if _, _, err := d.DecodeImage(ctx, encodePNG(t, image.NewNRGBA(image.Rect(0, 0, 200, 100)))); err != nil {
		t.Fatal(err)
	}
	if got := NewDecoder(DecoderOptions{}).Options(); got != DefaultDecoderOptions() {
		t.Errorf("zero options = %+v, want the defaults %+v", got, DefaultDecoderOptions())
	}
}

// A decode waits for a free slot, and gives up when its context ends.
func TestDecoderConcurrency(t *testing.T) {
	d := NewDecoder(DecoderOptions{Concurrency: 1})
	data := encodePNG(t, image.NewGray(image.Rect(0, 0, 4, 4)))
	d.slots <- struct{}{} // another decode holds the only slot
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := d.DecodeImage(ctx, data); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled while the slot is taken", err)
	}
	<-d.slots
	if _, _, err := d.DecodeImage(context.Background(), data); err != nil {
		t.Fatalf("with the slot free: %v", err)
	}
	if len(d.slots) != 0 {
		t.Errorf("%d slots still held after the decode", len(d.slots))
	}
}

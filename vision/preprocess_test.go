package vision

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// testPhoto is a dark rectangle (a "product") on a white background.
func testPhoto(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{255, 255, 255, 255}
			if x > w/4 && x < 3*w/4 && y > h/8 && y < 7*h/8 {
				c = color.RGBA{40, 30, 20, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func encode(t testing.TB, format string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hugePNG returns a valid PNG signature and IHDR chunk announcing w x h
// pixels, with no image data.
func hugePNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(13))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// webpTiny is a 1x1 lossless WebP image.
var webpTiny = []byte{
	0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c,
	0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe,
	0x07, 0x00,
}

func TestDecode(t *testing.T) {
	photo := testPhoto(60, 40)
	pngData := encode(t, "png", photo)
	tests := []struct {
		name   string
		data   []byte
		format string // "" = must fail with EINVALID
	}{
		{"PNG", pngData, "png"},
		{"JPEG", encode(t, "jpeg", photo), "jpeg"},
		{"GIF", encode(t, "gif", photo), "gif"},
		{"WebP", webpTiny, "webp"},
		{"ErrEmpty", nil, ""},
		{"ErrNotImage", []byte("hello, this is text and not an image"), ""},
		{"ErrTruncated", pngData[:len(pngData)/2], ""},
		{"ErrHugeHeader", hugePNG(20000, 20000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, format, err := Decode(tt.data)
			if tt.format == "" {
				if shopmind.ErrorCode(err) != shopmind.EINVALID {
					t.Fatalf("err = %v, want EINVALID", err)
				}
				var e *shopmind.Error
				if !errors.As(err, &e) || e.Field != "image" {
					t.Fatalf("error %v does not name the field image", err)
				}
				return
			}
			if err != nil || format != tt.format || img == nil {
				t.Fatalf("Decode = %v, %q, %v; want a %s image", img, format, err, tt.format)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	// A dark product on white: inverted to light-on-black, centred, aspect kept.
	x := Normalize(testPhoto(60, 40), 28)
	if len(x) != 28*28 {
		t.Fatalf("len = %d", len(x))
	}
	corner, centre := x[0], x[14*28+14]
	if corner > 0.05 || centre < 0.7 {
		t.Fatalf("corner %.2f centre %.2f: want a black background and a light item", corner, centre)
	}
	// 60x40 fits as 28x18: rows 0-4 are padding.
	for _, v := range x[:4*28] {
		if v != 0 {
			t.Fatalf("top padding not black: %v", x[:4*28])
		}
	}
}

// texture is a smooth asymmetric pattern (flat synthetic shapes make most
// DCT coefficients zero, which no perceptual hash can rank reliably).
func texture(w, h int, phase float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			u, v := float64(x)/float64(w), float64(y)/float64(h)
			g := 0.5 + 0.25*math.Sin(7*u+3*v+phase) + 0.25*math.Cos(5*v*v-4*u+phase)
			c := uint8(g * 255)
			img.Set(x, y, color.RGBA{c, c / 2, 255 - c, 255})
		}
	}
	return img
}

func TestPHash(t *testing.T) {
	a := texture(120, 90, 0)
	b := texture(240, 180, 0) // the same picture, larger
	jpg, _ := jpeg.Decode(bytes.NewReader(encode(t, "jpeg", a)))
	other := texture(120, 90, 2)
	ha := PHash(a)
	if d := HammingDistance(ha, PHash(b)); d > DuplicateThreshold {
		t.Errorf("resized copy at distance %d", d)
	}
	if d := HammingDistance(ha, PHash(jpg)); d > DuplicateThreshold {
		t.Errorf("JPEG re-encoding at distance %d", d)
	}
	if d := HammingDistance(ha, PHash(other)); d <= DuplicateThreshold {
		t.Errorf("different picture at distance %d", d)
	}
	groups := DuplicateGroups([]string{"a", "b", "c", "d"}, []uint64{ha, PHash(other), PHash(b), PHash(jpg)}, DuplicateThreshold)
	if len(groups) != 1 || len(groups[0]) != 3 || groups[0][0] != "a" || groups[0][2] != "d" {
		t.Fatalf("groups = %v, want [[a c d]]", groups)
	}
}

func TestLoadFolder(t *testing.T) {
	dir := t.TempDir()
	write := func(class, name string, data []byte) {
		os.MkdirAll(filepath.Join(dir, class), 0o755)
		if err := os.WriteFile(filepath.Join(dir, class, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("shoes", "a.png", encode(t, "png", testPhoto(40, 30)))
	write("shoes", "b.jpg", encode(t, "jpeg", testPhoto(30, 40)))
	write("bags", "c.gif", encode(t, "gif", testPhoto(20, 20)))
	write("bags", "notes.txt", []byte("ignored"))
	d, classes, err := LoadFolder(dir, 28, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.N != 3 || len(classes) != 2 || classes[0] != "bags" || d.Labels[0] != 0 || d.Labels[2] != 1 || len(d.X) != 3*28*28 {
		t.Fatalf("loaded %d images, classes %v, labels %v", d.N, classes, d.Labels)
	}
	write("bags", "broken.png", []byte("\x89PNG\r\n\x1a\nbroken"))
	if _, _, err := LoadFolder(dir, 28, nil); err == nil || !strings.Contains(err.Error(), "broken.png") {
		t.Fatalf("err = %v, want one naming broken.png", err)
	}
}

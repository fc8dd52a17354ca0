package httpapi

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImages(t *testing.T) {
	store := newMockStore()
	images := map[string]*shopmind.Image{}
	store.PutImageFn = func(_ context.Context, img *shopmind.Image) error { images[img.Hash] = img; return nil }
	store.ImageFn = func(_ context.Context, hash string) (*shopmind.Image, error) {
		if img, ok := images[hash]; ok {
			return img, nil
		}
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "image not found")
	}
	h := newTestServer(t, store).Handler()
	pngData := testPNG(t, 7, 5)
	hash := shopmind.ImageHash(pngData)

	t.Run("Upload", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/images", key: writeKey, body: pngData,
			header: map[string]string{"Content-Type": "image/png"}}.do(t, h)
		var img shopmind.Image
		decodeBody(t, rec, &img)
		if rec.Code != 200 || img.Hash != hash || img.Format != "png" || img.Width != 7 || img.Height != 5 ||
			img.Size != int64(len(pngData)) || !img.CreatedAt.Equal(testNow) {
			t.Fatalf("status %d, image %+v", rec.Code, img)
		}
		if !bytes.Equal(images[hash].Data, pngData) {
			t.Fatal("stored data differs from the upload")
		}
	})
	t.Run("Get", func(t *testing.T) {
		rec := request{method: "GET", path: "/v1/images/" + hash, key: readKey}.do(t, h)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" || !bytes.Equal(rec.Body.Bytes(), pngData) {
			t.Fatalf("status %d, type %q, %d bytes", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
		}
		rec = request{method: "GET", path: "/v1/images/" + hash, key: readKey,
			header: map[string]string{"If-None-Match": rec.Header().Get("ETag")}}.do(t, h)
		if rec.Code != 304 || rec.Body.Len() != 0 {
			t.Fatalf("conditional get: status %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
		}
	})

	truncated := pngData[:len(pngData)-20]
	bad := []struct {
		name, ctype string
		body        []byte
		status      int
		field, msg  string
	}{
		{"NotAnImage", "image/png", []byte("hello, world"), 400, "body", "not a readable"},
		{"Truncated", "image/png", truncated, 400, "body", "damaged"},
		{"TypeMismatch", "image/jpeg", pngData, 400, "body", "png image but Content-Type says jpeg"},
		{"UnsupportedType", "application/pdf", pngData, 400, "Content-Type", "application/pdf"},
		{"Empty", "image/png", nil, 400, "body", "empty"},
		{"HugeDimensions", "image/png", testPNGHeader(100000, 100000), 400, "body", "100000×100000 pixels"},
		{"TooLarge", "image/png", make([]byte, shopmind.MaxImageSize+1), 413, "", "larger than"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: "POST", path: "/v1/images", key: writeKey, body: tt.body,
				header: map[string]string{"Content-Type": tt.ctype}}.do(t, h)
			if e := decodeError(t, rec); rec.Code != tt.status || e.Field != tt.field || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("got %d %+v; want %d on %q saying %q", rec.Code, e, tt.status, tt.field, tt.msg)
			}
		})
	}
}

// testPNGHeader returns the start of a PNG claiming w×h pixels: enough for
// DecodeConfig, not for Decode.
func testPNGHeader(w, h uint32) []byte {
	chunk := []byte("IHDR")
	chunk = binary.BigEndian.AppendUint32(chunk, w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 8, 2, 0, 0, 0) // 8-bit RGB
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d")
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"io"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// flatPNG16 returns a w x h PNG of 16-bit RGBA pixels (8 bytes each) of one
// colour, shade: it compresses some 800-fold, so a 40 megapixel one is about
// 400 KB. It is written row by row, never holding the pixels.
func flatPNG16(t testing.TB, w, h int, shade byte) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		io.WriteString(crc, typ)
		crc.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6 // bit depth 16, colour type 6 (RGBA)
	chunk("IHDR", ihdr)
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, 1+8*w) // filter byte 0, then the pixels
	for i := 1; i < len(row); i++ {
		row[i] = shade
	}
	for range h {
		if _, err := z.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// postImage uploads a PNG through the API and returns the status and the
// error body's field, if any.
func postImage(t testing.TB, base, key string, data []byte) (int, string, string) {
	req, _ := http.NewRequest("POST", base+"v1/images", bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "image/png")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, "", ""
	}
	defer res.Body.Close()
	var e struct{ Field, Message string }
	json.NewDecoder(res.Body).Decode(&e)
	return res.StatusCode, e.Field, e.Message
}

// A 310 KB 16-bit PNG of 40 megapixels used to take 313 MB to check: the
// pixel cap assumed 4 bytes a pixel. Now the image's header tells its 8
// bytes a pixel and the upload is refused before decoding; the heap (this
// process runs serve) barely moves. Eight concurrent uploads of 16-bit
// images under the limit take turns for the decoder, so the heap holds at
// most images.decode_concurrency of them, not eight.
func TestImageUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 80 MB images: skipped with -short")
	}
	env, stdout, _ := testEnv(t)
	key := createKey(t, env, stdout, "uploader", "write")
	base := startServe(t, env, stdout)
	// Collect often, so the heap in use follows what is live.
	defer debug.SetGCPercent(debug.SetGCPercent(10))

	t.Run("Huge16Bit", func(t *testing.T) {
		data := flatPNG16(t, 8000, 5000, 0x80)
		if len(data) > 500<<10 {
			t.Fatalf("fixture is %d bytes, want a small file", len(data))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		code, field, msg := postImage(t, base, key, data)
		runtime.ReadMemStats(&after)
		allocated := after.TotalAlloc - before.TotalAlloc
		t.Logf("%d KB upload: %d %q; allocated %d MB while serving it", len(data)>>10, code, msg, allocated>>20)
		if code != 400 || field != "body" || !strings.Contains(msg, "MiB to decode") {
			t.Errorf("upload = %d field %q %q; want 400 on body saying it would take too much memory", code, field, msg)
		}
		if allocated > 64<<20 {
			t.Errorf("the upload allocated %d MB; want it refused from the header (well under 64 MB)", allocated>>20)
		}
	})

	t.Run("EightAtOnce", func(t *testing.T) {
		const n, w, h = 8, 3000, 2000   // 6 megapixels, 46 MiB decoded each
		img := flatPNG16(t, w, h, 0x40) // each upload decodes it anew
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		baseline := ms.HeapInuse
		var peak atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(2 * time.Millisecond): // a sampling period, not a timing
				}
			}
		}()
		var wg sync.WaitGroup
		codes := make([]int, n)
		for i := range n {
			wg.Go(func() { codes[i], _, _ = postImage(t, base, key, img) })
		}
		wg.Wait()
		close(stop)
		<-sampled
		grew := int64(peak.Load()) - int64(baseline)
		t.Logf("%d concurrent uploads of %dx%d 16-bit PNGs (%d MB decoded each): heap in use grew by at most %d MB", n, w, h, w*h*8>>20, grew>>20)
		for i, c := range codes {
			if c != 200 {
				t.Errorf("upload %d = %d, want 200", i, c)
			}
		}
		// Two decodes at once hold 2 x 46 MiB; eight would hold 366 MiB.
		if limit := int64(5 * w * h * 8); grew > limit {
			t.Errorf("heap in use grew by %d MB during %d concurrent uploads; want at most %d MB (decodes take turns)", grew>>20, n, limit>>20)
		}
	})
}

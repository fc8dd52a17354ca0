package demo

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shopmind/shopmind/vision"
)

var updateAssets = flag.Bool("update", false, "regenerate demo/assets from ../shared/data/fashion-mnist (TestGenerateAssets)")

// assetsPerClass is how many test-set images of each Fashion-MNIST class
// the bundled subset keeps: enough for every item of its category in the
// default 2,000-item shop (about 42 per clothing sub-category, 83 per shoe
// sub-category and for handbags), with a margin of 4 standard deviations.
var assetsPerClass = [10]int{80, 80, 80, 80, 80, 120, 80, 120, 120, 120}

// TestGenerateAssets rewrites the bundled Fashion-MNIST subset in
// demo/assets from the official test set. It runs only with -update:
//
//	go test ./demo -run TestGenerateAssets -update
//
// It takes the first assetsPerClass[c] images of each class in file order
// that are not near-duplicates (perceptual hash) of one taken before, so
// the output is the same on every run.
func TestGenerateAssets(t *testing.T) {
	if !*updateAssets {
		t.Skip("run with -update to regenerate demo/assets")
	}
	dir := os.Getenv("SHOPMIND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	dir = filepath.Join(dir, "fashion-mnist")
	imgs := readIDX(t, filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), vision.ReadIDXImages)
	labels := readIDX(t, filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), vision.ReadIDXLabels)
	size := imgs.Rows * imgs.Cols
	var pix, lab []byte
	var taken [10]int
	var kept []uint64
	dropped := 0
	for i, c := range labels {
		if taken[c] == assetsPerClass[c] {
			continue
		}
		raster := imgs.Pixels[i*size : (i+1)*size]
		// Leave out pictures the catalog check would call near-duplicates
		// of one already kept: the demo's duplicates are only the planted ones.
		h := vision.PHash(productPhoto(raster, imgs.Rows, imgs.Cols, 0))
		if slices.ContainsFunc(kept, func(k uint64) bool { return vision.HammingDistance(h, k) <= vision.DuplicateThreshold }) {
			dropped++
			continue
		}
		kept = append(kept, h)
		taken[c]++
		pix = append(pix, raster...)
		lab = append(lab, byte(c))
	}
	n := uint32(len(lab))
	var ib, lb bytes.Buffer
	binary.Write(&ib, binary.BigEndian, [4]uint32{2051, n, uint32(imgs.Rows), uint32(imgs.Cols)})
	ib.Write(pix)
	binary.Write(&lb, binary.BigEndian, [2]uint32{2049, n})
	lb.Write(lab)
	writeGzip(t, filepath.Join("assets", assetImages), ib.Bytes())
	writeGzip(t, filepath.Join("assets", assetLabels), lb.Bytes())
	t.Logf("wrote %d images (%v per class); left out %d near-duplicates", n, taken, dropped)
}

func readIDX[T any](t *testing.T, path string, read func(r io.Reader) (T, error)) T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("Fashion-MNIST is needed to regenerate the assets: %v", err)
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// writeGzip writes data gzip-compressed without a name or time in the
// header, so regenerating gives the same bytes.
func writeGzip(t *testing.T, path string, data []byte) {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

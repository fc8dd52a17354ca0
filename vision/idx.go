package vision

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxIDXItems bounds the number of records an IDX header may announce, so
// a corrupt header cannot make ReadIDX allocate without limit.
const maxIDXItems = 10_000_000

// IDXImages is a set of grayscale images read from an IDX3 file.
type IDXImages struct {
	Count, Rows, Cols int
	Pixels            []byte // Count*Rows*Cols bytes, row-major, 0 = background
}

// ReadIDXImages reads an IDX3 image file (magic 2051), gzip-compressed when
// its first bytes say so.
func ReadIDXImages(r io.Reader) (*IDXImages, error) {
	br, err := maybeGunzip(r)
	if err != nil {
		return nil, fmt.Errorf("read idx images: %w", err)
	}
	var hdr [4]uint32
	if err := binary.Read(br, binary.BigEndian, &hdr); err != nil {
		return nil, fmt.Errorf("read idx images: header: %w", err)
	}
	if hdr[0] != 2051 {
		return nil, fmt.Errorf("read idx images: magic %d, want 2051", hdr[0])
	}
	n, rows, cols := int(hdr[1]), int(hdr[2]), int(hdr[3])
	if n > maxIDXItems || rows == 0 || cols == 0 || rows > 4096 || cols > 4096 || n*rows*cols > 1<<31 {
		return nil, fmt.Errorf("read idx images: implausible shape %dx%dx%d", n, rows, cols)
	}
	img := &IDXImages{Count: n, Rows: rows, Cols: cols, Pixels: make([]byte, n*rows*cols)}
	if _, err := io.ReadFull(br, img.Pixels); err != nil {
		return nil, fmt.Errorf("read idx images: pixels: %w", err)
	}
	return img, nil
}

// ReadIDXLabels reads an IDX1 label file (magic 2049), gzip-compressed when
// its first bytes say so.
func ReadIDXLabels(r io.Reader) ([]int, error) {
	br, err := maybeGunzip(r)
	if err != nil {
		return nil, fmt.Errorf("read idx labels: %w", err)
	}
	var hdr [2]uint32
	if err := binary.Read(br, binary.BigEndian, &hdr); err != nil {
		return nil, fmt.Errorf("read idx labels: header: %w", err)
	}
	if hdr[0] != 2049 {
		return nil, fmt.Errorf("read idx labels: magic %d, want 2049", hdr[0])
	}
	if hdr[1] > maxIDXItems {
		return nil, fmt.Errorf("read idx labels: implausible count %d", hdr[1])
	}
	raw := make([]byte, hdr[1])
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, fmt.Errorf("read idx labels: %w", err)
	}
	labels := make([]int, len(raw))
	for i, b := range raw {
		labels[i] = int(b)
	}
	return labels, nil
}

// LoadIDX reads an image file and its label file into a Dataset with pixel
// values scaled to [0, 1]; their counts must match.
func LoadIDX(imagesPath, labelsPath string) (*Dataset, error) {
	f, err := os.Open(imagesPath)
	if err != nil {
		return nil, fmt.Errorf("load idx: %w", err)
	}
	defer f.Close()
	imgs, err := ReadIDXImages(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", imagesPath, err)
	}
	g, err := os.Open(labelsPath)
	if err != nil {
		return nil, fmt.Errorf("load idx: %w", err)
	}
	defer g.Close()
	labels, err := ReadIDXLabels(g)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", labelsPath, err)
	}
	if len(labels) != imgs.Count {
		return nil, fmt.Errorf("load idx: %d images but %d labels", imgs.Count, len(labels))
	}
	d := &Dataset{N: imgs.Count, H: imgs.Rows, W: imgs.Cols, C: 1, Labels: labels, X: make([]float32, len(imgs.Pixels))}
	for i, p := range imgs.Pixels {
		d.X[i] = float32(p) / 255
	}
	return d, nil
}

// FashionMNISTClasses returns the category names of Fashion-MNIST's labels
// 0-9.
func FashionMNISTClasses() []string {
	return []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
}

// ClassSlug returns a lowercase, dash-separated form of a class name
// ("T-shirt/top" -> "t-shirt-top"), used to compare with item categories.
func ClassSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

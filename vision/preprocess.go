// Package vision is shopmind's product-image intelligence: a small CNN
// (package numeric) that tags product photos with a category, detection of
// several products in one photo, visual similarity from the network's
// embeddings, perceptual-hash near-duplicates and catalog checks.
package vision

import (
	"fmt"
	"image"
	_ "image/gif"  // register the GIF decoder
	_ "image/jpeg" // register the JPEG decoder
	_ "image/png"  // register the PNG decoder

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // register the WebP decoder

	"github.com/shopmind/shopmind"
)

// MaxPixels bounds width x height of an image Decode accepts: the same limit
// as uploads through the API (shopmind.MaxImagePixels).
const MaxPixels = shopmind.MaxImagePixels

// Decode decodes a JPEG, PNG, GIF or WebP image after checking its header:
// empty, unknown, truncated and oversized images, and images whose decoding
// would take more than DefaultMaxDecodedBytes, give an EINVALID
// *shopmind.Error naming the field "image". It does not limit how many
// decodes run at once: for uploads, share one Decoder.
func Decode(data []byte) (image.Image, string, error) {
	d := Decoder{opts: DefaultDecoderOptions()}
	if _, _, err := d.check(data); err != nil {
		return nil, "", err
	}
	return decodeChecked(data)
}

// Gray returns img as a w x h grayscale raster (values in [0, 1], row-major),
// resized with x/image/draw's ApproxBiLinear.
func Gray(img image.Image, w, h int) []float32 {
	dst := image.NewGray(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	out := make([]float32, w*h)
	for i, v := range dst.Pix[:w*h] {
		out[i] = float32(v) / 255
	}
	return out
}

// Normalize turns a product photo into the network's input: it converts to
// grayscale, inverts it when the background (the border) is light, since
// the network was trained on light items on black like Fashion-MNIST, and
// scales the image to fit size x size keeping its aspect ratio, centred on
// black. Values are in [0, 1].
func Normalize(img image.Image, size int) []float32 {
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return make([]float32, size*size)
	}
	gray := image.NewGray(b)
	draw.Draw(gray, b, img, b.Min, draw.Src)
	if borderMean(gray) > 0.5 {
		for i, v := range gray.Pix {
			gray.Pix[i] = 255 - v
		}
	}
	return fit(gray, size)
}

// fit scales img to fit size x size keeping its aspect ratio, centred on
// black, and returns the values in [0, 1].
func fit(img image.Image, size int) []float32 {
	b := img.Bounds()
	canvas := image.NewGray(image.Rect(0, 0, size, size))
	w, h := size, size
	if b.Dx() > b.Dy() {
		h = max(1, size*b.Dy()/b.Dx())
	} else {
		w = max(1, size*b.Dx()/b.Dy())
	}
	off := image.Pt((size-w)/2, (size-h)/2)
	draw.ApproxBiLinear.Scale(canvas, image.Rectangle{Min: off, Max: off.Add(image.Pt(w, h))}, img, b, draw.Src, nil)
	out := make([]float32, size*size)
	for i, v := range canvas.Pix {
		out[i] = float32(v) / 255
	}
	return out
}

// borderMean returns the mean intensity in [0, 1] of the outermost pixels.
func borderMean(g *image.Gray) float64 {
	b := g.Bounds()
	var sum, n float64
	for x := b.Min.X; x < b.Max.X; x++ {
		sum += float64(g.GrayAt(x, b.Min.Y).Y) + float64(g.GrayAt(x, b.Max.Y-1).Y)
		n += 2
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		sum += float64(g.GrayAt(b.Min.X, y).Y) + float64(g.GrayAt(b.Max.X-1, y).Y)
		n += 2
	}
	return sum / n / 255
}

// RasterImage wraps a w x h grayscale raster with values in [0, 1] as an
// image.Gray (for encoding scenes and crops).
func RasterImage(pix []float32, w, h int) *image.Gray {
	if len(pix) != w*h {
		panic(fmt.Sprintf("vision: raster has %d values, want %d", len(pix), w*h))
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range pix {
		g.Pix[i] = uint8(min(max(v, 0), 1)*255 + 0.5)
	}
	return g
}

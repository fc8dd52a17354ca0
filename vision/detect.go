package vision

import (
	"image"
	"math/rand/v2"
	"sort"

	"github.com/shopmind/shopmind/numeric"
)

// Box is an axis-aligned box in pixels, [X, X+W) x [Y, Y+H), with an
// optional class and score.
type Box struct {
	X, Y, W, H int
	Class      int
	Score      float64
}

// IoU returns the intersection over union of two boxes.
func IoU(a, b Box) float64 {
	x0, y0 := max(a.X, b.X), max(a.Y, b.Y)
	x1, y1 := min(a.X+a.W, b.X+b.W), min(a.Y+a.H, b.Y+b.H)
	if x1 <= x0 || y1 <= y0 {
		return 0
	}
	inter := float64((x1 - x0) * (y1 - y0))
	return inter / (float64(a.W*a.H+b.W*b.H) - inter)
}

// Scene is a synthetic photo of several products on a black canvas, with
// their true boxes; it is how detection is trained and evaluated.
type Scene struct {
	W, H  int
	Pix   []float32 // W*H grayscale values in [0, 1]
	Boxes []Box     // true boxes with Class set
}

// SceneOptions control ComposeScenes.
type SceneOptions struct {
	Size               int // canvas side, pixels (default 112)
	MinItems, MaxItems int // items per scene (default 2..4)
	MinScale, MaxScale int // item side, pixels (default 24..44)
	Gap                int // minimum free pixels between items (default 2)
}

func (o *SceneOptions) defaults() {
	if o.Size == 0 {
		o.Size = 112
	}
	if o.MinItems == 0 {
		o.MinItems, o.MaxItems = 2, 4
	}
	if o.MinScale == 0 {
		o.MinScale, o.MaxScale = 24, 44
	}
	if o.Gap == 0 {
		o.Gap = 2
	}
}

// ComposeScenes builds n scenes from the images of d drawn with rng: each
// item is scaled to a random square size and placed where it does not
// overlap the others; its true box is the tight box of its visible pixels.
func ComposeScenes(d *Dataset, n int, opts SceneOptions, rng *rand.Rand) []Scene {
	opts.defaults()
	scenes := make([]Scene, 0, n)
	for len(scenes) < n {
		s := Scene{W: opts.Size, H: opts.Size, Pix: make([]float32, opts.Size*opts.Size)}
		want := opts.MinItems + rng.IntN(opts.MaxItems-opts.MinItems+1)
		var placed []image.Rectangle
		for tries := 0; len(s.Boxes) < want && tries < 200; tries++ {
			side := opts.MinScale + rng.IntN(opts.MaxScale-opts.MinScale+1)
			x, y := rng.IntN(opts.Size-side+1), rng.IntN(opts.Size-side+1)
			r := image.Rect(x, y, x+side, y+side)
			free := true
			for _, p := range placed {
				if r.Inset(-opts.Gap).Overlaps(p) {
					free = false
					break
				}
			}
			if !free {
				continue
			}
			i := rng.IntN(d.N)
			src := RasterImage(d.Image(i), d.W, d.H)
			item := Gray(src, side, side)
			tight, ok := tightBox(item, side, side, 0.1)
			if !ok {
				continue
			}
			for yy := 0; yy < side; yy++ {
				for xx := 0; xx < side; xx++ {
					s.Pix[(y+yy)*opts.Size+x+xx] = item[yy*side+xx]
				}
			}
			placed = append(placed, r)
			s.Boxes = append(s.Boxes, Box{X: x + tight.X, Y: y + tight.Y, W: tight.W, H: tight.H, Class: d.Labels[i], Score: 1})
		}
		if len(s.Boxes) > 0 {
			scenes = append(scenes, s)
		}
	}
	return scenes
}

// tightBox returns the bounding box of the pixels above thresh.
func tightBox(pix []float32, w, h int, thresh float32) (Box, bool) {
	x0, y0, x1, y1 := w, h, -1, -1
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if pix[y*w+x] > thresh {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return Box{}, false
	}
	return Box{X: x0, Y: y0, W: x1 - x0 + 1, H: y1 - y0 + 1}, true
}

// DetectOptions control Detect.
type DetectOptions struct {
	Threshold float32 // foreground intensity (default 0.1)
	Dilate    int     // pixels of dilation that join an item's fragments (default 1)
	MinArea   int     // smallest component box kept, pixels (default 36)
	NMS       float64 // IoU above which a lower-scored box is dropped (default 0.5)
}

func (o *DetectOptions) defaults() {
	if o.Threshold == 0 {
		o.Threshold = 0.1
	}
	if o.Dilate == 0 {
		o.Dilate = 1
	}
	if o.MinArea == 0 {
		o.MinArea = 36
	}
	if o.NMS == 0 {
		o.NMS = 0.5
	}
}

// Proposals returns candidate object boxes in a w x h raster of light
// items on a dark background: the bounding boxes of the 8-connected
// components of the dilated foreground mask, largest first.
func Proposals(pix []float32, w, h int, opts DetectOptions) []Box {
	opts.defaults()
	mask := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if pix[y*w+x] <= opts.Threshold {
				continue
			}
			for dy := -opts.Dilate; dy <= opts.Dilate; dy++ {
				for dx := -opts.Dilate; dx <= opts.Dilate; dx++ {
					if xx, yy := x+dx, y+dy; xx >= 0 && yy >= 0 && xx < w && yy < h {
						mask[yy*w+xx] = true
					}
				}
			}
		}
	}
	seen := make([]bool, w*h)
	var boxes []Box
	stack := []int{}
	for start := range mask {
		if !mask[start] || seen[start] {
			continue
		}
		seen[start] = true
		stack = append(stack[:0], start)
		x0, y0, x1, y1 := w, h, -1, -1
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := p%w, p/w
			if pix[p] > opts.Threshold { // the box covers real pixels, not the dilation
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= w || yy >= h {
						continue
					}
					if q := yy*w + xx; mask[q] && !seen[q] {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
		if x1 >= 0 {
			if b := (Box{X: x0, Y: y0, W: x1 - x0 + 1, H: y1 - y0 + 1}); b.W*b.H >= opts.MinArea {
				boxes = append(boxes, b)
			}
		}
	}
	sort.Slice(boxes, func(i, j int) bool { return boxes[i].W*boxes[i].H > boxes[j].W*boxes[j].H })
	return boxes
}

// Crop returns the box b of a w x h raster (light on dark) scaled to fit
// size x size, keeping its aspect ratio and centred on black.
func Crop(pix []float32, w, h int, b Box, size int) []float32 {
	return fit(RasterImage(pix, w, h).SubImage(image.Rect(b.X, b.Y, b.X+b.W, b.Y+b.H)), size)
}

// Detect finds and classifies every product in a w x h raster of light
// items on a dark background (use Normalize's inversion for photos on
// white): component proposals, each cropped and classified by m, scored by
// the class probability, then non-maximum suppression.
func Detect(m *CNN, pix []float32, w, h int, opts DetectOptions) []Box {
	opts.defaults()
	props := Proposals(pix, w, h, opts)
	if len(props) == 0 {
		return nil
	}
	size, classes := m.Config.Height, len(m.Config.Classes)
	batch := make([]float32, 0, len(props)*size*size)
	for _, b := range props {
		batch = append(batch, Crop(pix, w, h, b, size)...)
	}
	probs := m.Predict(batch, len(props))
	for i := range props {
		p := probs[i*classes : (i+1)*classes]
		c := numeric.Argmax(p)
		props[i].Class, props[i].Score = c, float64(p[c])
	}
	return NMS(props, opts.NMS)
}

// NMS keeps the highest-scored boxes, dropping any box that overlaps a
// kept one of the same class by more than iou.
func NMS(boxes []Box, iou float64) []Box {
	sort.SliceStable(boxes, func(i, j int) bool { return boxes[i].Score > boxes[j].Score })
	var keep []Box
	for _, b := range boxes {
		ok := true
		for _, k := range keep {
			if k.Class == b.Class && IoU(k, b) > iou {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, b)
		}
	}
	return keep
}

// MainObject returns the box of the largest object in a single-product
// photo, or false when the raster is empty.
func MainObject(pix []float32, w, h int) (Box, bool) {
	props := Proposals(pix, w, h, DetectOptions{})
	if len(props) == 0 {
		return Box{}, false
	}
	return props[0], true
}

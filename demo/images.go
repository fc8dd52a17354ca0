package demo

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// The bundled Fashion-MNIST subset (MIT licence, Copyright (c) 2017 Zalando
// SE; see assets/LICENSE), made by TestGenerateAssets.
const (
	assetImages = "fashion-mnist-subset-images-idx3-ubyte.gz"
	assetLabels = "fashion-mnist-subset-labels-idx1-ubyte.gz"
)

//go:embed assets/*.gz
var assets embed.FS

// imageScale is how many times larger than Fashion-MNIST's 28x28 the demo's
// product images are (pixel-doubled, so the network sees the original).
const imageScale = 2

// ImageIssue is a catalog problem the generator plants on purpose, so the
// vision catalog checks have something to find.
type ImageIssue struct {
	Kind      string   // shopmind.IssueCategoryMismatch or shopmind.IssueDuplicateImage
	ItemIDs   []string // the item with the wrong image, or the items sharing one (sorted)
	ImageHash string   // the image at fault (for a near-duplicate: the second item's)
	Class     string   // mismatch: the Fashion-MNIST class the image shows
}

// imageClass is where the images of one Fashion-MNIST class go in the demo
// catalog. Fashion-MNIST's bags are handbags and totes, so backpacks and
// travel bags get no image.
type imageClass struct {
	name      string // Fashion-MNIST class name
	dept, sub string // demo category path
}

// imageClasses lists the Fashion-MNIST labels 0-9 with their demo category.
func imageClasses() []imageClass {
	return []imageClass{
		{"T-shirt/top", "Clothing", "T-shirts"}, {"Trouser", "Clothing", "Trousers"}, {"Pullover", "Clothing", "Pullovers"},
		{"Dress", "Clothing", "Dresses"}, {"Coat", "Clothing", "Coats"}, {"Sandal", "Shoes", "Sandals"},
		{"Shirt", "Clothing", "Shirts"}, {"Sneaker", "Shoes", "Sneakers"}, {"Bag", "Bags", "Handbags"},
		{"Ankle boot", "Shoes", "Ankle boots"},
	}
}

// subset is the bundled Fashion-MNIST subset: 28x28 rasters by class.
type subset struct {
	rows, cols int
	byClass    [][][]byte // byClass[label] = rasters in file order
}

// loadSubset reads the embedded IDX files.
func loadSubset() (*subset, error) {
	fi, err := assets.Open("assets/" + assetImages)
	if err != nil {
		return nil, fmt.Errorf("demo images: %w", err)
	}
	defer fi.Close()
	imgs, err := vision.ReadIDXImages(fi)
	if err != nil {
		return nil, fmt.Errorf("demo images: %w", err)
	}
	fl, err := assets.Open("assets/" + assetLabels)
	if err != nil {
		return nil, fmt.Errorf("demo images: %w", err)
	}
	defer fl.Close()
	labels, err := vision.ReadIDXLabels(fl)
	if err != nil {
		return nil, fmt.Errorf("demo images: %w", err)
	}
	if len(labels) != imgs.Count {
		return nil, fmt.Errorf("demo images: %d images but %d labels", imgs.Count, len(labels))
	}
	s := &subset{rows: imgs.Rows, cols: imgs.Cols, byClass: make([][][]byte, len(imageClasses()))}
	size := imgs.Rows * imgs.Cols
	for i, c := range labels {
		if c < 0 || c >= len(s.byClass) {
			return nil, fmt.Errorf("demo images: label %d out of range", c)
		}
		s.byClass[c] = append(s.byClass[c], imgs.Pixels[i*size:(i+1)*size])
	}
	return s, nil
}

// productPhoto turns a Fashion-MNIST raster (light item on black) into a
// product photo: a dark item on white, pixel-doubled. darken lowers every
// pixel, for near-duplicates.
func productPhoto(raster []byte, rows, cols int, darken uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, cols*imageScale, rows*imageScale))
	for y := 0; y < rows*imageScale; y++ {
		for x := 0; x < cols*imageScale; x++ {
			v := 255 - raster[(y/imageScale)*cols+x/imageScale]
			g.Pix[y*g.Stride+x] = v - min(v, darken)
		}
	}
	return g
}

// source is the picture an item gets: a raster of the subset, drawn as a
// PNG or, for a near-duplicate, as a slightly darker JPEG.
type source struct {
	class, index int
	near         bool
}

// addImages gives every item of a category Fashion-MNIST illustrates one
// image, plants the catalog problems (about 1% of those items get an image
// of another class; two pairs of items share an image and one pair shows
// the same photo re-encoded), and returns the images in order of first
// use. Items beyond a class's bundled images get none. It draws from its
// own stream of the seed, so the rest of the shop does not change.
func addImages(seed uint64, items []*shopmind.Item, infos []itemInfo, created time.Time) ([]*shopmind.Image, []ImageIssue, error) {
	sub, err := loadSubset()
	if err != nil {
		return nil, nil, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x1ea6e5))
	classes := imageClasses()
	deps := departments()
	classOf := map[[2]int]int{}
	for c, ic := range classes {
		for d, dep := range deps {
			for s, name := range dep.subs {
				if dep.name == ic.dept && name == ic.sub {
					classOf[[2]int{d, s}] = c
				}
			}
		}
	}
	pools := make([][]int, len(classes))
	for c := range pools {
		pools[c] = rng.Perm(len(sub.byClass[c]))
	}
	next := func(c int) (source, bool) {
		if len(pools[c]) == 0 {
			return source{}, false
		}
		i := pools[c][0]
		pools[c] = pools[c][1:]
		return source{class: c, index: i}, true
	}
	// Every item of an illustrated category gets the next image of its class.
	src := map[int]source{}
	var imaged []int
	for i, in := range infos {
		c, ok := classOf[[2]int{in.dept, in.sub}]
		if !ok {
			continue
		}
		if s, ok := next(c); ok {
			src[i] = s
			imaged = append(imaged, i)
		}
	}
	var issues []ImageIssue
	order := rng.Perm(len(imaged))
	involved := map[int]bool{}
	// About 1% get a picture of another class.
	nMismatch := int(math.Round(0.01 * float64(len(imaged))))
	if nMismatch == 0 && len(imaged) >= 30 {
		nMismatch = 1
	}
	for _, p := range order[:nMismatch] {
		i := imaged[p]
		other := (src[i].class + 1 + rng.IntN(len(classes)-1)) % len(classes)
		if s, ok := next(other); ok {
			src[i] = s
			involved[i] = true
			issues = append(issues, ImageIssue{Kind: shopmind.IssueCategoryMismatch, ItemIDs: []string{items[i].ID}, Class: classes[other].name})
		}
	}
	// Duplicates: the second item of a pair of the same class shows the
	// first one's picture, twice as the same file, once re-encoded.
	if len(imaged) >= 30 {
		pairs := 0
		for _, p := range order[nMismatch:] {
			b := imaged[p]
			if pairs == 3 || involved[b] {
				continue
			}
			for _, q := range order[nMismatch:] {
				a := imaged[q]
				if a == b || involved[a] || src[a].class != src[b].class {
					continue
				}
				s := src[a]
				s.near = pairs == 2
				src[b] = s
				involved[a], involved[b] = true, true
				ids := []string{items[a].ID, items[b].ID}
				sort.Strings(ids)
				issues = append(issues, ImageIssue{Kind: shopmind.IssueDuplicateImage, ItemIDs: ids})
				pairs++
				break
			}
		}
	}
	// Encode each picture once, in item order.
	var images []*shopmind.Image
	hashOf := map[source]string{}
	for _, i := range imaged {
		s := src[i]
		h, ok := hashOf[s]
		if !ok {
			img, err := encodePhoto(sub, s, created)
			if err != nil {
				return nil, nil, fmt.Errorf("demo image of %s: %w", items[i].ID, err)
			}
			h = img.Hash
			hashOf[s] = h
			images = append(images, img)
		}
		items[i].Images = []string{h}
	}
	for k := range issues {
		is := &issues[k]
		last := is.ItemIDs[len(is.ItemIDs)-1]
		for _, i := range imaged {
			if items[i].ID == last {
				is.ImageHash = items[i].Images[0]
			}
		}
	}
	return images, issues, nil
}

// encodePhoto renders a source as a stored image.
func encodePhoto(sub *subset, s source, created time.Time) (*shopmind.Image, error) {
	var darken uint8
	if s.near {
		darken = 12
	}
	g := productPhoto(sub.byClass[s.class][s.index], sub.rows, sub.cols, darken)
	var b bytes.Buffer
	format := "png"
	var err error
	if s.near {
		format = "jpeg"
		err = jpeg.Encode(&b, g, &jpeg.Options{Quality: 90})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, g)
	}
	if err != nil {
		return nil, err
	}
	data := b.Bytes()
	return &shopmind.Image{Hash: shopmind.ImageHash(data), Format: format, Width: g.Rect.Dx(), Height: g.Rect.Dy(),
		Size: int64(len(data)), Data: data, CreatedAt: created}, nil
}

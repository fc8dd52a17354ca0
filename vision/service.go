package vision

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/numeric"
)

// ModelName is the name of the classifier in the model store.
const ModelName = "vision/cnn"

// Service implements shopmind.Vision on a store's items, images and
// models. The model is swapped atomically by Load; requests against one
// model are serialised (a CNN reuses its buffers), which is fine for a
// network that classifies thousands of images per second.
type Service struct {
	Store  shopmind.VisionStore
	Logger *slog.Logger
	// MismatchConfidence is the probability above which a prediction that
	// disagrees with an item's category is reported (default 0.8).
	MismatchConfidence float64

	mu      sync.Mutex // guards model and version; held during inference
	model   *CNN
	version int

	cacheMu sync.Mutex
	cache   map[string]*imageInfo // by image hash, for the current model

	// Decoder decodes uploaded photos within bounds of memory and
	// concurrency; share the one the API's image uploads use.
	Decoder *Decoder
}

// imageInfo is what the service derives from one stored image.
type imageInfo struct {
	probs []float32
	emb   []float32
	phash uint64
}

var _ shopmind.Vision = (*Service)(nil)

// NewService returns a Service without a model; call Load or SetModel.
func NewService(store shopmind.VisionStore) *Service {
	return &Service{Store: store, Logger: slog.New(slog.DiscardHandler), MismatchConfidence: 0.8, cache: map[string]*imageInfo{},
		Decoder: NewDecoder(DecoderOptions{})}
}

// SetModel installs m as the model of the given store version.
func (s *Service) SetModel(m *CNN, version int) {
	s.mu.Lock()
	s.model, s.version = m, version
	s.mu.Unlock()
	s.cacheMu.Lock()
	s.cache = map[string]*imageInfo{}
	s.cacheMu.Unlock()
}

// Load installs the newest stored model when it is newer than the current
// one; it reports whether it changed. ENOTFOUND means none is trained yet.
func (s *Service) Load(ctx context.Context) (bool, error) {
	rec, err := s.Store.Model(ctx, ModelName, 0)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	cur := s.version
	s.mu.Unlock()
	if rec.Version == cur {
		return false, nil
	}
	m, err := UnmarshalCNN(rec.Data)
	if err != nil {
		return false, fmt.Errorf("load %s v%d: %w", ModelName, rec.Version, err)
	}
	s.SetModel(m, rec.Version)
	return true, nil
}

// ready returns the current model or EUNAVAILABLE.
func (s *Service) ready() (*CNN, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.model == nil {
		return nil, 0, shopmind.Errorf(shopmind.EUNAVAILABLE, "no vision model is trained yet: run `shopmind train vision`")
	}
	return s.model, s.version, nil
}

// decode decodes an uploaded photo with s.Decoder, which bounds its memory
// and how many decode at once; it gives up when ctx ends.
func (s *Service) decode(ctx context.Context, data []byte) (image.Image, error) {
	img, _, err := s.Decoder.DecodeImage(ctx, data)
	return img, err
}

// infer runs the model on one normalised image under the lock.
func (s *Service) infer(m *CNN, x []float32) (probs, emb []float32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return m.PredictEmbed(x, 1)
}

// ClassifyImage implements shopmind.Vision.
func (s *Service) ClassifyImage(ctx context.Context, data []byte) (*shopmind.ImagePrediction, error) {
	m, version, err := s.ready()
	if err != nil {
		return nil, err
	}
	img, err := s.decode(ctx, data)
	if err != nil {
		return nil, err
	}
	probs, _ := s.infer(m, Normalize(img, m.Config.Height))
	p := prediction(m, probs, 3)
	p.ImageHash, p.ModelVersion = shopmind.ImageHash(data), version
	return p, nil
}

// prediction turns class probabilities into a prediction with the top k.
func prediction(m *CNN, probs []float32, k int) *shopmind.ImagePrediction {
	idx := make([]int, len(probs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
	p := &shopmind.ImagePrediction{Category: m.Config.Classes[idx[0]], Confidence: float64(probs[idx[0]])}
	for _, i := range idx[:min(k, len(idx))] {
		p.Top = append(p.Top, shopmind.ImageClass{Category: m.Config.Classes[i], Confidence: float64(probs[i])})
	}
	return p
}

// DetectProducts implements shopmind.Vision: the photo is normalised to
// light-on-dark at most 256 pixels on its long side, products are found by
// Detect and the boxes are scaled back to the photo's pixels.
func (s *Service) DetectProducts(ctx context.Context, data []byte) (*shopmind.Detection, error) {
	m, _, err := s.ready()
	if err != nil {
		return nil, err
	}
	img, err := s.decode(ctx, data)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	const side = 256
	scale := math.Min(1, float64(side)/float64(max(b.Dx(), b.Dy())))
	w, h := max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))
	pix := Gray(img, w, h)
	if borderMean(RasterImage(pix, w, h)) > 0.5 {
		for i, v := range pix {
			pix[i] = 1 - v
		}
	}
	s.mu.Lock()
	boxes := Detect(m, pix, w, h, DetectOptions{})
	s.mu.Unlock()
	out := &shopmind.Detection{Width: b.Dx(), Height: b.Dy(), Boxes: []*shopmind.DetectionBox{}}
	toPhoto := func(bx Box) *shopmind.DetectionBox {
		return &shopmind.DetectionBox{
			X: int(float64(bx.X) / scale), Y: int(float64(bx.Y) / scale),
			Width: int(math.Ceil(float64(bx.W) / scale)), Height: int(math.Ceil(float64(bx.H) / scale)),
			Category: m.Config.Classes[bx.Class], Confidence: bx.Score,
		}
	}
	var main *shopmind.DetectionBox
	for _, bx := range boxes {
		d := toPhoto(bx)
		out.Boxes = append(out.Boxes, d)
		if main == nil || d.Width*d.Height > main.Width*main.Height {
			main = d
		}
	}
	out.Main = main
	return out, nil
}

// catalogImage is an item with its first image analysed.
type catalogImage struct {
	item *shopmind.Item
	hash string
	info *imageInfo
}

// analyse returns the derived data of a stored image, computed once per
// model.
func (s *Service) analyse(ctx context.Context, m *CNN, hash string) (*imageInfo, error) {
	s.cacheMu.Lock()
	info, ok := s.cache[hash]
	s.cacheMu.Unlock()
	if ok {
		return info, nil
	}
	rec, err := s.Store.Image(ctx, hash)
	if err != nil {
		return nil, err
	}
	img, err := s.decode(ctx, rec.Data)
	if err != nil {
		return nil, err
	}
	probs, emb := s.infer(m, Normalize(img, m.Config.Height))
	info = &imageInfo{probs: probs, emb: emb, phash: PHash(img)}
	s.cacheMu.Lock()
	s.cache[hash] = info
	s.cacheMu.Unlock()
	return info, nil
}

// catalog analyses the first stored image of every item, skipping items
// without one (and logging images that cannot be read).
func (s *Service) catalog(ctx context.Context, m *CNN) ([]catalogImage, error) {
	var out []catalogImage
	for it, err := range shopmind.All(ctx, shopmind.ListItems(s.Store, shopmind.ItemFilter{Limit: 500})) {
		if err != nil {
			return nil, fmt.Errorf("list items: %w", err)
		}
		if len(it.Images) == 0 || strings.Contains(it.Images[0], "/") {
			continue // no image, or a URL rather than a stored image
		}
		info, err := s.analyse(ctx, m, it.Images[0])
		if err != nil {
			if shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				s.Logger.Warn("vision: skip item image", "item", it.ID, "image", it.Images[0], "err", err)
			}
			continue
		}
		out = append(out, catalogImage{item: it, hash: it.Images[0], info: info})
	}
	return out, nil
}

// SimilarImages implements shopmind.Vision by cosine similarity of the
// penultimate-layer embeddings.
func (s *Service) SimilarImages(ctx context.Context, id string, n int) ([]*shopmind.SimilarImage, error) {
	m, _, err := s.ready()
	if err != nil {
		return nil, err
	}
	item, err := s.Store.Item(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(item.Images) == 0 {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q has no image", id)
	}
	q, err := s.analyse(ctx, m, item.Images[0])
	if err != nil {
		return nil, fmt.Errorf("item %s image: %w", id, err)
	}
	all, err := s.catalog(ctx, m)
	if err != nil {
		return nil, err
	}
	var out []*shopmind.SimilarImage
	for _, c := range all {
		if c.item.ID == id {
			continue
		}
		out = append(out, &shopmind.SimilarImage{ItemID: c.item.ID, ImageHash: c.hash, Score: cosine(q.emb, c.info.emb)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// CatalogIssues implements shopmind.Vision. An item's category is compared
// with the model's classes by slug, singular or plural ("Ankle boots" is
// "Ankle boot", "T-shirts" is "T-shirt/top") on every level of its category
// path; items whose category is none of the model's classes are not judged.
func (s *Service) CatalogIssues(ctx context.Context) ([]*shopmind.CatalogIssue, error) {
	m, _, err := s.ready()
	if err != nil {
		return nil, err
	}
	all, err := s.catalog(ctx, m)
	if err != nil {
		return nil, err
	}
	classBySlug := classIndex(m.Config.Classes)
	issues := []*shopmind.CatalogIssue{}
	for _, c := range all {
		stated := -1
		for _, level := range c.item.Category {
			if i, ok := matchClass(classBySlug, level); ok {
				stated = i
			}
		}
		if stated < 0 {
			continue
		}
		pred := numeric.Argmax(c.info.probs)
		if conf := float64(c.info.probs[pred]); pred != stated && conf >= s.MismatchConfidence {
			issues = append(issues, &shopmind.CatalogIssue{Kind: shopmind.IssueCategoryMismatch, ItemIDs: []string{c.item.ID},
				ImageHash: c.hash, Stated: m.Config.Classes[stated], Predicted: m.Config.Classes[pred], Confidence: conf})
		}
	}
	// Duplicates: identical hashes first, then perceptual near-duplicates.
	keys := make([]string, len(all))
	hashes := make([]uint64, len(all))
	imageOf := map[string]string{}
	for i, c := range all {
		keys[i], hashes[i] = c.item.ID, c.info.phash
		imageOf[c.item.ID] = c.hash
	}
	for _, g := range DuplicateGroups(keys, hashes, DuplicateThreshold) {
		issues = append(issues, &shopmind.CatalogIssue{Kind: shopmind.IssueDuplicateImage, ItemIDs: g, ImageHash: imageOf[g[0]]})
	}
	return issues, nil
}

// classIndex maps the slugs of class names, and of each "/"-separated part
// ("T-shirt/top": also "t-shirt" and "top"), to class indices.
func classIndex(classes []string) map[string]int {
	idx := map[string]int{}
	for i, c := range classes {
		idx[ClassSlug(c)] = i
		for _, part := range strings.Split(c, "/") {
			if k := ClassSlug(part); k != "" {
				if _, taken := idx[k]; !taken {
					idx[k] = i
				}
			}
		}
	}
	return idx
}

// matchClass finds the class a category name names, singular or plural
// ("Dresses" is "Dress", "Sneakers" is "Sneaker").
func matchClass(classBySlug map[string]int, category string) (int, bool) {
	slug := ClassSlug(category)
	for _, k := range []string{slug, strings.TrimSuffix(slug, "s"), strings.TrimSuffix(slug, "es")} {
		if i, ok := classBySlug[k]; ok {
			return i, true
		}
	}
	return 0, false
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

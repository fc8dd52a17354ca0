package shopmind

import "context"

// ImageClass is one category with the probability a classifier gives it.
type ImageClass struct {
	Category   string  `json:"category"`
	Confidence float64 `json:"confidence"`
}

// ImagePrediction is the category a vision model predicts for an image.
type ImagePrediction struct {
	ImageHash    string       `json:"image_hash,omitempty"`
	Category     string       `json:"category"`   // the most likely category
	Confidence   float64      `json:"confidence"` // its probability, 0..1
	Top          []ImageClass `json:"top"`        // the most likely categories, best first
	ModelVersion int          `json:"model_version"`
}

// DetectionBox is one product found in a photo, in the photo's pixels.
type DetectionBox struct {
	X          int     `json:"x"`
	Y          int     `json:"y"`
	Width      int     `json:"width"`
	Height     int     `json:"height"`
	Category   string  `json:"category"`
	Confidence float64 `json:"confidence"`
}

// Detection is the result of finding the products in a photo.
type Detection struct {
	Width  int             `json:"width"`
	Height int             `json:"height"`
	Boxes  []*DetectionBox `json:"boxes"`       // every product found, most confident first
	Main   *DetectionBox   `json:"main_object"` // the largest object, the crop for a single-product photo; nil when none
}

// SimilarImage is a catalog item whose image looks like a query item's.
type SimilarImage struct {
	ItemID    string  `json:"item_id"`
	ImageHash string  `json:"image_hash"`
	Score     float64 `json:"score"` // cosine similarity of the image embeddings, -1..1
}

// Catalog issue kinds.
const (
	IssueCategoryMismatch = "category_mismatch" // the image looks like another category than the item's
	IssueDuplicateImage   = "duplicate_image"   // near-identical images on several items
)

// CatalogIssue is a problem the vision model finds in the catalog.
type CatalogIssue struct {
	Kind       string   `json:"kind"`                 // IssueCategoryMismatch or IssueDuplicateImage
	ItemIDs    []string `json:"item_ids"`             // the item (mismatch) or the items sharing the image (duplicate)
	ImageHash  string   `json:"image_hash,omitempty"` // the image in question (the first one of a duplicate group)
	Stated     string   `json:"stated,omitempty"`     // mismatch: the item's category the model knows
	Predicted  string   `json:"predicted,omitempty"`  // mismatch: what the image looks like
	Confidence float64  `json:"confidence,omitempty"` // mismatch: the prediction's probability
}

// ImageReader reads stored images and the items that show them: what
// an image dataset and the vision service read.
type ImageReader interface {
	ItemReader
	Image(ctx context.Context, hash string) (*Image, error)
}

// VisionStore is what the vision service reads: items, their images and
// its stored model.
type VisionStore interface {
	ImageReader
	Model(ctx context.Context, name string, version int) (*Model, error)
}

// Vision tags, searches and checks product images with a trained model.
// Methods return EUNAVAILABLE until a model is loaded, EINVALID (field
// "image") for data that is not a readable image within the size limits,
// and ENOTFOUND for unknown items or images.
type Vision interface {
	// ClassifyImage predicts the category of an encoded image.
	ClassifyImage(ctx context.Context, data []byte) (*ImagePrediction, error)
	// DetectProducts finds and classifies every product in an encoded photo.
	DetectProducts(ctx context.Context, data []byte) (*Detection, error)
	// SimilarImages returns up to n catalog items whose first image looks
	// most like item id's first image, most similar first.
	SimilarImages(ctx context.Context, id string, n int) ([]*SimilarImage, error)
	// CatalogIssues checks the catalog's item images: items whose image
	// confidently shows another category than theirs, and near-duplicate
	// images shared by several items.
	CatalogIssues(ctx context.Context) ([]*CatalogIssue, error)
}

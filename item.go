package shopmind

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
)

// Item is a product in the shop's catalog.
type Item struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Description string            `json:"description,omitempty"`
	Category    []string          `json:"category,omitempty"` // path from the root, e.g. ["Clothing", "Shoes", "Running"]
	Brand       string            `json:"brand,omitempty"`
	Price       float64           `json:"price"`              // in Currency's major unit, e.g. 19.99
	Currency    string            `json:"currency,omitempty"` // ISO 4217 code, e.g. "USD"
	Attributes  map[string]string `json:"attributes,omitempty"`
	Tags        []string          `json:"tags,omitempty"`
	Stock       int               `json:"stock"`            // units on hand; may be negative on back-order (both the API and the importer take it)
	Images      []string          `json:"images,omitempty"` // image content hashes (see Image) or URLs
	Active      bool              `json:"active"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// Validate checks the item and returns an EINVALID error naming the first
// field at fault.
func (i *Item) Validate() error {
	if err := ValidateID("id", i.ID); err != nil {
		return err
	}
	if strings.TrimSpace(i.Title) == "" {
		return FieldErrorf("title", "title is required")
	}
	if err := validateText("title", i.Title, MaxTitleLength); err != nil {
		return err
	}
	if err := validateText("description", i.Description, MaxTextLength); err != nil {
		return err
	}
	if math.IsNaN(i.Price) || math.IsInf(i.Price, 0) || i.Price < 0 {
		return FieldErrorf("price", "price must be a finite number >= 0")
	}
	if i.Currency != "" && !isCurrency(i.Currency) {
		return FieldErrorf("currency", "currency %q is not a 3-letter ISO 4217 code", i.Currency)
	}
	if err := validateText("brand", i.Brand, MaxTitleLength); err != nil {
		return err
	}
	if len(i.Category) > MaxCategoryDepth {
		return FieldErrorf("category", "category path has %d levels; at most %d", len(i.Category), MaxCategoryDepth)
	}
	for n, c := range i.Category {
		if c == "" {
			return FieldErrorf("category", "category path has an empty level")
		}
		if err := validateText(fmt.Sprintf("category[%d]", n), c, MaxCategoryLevel); err != nil {
			return err
		}
	}
	if err := validateAttributes("attributes", i.Attributes); err != nil {
		return err
	}
	if err := validateList("tags", i.Tags, MaxTags, MaxTagLength); err != nil {
		return err
	}
	return validateList("images", i.Images, MaxImages, MaxImageRef)
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// ItemFilter selects items. Nil or zero fields do not filter.
type ItemFilter struct {
	Category *string // items whose category path starts with this one, as InCategory reads it ("Shoes/Sneakers", "shoes › sneakers")
	Brand    *string
	Active   *bool
	Query    string // search text: a substring of id, title, brand, category or tags, or every word by its stem (docs/api.md)
	MinPrice *float64
	MaxPrice *float64
	InStock  *bool

	After string // cursor: return items with id > After
	Limit int    // at most this many; 0 means DefaultLimit
}

// ItemReader reads the catalog: one item or a list.
type ItemReader interface {
	Item(ctx context.Context, id string) (*Item, error)
	ItemLister
}

// CatalogVersioner tells whether the catalog changed: CatalogVersion
// moves (grows) with every committed change to the items, whoever makes it
// (the API, an import, another process); a reader that kept a copy of the
// catalog with the version it read first re-reads only when it moved.
type CatalogVersioner interface {
	CatalogVersion(ctx context.Context) (int64, error)
}

// ItemService keeps the catalog.
type ItemService interface {
	CatalogVersioner
	// Item returns the item with the given id, or ENOTFOUND.
	Item(ctx context.Context, id string) (*Item, error)
	// Items returns items matching f in ascending id order, and the cursor of
	// the next page, "" on the last page.
	Items(ctx context.Context, f ItemFilter) ([]*Item, string, error)
	// UpsertItems inserts or replaces items by id; each item must be valid.
	// A zero CreatedAt keeps the stored one (now, on insert); a zero UpdatedAt
	// becomes now. Replacing an item with equal content changes nothing, its
	// UpdatedAt included, so importing the same file twice is a no-op.
	UpsertItems(ctx context.Context, items []*Item) error
	// DeleteItem removes an item, or returns ENOTFOUND.
	DeleteItem(ctx context.Context, id string) error
}

package shopmind

import (
	"context"
	"math"
	"time"
)

// Limits of a recommendation request.
const (
	DefaultRecommendations = 10   // items returned when N is 0
	MaxRecommendations     = 100  // the most items one request returns
	MaxRecommendOffset     = 1000 // the deepest offset a request may page to
)

// Recommendation is one recommended item.
type Recommendation struct {
	ItemID string  `json:"item_id"`
	Score  float64 `json:"score"` // the model's score; higher is better, comparable within one list only
	// Explanation is a sentence a shopper can read, e.g. "Because you bought
	// Trail Runner 2" or "Popular in Shoes this week".
	Explanation string `json:"explanation"`
	// Reason is the kind of explanation, for clients that render their own:
	// "bought", "carted", "viewed", "liked", "similar", "also_bought",
	// "popular" or "trending".
	Reason string `json:"reason"`
	// BecauseOf is the item the explanation refers to, when there is one.
	BecauseOf string `json:"because_of,omitempty"`
	Item      *Item  `json:"item,omitempty"` // the catalog entry, when known
}

// RecommendationList is one answer of a Recommender.
type RecommendationList struct {
	// ID identifies this answer. Events that follow it (a click, a
	// purchase) should carry it as Event.RecommendationID for attribution.
	ID        string `json:"recommendation_id"`
	Model     string `json:"model"`   // stored model name, e.g. "recommend/hybrid"
	Version   int    `json:"version"` // stored model version
	ColdStart bool   `json:"cold_start,omitempty"`
	// NoPersonalisation is set when the user the list is for refused
	// personalisation (Consent): the list is the one an anonymous
	// visitor gets.
	NoPersonalisation bool             `json:"no_personalisation,omitempty"`
	Items             []Recommendation `json:"items"`
	CreatedAt         time.Time        `json:"created_at"`
}

// RecommendOptions are the paging and business filters of a request. The
// zero value asks for DefaultRecommendations items without filters.
type RecommendOptions struct {
	N        int      // items to return, 1 to MaxRecommendations; 0 means DefaultRecommendations
	Offset   int      // items to skip, 0 to MaxRecommendOffset
	Category string   // category path prefix as InCategory reads it, e.g. "Shoes/Sneakers" or "Shoes › Sneakers"
	MinPrice *float64 // inclusive
	MaxPrice *float64 // inclusive
	InStock  bool     // only items with stock > 0
	Exclude  []string // item ids never to return
	// IncludeBought lets items the user already has (bought, rated:
	// whatever the recommender's exclusion takes out) be recommended;
	// disliked items never are.
	IncludeBought bool
	// UserID is the shopper an item or popular list (similar, also
	// bought, popular) is shown to, when known: an experiment running on
	// that list's surface assigns them, and the items their own list would
	// leave out (bought, rated, disliked...) are left out of it too.
	// RecommendForUser takes its user from its own argument instead.
	UserID string
}

// Validate checks the options and fills in the default N. It returns an
// EINVALID error naming the field at fault: "n", "offset", "min_price",
// "max_price", "exclude" or "user_id".
func (o *RecommendOptions) Validate() error {
	if o.N == 0 {
		o.N = DefaultRecommendations
	}
	if o.N < 1 || o.N > MaxRecommendations {
		return FieldErrorf("n", "n must be from 1 to %d, not %d", MaxRecommendations, o.N)
	}
	if o.Offset < 0 || o.Offset > MaxRecommendOffset {
		return FieldErrorf("offset", "offset must be from 0 to %d, not %d", MaxRecommendOffset, o.Offset)
	}
	for _, p := range []struct {
		name string
		v    *float64
	}{{"min_price", o.MinPrice}, {"max_price", o.MaxPrice}} {
		if p.v != nil && (math.IsNaN(*p.v) || math.IsInf(*p.v, 0) || *p.v < 0) {
			return FieldErrorf(p.name, "%s must be a finite number >= 0", p.name)
		}
	}
	if o.MinPrice != nil && o.MaxPrice != nil && *o.MinPrice > *o.MaxPrice {
		return FieldErrorf("min_price", "min_price %g is above max_price %g", *o.MinPrice, *o.MaxPrice)
	}
	if len(o.Exclude) > MaxRecommendOffset {
		return FieldErrorf("exclude", "exclude lists at most %d items", MaxRecommendOffset)
	}
	for _, id := range o.Exclude {
		if err := ValidateID("exclude", id); err != nil {
			return err
		}
	}
	if o.UserID != "" {
		if err := ValidateID("user_id", o.UserID); err != nil {
			return err
		}
	}
	return nil
}

// RecommendStore is what the recommendation service reads and keeps: the
// events and catalog it trains on, the events a user added since (one
// bounded read per request), who refuses personalisation, and its models
// (erasure scrubs or deletes versions).
type RecommendStore interface {
	ItemReader
	CatalogVersioner
	EventLister
	EventSeq(ctx context.Context) (int64, error)
	UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*Event, error)
	OptOutLister
	ModelService
	DeleteModel(ctx context.Context, name string, version int) error
	Counts(ctx context.Context) (Counts, error)
}

// Recommender serves recommendations from the newest trained model. Every
// method validates opt (see RecommendOptions.Validate) and returns
// EUNAVAILABLE while no model has been trained.
type Recommender interface {
	// RecommendForUser returns items for a user, using their events up to
	// now (so an event changes the next answer without retraining). An
	// unknown user gets cold-start results (popular items), flagged
	// ColdStart; it is not an error.
	RecommendForUser(ctx context.Context, userID string, opt RecommendOptions) (*RecommendationList, error)
	// SimilarItems returns items like itemID, or ENOTFOUND for an unknown
	// item.
	SimilarItems(ctx context.Context, itemID string, opt RecommendOptions) (*RecommendationList, error)
	// AlsoBought returns items bought by the users who bought itemID, or
	// ENOTFOUND for an unknown item.
	AlsoBought(ctx context.Context, itemID string, opt RecommendOptions) (*RecommendationList, error)
	// Popular returns the most popular items, recent popularity first.
	Popular(ctx context.Context, opt RecommendOptions) (*RecommendationList, error)
}

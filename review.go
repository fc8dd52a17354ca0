package shopmind

import (
	"context"
	"time"
)

// Review is a user's review of an item.
type Review struct {
	ID        string    `json:"id"`
	ItemID    string    `json:"item_id"`
	UserID    string    `json:"user_id,omitempty"` // empty for anonymous reviews
	Rating    int       `json:"rating,omitempty"`  // 1 to 5 stars; 0 when the review has none
	Title     string    `json:"title,omitempty"`
	Text      string    `json:"text"`
	Language  string    `json:"language,omitempty"` // BCP 47 tag such as "en" or "zh"; empty when unknown
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks the review and returns an EINVALID error naming the field.
func (r *Review) Validate() error {
	if err := ValidateID("id", r.ID); err != nil {
		return err
	}
	if err := ValidateID("item_id", r.ItemID); err != nil {
		return err
	}
	if r.UserID != "" {
		if err := ValidateID("user_id", r.UserID); err != nil {
			return err
		}
	}
	if r.Rating < 0 || r.Rating > 5 {
		return FieldErrorf("rating", "rating must be between 1 and 5, or 0 for none")
	}
	if err := validateText("title", r.Title, MaxTitleLength); err != nil {
		return err
	}
	if r.Text == "" && r.Title == "" {
		return FieldErrorf("text", "text is required")
	}
	if err := validateText("text", r.Text, MaxTextLength); err != nil {
		return err
	}
	if err := validateText("language", r.Language, 35); err != nil {
		return FieldErrorf("language", "language is not a BCP 47 tag")
	}
	return nil
}

// ReviewFilter selects reviews, listed in ascending id order.
type ReviewFilter struct {
	ItemID string
	UserID string

	After string
	Limit int
}

// ReviewService keeps reviews.
type ReviewService interface {
	// Review returns a review, or ENOTFOUND.
	Review(ctx context.Context, id string) (*Review, error)
	// Reviews returns reviews matching f and the next cursor.
	Reviews(ctx context.Context, f ReviewFilter) ([]*Review, string, error)
	// UpsertReviews inserts or replaces reviews by id (no-op when equal).
	UpsertReviews(ctx context.Context, reviews []*Review) error
	// DeleteReview removes a review, or returns ENOTFOUND.
	DeleteReview(ctx context.Context, id string) error
}

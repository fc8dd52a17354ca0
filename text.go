package shopmind

import (
	"context"
	"time"
)

// Sentiment labels of review analysis.
const (
	SentimentPositive = "positive"
	SentimentNegative = "negative"
	SentimentNeutral  = "neutral"
)

// ReviewAnalysis is what shopmind reads in one review.
type ReviewAnalysis struct {
	ReviewID  string `json:"review_id"`
	ItemID    string `json:"item_id"`
	Language  string `json:"language"`  // detected, e.g. "en" or "zh"
	Sentiment string `json:"sentiment"` // SentimentPositive, SentimentNegative or SentimentNeutral
	// Positive is the calibrated probability that the review is positive.
	Positive float64         `json:"positive"`
	Aspects  []AspectMention `json:"aspects"`
	Entities []Entity        `json:"entities"`
	// Why lists the n-grams that weighed most in the sentiment.
	Why       []string  `json:"why,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// AspectMention is an aspect a review talks about and the sentiment of the
// clause that mentions it.
type AspectMention struct {
	Aspect    string  `json:"aspect"` // canonical name, e.g. "battery"
	Term      string  `json:"term"`   // the word in the text, e.g. "电池"
	Sentiment string  `json:"sentiment"`
	Positive  float64 `json:"positive"`
	Text      string  `json:"text"` // the sentence
}

// Entity is a brand, product name or model number found in text.
type Entity struct {
	Text   string `json:"text"`
	Kind   string `json:"kind"` // "brand", "product" or "model"
	Start  int    `json:"start"`
	End    int    `json:"end"` // byte offsets into the text
	ItemID string `json:"item_id,omitempty"`
}

// AspectSummary aggregates one aspect over an item's reviews.
type AspectSummary struct {
	Aspect   string  `json:"aspect"`
	Reviews  int     `json:"reviews"`  // reviews mentioning it
	Positive float64 `json:"positive"` // share of the mentions that are positive
	Negative float64 `json:"negative"` // share negative (the rest are neutral)
	// Example is a mention's sentence on the larger side: the most positive
	// one when at least as many mentions are positive as negative, else the
	// most negative one.
	Example string `json:"example,omitempty"`
}

// SentimentPoint is the sentiment of an item's reviews in one period.
type SentimentPoint struct {
	Start    time.Time `json:"start"`
	Reviews  int       `json:"reviews"`
	Positive float64   `json:"positive"` // share positive
}

// ReviewSummary is what an item's reviews say.
type ReviewSummary struct {
	ItemID   string  `json:"item_id"`
	Reviews  int     `json:"reviews"`
	Positive float64 `json:"positive"` // share of reviews that are positive
	Negative float64 `json:"negative"`
	Neutral  float64 `json:"neutral"`
	// Rating is the mean star rating of the reviews that have one (0: none).
	Rating    float64          `json:"rating"`
	Aspects   []AspectSummary  `json:"aspects"`
	Tags      []string         `json:"tags"`
	Positives []string         `json:"positive_examples"` // example sentences
	Negatives []string         `json:"negative_examples"`
	Entities  []string         `json:"entities"`
	Trend     []SentimentPoint `json:"trend"` // by month, oldest first
	Languages map[string]int   `json:"languages"`
}

// SentimentChange is an item whose review sentiment moved between two
// windows.
type SentimentChange struct {
	ItemID   string  `json:"item_id"`
	Name     string  `json:"name,omitempty"`
	Before   float64 `json:"before"` // share positive in the earlier window
	Recent   float64 `json:"recent"` // share positive in the recent window
	Change   float64 `json:"change"` // Recent - Before
	NBefore  int     `json:"reviews_before"`
	NRecent  int     `json:"reviews_recent"`
	Negative string  `json:"top_complaint,omitempty"` // the most negative aspect recently
}

// SentimentChangeFilter selects items for FallingSentiment.
type SentimentChangeFilter struct {
	Window     time.Duration // length of the recent window (default 30 days)
	MinReviews int           // reviews needed in each window (default 3)
	Limit      int
}

// ReviewReader reads reviews: one review or a list.
type ReviewReader interface {
	Review(ctx context.Context, id string) (*Review, error)
	ReviewLister
}

// ReviewStore is what review intelligence reads and keeps: reviews, the
// items they are about and its sentiment model.
type ReviewStore interface {
	ReviewReader
	ItemReader
	ModelService
}

// ReviewInsights analyses reviews and summarises them per item.
type ReviewInsights interface {
	// AnalyzeReview analyses a review (stored or not) without keeping it.
	AnalyzeReview(ctx context.Context, r *Review) (*ReviewAnalysis, error)
	// ReviewAnalysis returns the kept analysis of a stored review, or ENOTFOUND.
	ReviewAnalysis(ctx context.Context, reviewID string) (*ReviewAnalysis, error)
	// ReviewSummary summarises an item's reviews, or returns ENOTFOUND when
	// the item has none.
	ReviewSummary(ctx context.Context, itemID string) (*ReviewSummary, error)
	// FallingSentiment lists items whose share of positive reviews fell
	// most from the window before to the recent window.
	FallingSentiment(ctx context.Context, f SentimentChangeFilter) ([]*SentimentChange, error)
}

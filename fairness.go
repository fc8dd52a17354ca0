package shopmind

import (
	"context"
	"time"
)

// FairnessReport says whom served recommendations favour: how exposure is
// spread over items, brands and price bands against their share of the
// catalog, how much it leans to already popular items, how well the served
// model does for different groups of users, and a card for every model.
type FairnessReport struct {
	GeneratedAt time.Time       `json:"generated_at"`
	Exposure    ExposureSummary `json:"exposure"`
	Brands      []ExposureGroup `json:"brands"`      // by exposure share, largest first; brands beyond the top 20 are summed as "other brands"
	PriceBands  []ExposureGroup `json:"price_bands"` // catalog price quartiles, cheapest first
	Popularity  PopularityBias  `json:"popularity"`
	Quality     []GroupQuality  `json:"quality"` // the served recommendation model's holdout metrics by user group
	QualityNote string          `json:"quality_note,omitempty"`
	Models      []ModelCard     `json:"models"`
}

// ExposureSummary counts the items shown in served recommendation lists.
type ExposureSummary struct {
	// Source says where the counts come from, e.g. "served since
	// 2026-12-04T05:00:00Z (in memory)".
	Source       string    `json:"source"`
	Since        time.Time `json:"since"`
	Lists        int64     `json:"lists"`       // recommendation lists served
	Impressions  int64     `json:"impressions"` // items shown, summed over lists
	CatalogItems int       `json:"catalog_items"`
	ExposedItems int       `json:"exposed_items"` // active catalog items shown at least once
	// Coverage is ExposedItems / CatalogItems, 0..1.
	Coverage float64 `json:"coverage"`
	// Gini is the Gini coefficient of impressions over the active catalog
	// (unshown items count 0): 0 when every item is shown equally often,
	// near 1 when a few items take every impression.
	Gini float64 `json:"gini"`
	// Top10Share is the share of impressions that went to the most shown
	// 10% of the catalog.
	Top10Share float64 `json:"top10_share"`
}

// ExposureGroup compares one group's share of impressions with its share of
// the active catalog.
type ExposureGroup struct {
	Name          string  `json:"name"`
	CatalogItems  int     `json:"catalog_items"`
	CatalogShare  float64 `json:"catalog_share"`
	Impressions   int64   `json:"impressions"`
	ExposureShare float64 `json:"exposure_share"`
	// Ratio is ExposureShare / CatalogShare: 1 is exposure in proportion,
	// above 1 over-exposed, below 1 under-exposed.
	Ratio float64 `json:"ratio"`
}

// PopularityBias measures how much exposure leans to items that are
// already popular (by events in the window before the newest event).
type PopularityBias struct {
	WindowDays int       `json:"window_days"`
	Until      time.Time `json:"until,omitempty"` // the newest event
	// MeanPercentile is the impression-weighted mean popularity percentile
	// of shown items (0 least, 1 most popular; ties share their mean rank):
	// about 0.5 when exposure ignores popularity.
	MeanPercentile float64 `json:"mean_percentile"`
	// TopDecileShare is the share of impressions that went to the 10% most
	// popular items (about 0.1 when exposure ignores popularity); Lift is
	// it divided by that decile's share of the catalog.
	TopDecileShare float64 `json:"top_decile_share"`
	Lift           float64 `json:"lift"`
}

// GroupQuality is a model's holdout quality for one group of users.
type GroupQuality struct {
	Group   string  `json:"group"` // "new", "active" or "segment:<name>"
	Users   int     `json:"users"`
	NDCG    float64 `json:"ndcg"`
	Recall  float64 `json:"recall"`
	HitRate float64 `json:"hit_rate"`
	K       int     `json:"k"`
}

// ModelCard documents one stored model: what it is for, what it was
// trained on, how it scored and what it uses.
type ModelCard struct {
	ID         string    `json:"id"` // the name with "/" written as ".", e.g. "recommend.hybrid"
	Name       string    `json:"name"`
	Version    int       `json:"version"`
	TrainedAt  time.Time `json:"trained_at"`
	ConfigHash string    `json:"config_hash"`
	Served     bool      `json:"served"` // the version requests are answered with
	Purpose    string    `json:"purpose"`
	// Inputs are the data the model reads; NotUsed the data it never
	// reads, e.g. personal data.
	Inputs  []string `json:"inputs"`
	NotUsed []string `json:"not_used,omitempty"`
	// DataFrom and DataTo bound the events it was trained on, when the
	// training recorded them.
	DataFrom time.Time          `json:"data_from,omitempty"`
	DataTo   time.Time          `json:"data_to,omitempty"`
	Sizes    map[string]float64 `json:"sizes,omitempty"`   // events, users, items... it was trained on
	Metrics  map[string]float64 `json:"metrics,omitempty"` // evaluation metrics
	Groups   []GroupQuality     `json:"groups,omitempty"`  // holdout quality by user group
}

// FairnessStore is what a fairness report reads: the active catalog, the
// events of the popularity window and the stored models.
type FairnessStore interface {
	ItemLister
	EventLister
	ModelService
	EventSpan(ctx context.Context) (Span, error)
}

// FairnessService reports on exposure and models.
type FairnessService interface {
	// FairnessReport computes the report now.
	FairnessReport(ctx context.Context) (*FairnessReport, error)
	// ModelCard returns the card of the newest version of the model with
	// this card id (ModelCard.ID), or ENOTFOUND.
	ModelCard(ctx context.Context, id string) (*ModelCard, error)
}

package shopmind

import (
	"context"
	"time"
)

// CustomerInsight is what shopmind knows about one customer: RFM values and
// scores, the named segment and behavioural cluster, and model scores.
// Customers are users with at least one counted order (not cancelled,
// refunded or returned).
type CustomerInsight struct {
	UserID     string    `json:"user_id"`
	Recency    float64   `json:"recency_days"` // days from the last order to AsOf
	Frequency  int       `json:"frequency"`    // counted orders
	Monetary   float64   `json:"monetary"`     // total spent on counted orders
	FirstOrder time.Time `json:"first_order"`
	LastOrder  time.Time `json:"last_order"`
	// R, F and M are quintile scores 1 (worst) to 5 (best) among all
	// customers: R is high for recent buyers.
	R int `json:"r"`
	F int `json:"f"`
	M int `json:"m"`
	// Segment is the named RFM segment (see Segments).
	Segment string `json:"segment"`
	// Cluster is the behavioural cluster index (see ClusterSummary).
	Cluster int `json:"cluster"`
	// ChurnRisk is the model's probability that the customer buys nothing
	// in the churn window (Segmentation.ChurnDays), Propensity the
	// probability of a purchase in the propensity window
	// (Segmentation.PropensityDays). Both are -1 when no model is trained.
	ChurnRisk  float64 `json:"churn_risk"`
	Propensity float64 `json:"propensity"`
	// NoMarketing is set in lists when the customer refuses marketing
	// (Consent.NoMarketing): count them, do not contact them.
	NoMarketing bool `json:"no_marketing,omitempty"`
}

// SegmentSummary describes one named RFM segment.
type SegmentSummary struct {
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	Customers    int     `json:"customers"`
	Share        float64 `json:"share"`   // of all customers, 0..1
	Revenue      float64 `json:"revenue"` // Monetary summed over the segment
	AvgRecency   float64 `json:"avg_recency_days"`
	AvgFrequency float64 `json:"avg_frequency"`
	AvgMonetary  float64 `json:"avg_monetary"`
	AvgChurnRisk float64 `json:"avg_churn_risk"` // -1 without a model
}

// ClusterSummary describes one behavioural cluster: its size and centroid
// in the original units.
type ClusterSummary struct {
	ID         int     `json:"id"`
	Label      string  `json:"label"` // a short description of what stands out
	Customers  int     `json:"customers"`
	Spend      float64 `json:"spend"`       // mean total spend
	Orders     float64 `json:"orders"`      // mean number of orders
	Categories float64 `json:"categories"`  // mean number of distinct top-level categories bought
	PriceLevel float64 `json:"price_level"` // mean of (unit price / category median price)
}

// Segmentation is the latest computed view of the customer base.
type Segmentation struct {
	AsOf       time.Time `json:"as_of"` // the end of the data
	ComputedAt time.Time `json:"computed_at"`
	// Currency is the ISO 4217 code of the counted orders (of most of them
	// when they differ): the unit of Revenue, Spend, Monetary and cohort
	// revenue. Empty without orders.
	Currency       string             `json:"currency,omitempty"`
	Customers      int                `json:"customers"`
	Segments       []SegmentSummary   `json:"segments"`
	Clusters       []ClusterSummary   `json:"clusters"`
	Model          string             `json:"model,omitempty"` // churn model name and version, "" without one
	ModelMetrics   map[string]float64 `json:"model_metrics,omitempty"`
	ChurnDays      int                `json:"churn_days"`
	PropensityDays int                `json:"propensity_days"`
}

// CustomerFilter selects customer insights. Sort is "monetary" (default),
// "churn_risk", "propensity" or "recency"; all sort descending except
// recency, with ties broken by user id.
type CustomerFilter struct {
	Segment string
	Cluster *int
	Sort    string
	Offset  int // skip this many
	Limit   int // 0 means DefaultLimit
	// Marketable keeps only customers who do not refuse marketing
	// (Consent.NoMarketing): a segment's list for a campaign.
	Marketable bool
}

// TargetQuery asks for the customers most likely to buy one item or any item
// of a category (a path prefix as InCategory reads it: "Shoes/Sneakers" or
// "Shoes › Sneakers"). Exactly one must be set.
type TargetQuery struct {
	ItemID   string
	Category string
	Limit    int // 0 means DefaultLimit; at most MaxTargets
}

// MaxTargets is the most customers one TargetQuery returns.
const MaxTargets = 100_000

// CampaignTarget is one customer to target, with the estimated probability
// of buying the target in the propensity window and the expected uplift over
// untargeted selection.
type CampaignTarget struct {
	UserID      string  `json:"user_id"`
	Probability float64 `json:"probability"`
	Uplift      float64 `json:"uplift"`   // Probability minus TargetList.Baseline
	Affinity    float64 `json:"affinity"` // the customer's estimated share of purchases going to the target
	Segment     string  `json:"segment"`
}

// TargetList is the answer to a TargetQuery.
type TargetList struct {
	ItemID   string `json:"item_id,omitempty"`
	Category string `json:"category,omitempty"`
	// Baseline is the mean probability over all customers: what a random
	// selection of the same size would reach.
	Baseline float64 `json:"baseline"`
	// ExpectedBuyers sums Probability over Targets; ExpectedUplift sums
	// Uplift: the extra buyers over a random selection of the same size.
	ExpectedBuyers float64 `json:"expected_buyers"`
	ExpectedUplift float64 `json:"expected_uplift"`
	Source         string  `json:"source"` // how affinity was estimated, e.g. "history" or "history+recommend/ease"
	// Features are the inputs the ranking used, in words: the evidence on
	// the target, the recommender's related items, the propensity model's
	// features. Personal data (name, e-mail, address) is never one.
	Features []string `json:"features"`
	// NoMarketing counts the customers left out because they refuse
	// marketing (Consent.NoMarketing).
	NoMarketing int              `json:"no_marketing,omitempty"`
	Targets     []CampaignTarget `json:"targets"`
}

// FunnelQuery selects the events of a funnel. Zero times mean no bound. Unit
// is "user" (default) or "session".
type FunnelQuery struct {
	Since    time.Time
	Until    time.Time
	Category string // path prefix as InCategory reads it; "" for all items
	ItemID   string
	Unit     string
}

// FunnelStep is one step of a funnel: how many units reached it.
type FunnelStep struct {
	Step    EventType `json:"step"`
	Count   int       `json:"count"`
	Rate    float64   `json:"rate"`    // Count over the previous step's count (1 for the first)
	Overall float64   `json:"overall"` // Count over the first step's count
}

// Funnel is the view -> cart -> purchase funnel: a unit counts at a step
// when it had that step's event and every earlier step's event on the same
// item, in order.
type Funnel struct {
	Since time.Time    `json:"since"`
	Until time.Time    `json:"until"`
	Unit  string       `json:"unit"`
	Steps []FunnelStep `json:"steps"`
}

// CohortQuery selects cohorts: customers grouped by the month of their first
// counted order, the last Months months (default 12, at most 60).
type CohortQuery struct {
	Months int
}

// Cohort is one monthly cohort and how it came back.
type Cohort struct {
	Month     string `json:"month"` // YYYY-MM of the first order
	Customers int    `json:"customers"`
	// Retention[k] is the share of the cohort that ordered in month k after
	// the first (Retention[0] = 1); Revenue[k] is what the cohort spent then.
	Retention []float64 `json:"retention"`
	Revenue   []float64 `json:"revenue"`
}

// Cohorts is a cohort table, oldest cohort first.
type Cohorts struct {
	Cohorts []Cohort `json:"cohorts"`
}

// InsightsStore is what the insights read and keep: the catalog, orders
// and events, who refuses marketing, and the churn model.
type InsightsStore interface {
	ItemLister
	OrderLister
	EventLister
	OptOutLister
	ModelService
	EventSpan(ctx context.Context) (Span, error)
	EventsPerDay(ctx context.Context, since, until time.Time) ([]DayCount, error)
}

// InsightsService answers marketing questions about the customer base.
// Results come from the latest computation (see Refresh); before the first
// one, methods return EUNAVAILABLE.
type InsightsService interface {
	// Segmentation returns the segment and cluster summary.
	Segmentation(ctx context.Context) (*Segmentation, error)
	// Customers lists customer insights matching f and the total matched.
	Customers(ctx context.Context, f CustomerFilter) ([]*CustomerInsight, int, error)
	// Customer returns one customer's insight, or ENOTFOUND for a user
	// without counted orders.
	Customer(ctx context.Context, userID string) (*CustomerInsight, error)
	// Targets ranks customers for a campaign. It returns EINVALID naming
	// the field for a bad query and ENOTFOUND for an unknown item or a
	// category without items.
	Targets(ctx context.Context, q TargetQuery) (*TargetList, error)
	// Funnel computes the view -> cart -> purchase funnel from the event log.
	Funnel(ctx context.Context, q FunnelQuery) (*Funnel, error)
	// Cohorts computes monthly cohorts from orders.
	Cohorts(ctx context.Context, q CohortQuery) (*Cohorts, error)
	// Refresh recomputes segments, clusters and scores from the store.
	Refresh(ctx context.Context) error
}

// DemandBucket is the time step of a demand series.
type DemandBucket string

// Demand buckets.
const (
	BucketDay  DemandBucket = "day"
	BucketWeek DemandBucket = "week" // weeks start on Monday
)

// DemandQuery asks for a demand forecast of one item or one category
// (path prefix as InCategory reads it); exactly one must be set.
type DemandQuery struct {
	ItemID   string
	Category string
	Bucket   DemandBucket // "" means BucketDay
	Horizon  int          // buckets ahead; 0 means 28 days or 8 weeks
	Level    float64      // prediction-interval level; 0 means 0.95
	History  int          // past buckets to return; 0 means 4 times Horizon
}

// DemandPoint is demand in one bucket: units sold, or for a forecast the
// point forecast with its prediction interval.
type DemandPoint struct {
	Date  string  `json:"date"` // YYYY-MM-DD, the bucket's first day
	Value float64 `json:"value"`
	Lower float64 `json:"lower,omitempty"`
	Upper float64 `json:"upper,omitempty"`
	// Event names the promotions or holidays of the shop's calendar that
	// cover the day (daily buckets only), "" on a normal day.
	Event string `json:"event,omitempty"`
}

// DemandForecast is a demand history with its forecast.
type DemandForecast struct {
	ItemID   string        `json:"item_id,omitempty"`
	Category string        `json:"category,omitempty"`
	Bucket   DemandBucket  `json:"bucket"`
	Method   string        `json:"method"` // the fitted model, e.g. "ETS(A,N,A)"
	Level    float64       `json:"level"`
	History  []DemandPoint `json:"history"`
	Forecast []DemandPoint `json:"forecast"`
	Notes    []string      `json:"notes,omitempty"` // fallbacks taken
}

// StockAdvice is one item's stock position and what to do about it.
// Quantities are units; durations are days.
type StockAdvice struct {
	ItemID        string   `json:"item_id"`
	Title         string   `json:"title"`
	Stock         int      `json:"stock"`
	DailyDemand   float64  `json:"daily_demand"` // mean forecast demand per day over the lead time
	LeadTime      int      `json:"lead_time_days"`
	SafetyStock   float64  `json:"safety_stock"`
	ReorderPoint  float64  `json:"reorder_point"`
	OrderQuantity float64  `json:"order_quantity"` // what to order now; 0 unless Reorder
	DaysOfCover   float64  `json:"days_of_cover"`  // -1 when no demand is forecast
	StockoutRisk  float64  `json:"stockout_risk"`  // P(running out before an order placed now arrives)
	Reorder       bool     `json:"reorder"`
	AtRisk        bool     `json:"at_risk"`
	Method        string   `json:"method"`
	Notes         []string `json:"notes,omitempty"`
}

// StockFilter selects stock advice, listed by descending StockoutRisk then
// item id.
type StockFilter struct {
	AtRisk  *bool
	Reorder *bool
	Offset  int
	Limit   int // 0 means DefaultLimit
}

// StockReport is a page of stock advice with totals over all items.
type StockReport struct {
	AsOf       time.Time      `json:"as_of"`
	ComputedAt time.Time      `json:"computed_at"`
	Items      int            `json:"items"`   // items advised
	AtRisk     int            `json:"at_risk"` // of which at risk of stock-out
	Reorder    int            `json:"reorder"` // of which due for reorder
	Total      int            `json:"total"`   // matching the filter
	Advice     []*StockAdvice `json:"advice"`
}

// SupplyStore is what demand forecasts and stock advice read: the
// catalog, the promotion calendar, and orders (purchase events when there
// are none).
type SupplyStore interface {
	PromotionLister
	OrderLister
	EventLister
	ItemReader
}

// SupplyService forecasts demand from the shop's orders and advises on
// stock.
type SupplyService interface {
	// Forecast forecasts one item's or category's demand. It returns
	// ENOTFOUND for an unknown item or a category without items, and
	// EINVALID naming the field for a bad query.
	Forecast(ctx context.Context, q DemandQuery) (*DemandForecast, error)
	// StockAdvice returns advice for the items matching f from the latest
	// computation (EUNAVAILABLE before the first one).
	StockAdvice(ctx context.Context, f StockFilter) (*StockReport, error)
	// ItemStockAdvice computes one item's advice now, or ENOTFOUND.
	ItemStockAdvice(ctx context.Context, itemID string) (*StockAdvice, error)
	// Refresh recomputes demand and stock advice for every item.
	Refresh(ctx context.Context) error
}

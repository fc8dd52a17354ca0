package shopmind

import (
	"context"
	"time"
)

// OverviewQuery selects the period of a shop overview: [From, To). Zero
// times take the defaults of the service (the last 30 days to now).
type OverviewQuery struct {
	From time.Time
	To   time.Time
	// Attention bounds the findings listed per kind (5 when zero).
	Attention int
}

// MaxOverviewDays is the longest period an overview covers.
const MaxOverviewDays = 366

// Overview is the shop owner's summary of a period: how the shop did, and
// what needs a person.
type Overview struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// ComputedAt is when these figures were computed: an overview is
	// reused for a while (the service's cache), so it may be minutes old.
	ComputedAt time.Time `json:"computed_at"`
	// Currency is the currency of most orders in the period; Revenue and
	// the other amounts are in it. Orders in other currencies are counted
	// in Orders but not in Revenue (OtherCurrencyOrders).
	Currency string `json:"currency,omitempty"`
	OverviewTotals
	// Previous is the same-length period just before From, to compare with.
	Previous OverviewTotals `json:"previous"`
	// Days is one entry per UTC day of the period, oldest first.
	Days []OverviewDay `json:"days"`
	// EventSpan is when the stored events start and end (zero without
	// events), so a period with no data can say where the data is.
	EventSpan Span `json:"event_span"`
	// Attention lists what needs a person, one section per kind, in the
	// order of the Attention* kinds.
	Attention []AttentionSection `json:"attention"`
	// Experiments counts the A/B tests by status ("running", "draft", ...).
	Experiments map[string]int `json:"experiments"`
}

// OverviewTotals are the sums of a period.
type OverviewTotals struct {
	// Revenue is the total of the counted orders (not cancelled, returned
	// or refunded) created in the period, in Currency.
	Revenue float64 `json:"revenue"`
	// Orders counts the counted orders created in the period.
	Orders              int `json:"orders"`
	OtherCurrencyOrders int `json:"other_currency_orders,omitempty"`
	// AverageOrder is Revenue over the orders in Currency (0 without any).
	AverageOrder float64 `json:"average_order"`
	// Visits counts sessions with a view in the period (an event without a
	// session id is its user's visit of that UTC day), Converted those of
	// them with a purchase, and Conversion is Converted / Visits.
	Visits     int     `json:"visits"`
	Converted  int     `json:"converted"`
	Conversion float64 `json:"conversion"`
	// RecommendedRevenue is the value (quantity × the item's current price)
	// of purchase events in the period that followed a recommendation: the
	// purchase carries a recommendation id, or the same shopper clicked or
	// viewed the item from a recommendation in the RecommendationWindow
	// before. RecommendedPurchases counts those purchases, and
	// RecommendedShare is RecommendedRevenue over the value of every
	// purchase event in the period.
	RecommendedRevenue   float64 `json:"recommended_revenue"`
	RecommendedPurchases int     `json:"recommended_purchases"`
	RecommendedShare     float64 `json:"recommended_share"`
}

// RecommendationWindow is how long after a click or view from a
// recommendation a purchase of the same item is attributed to it.
const RecommendationWindow = 24 * time.Hour

// OverviewDay is one UTC day of an overview.
type OverviewDay struct {
	Day     string  `json:"day"` // YYYY-MM-DD
	Revenue float64 `json:"revenue"`
	Orders  int     `json:"orders"`
}

// Kinds of findings in an overview's Attention list.
const (
	AttentionStockOut         = "stock_out"            // items about to run out
	AttentionFallingSentiment = "falling_sentiment"    // items whose reviews turned negative
	AttentionWaiting          = "waiting_conversation" // conversations handed off to a person
	AttentionCustomersAtRisk  = "customers_at_risk"    // valuable customers who stopped buying
	AttentionImageMismatch    = "image_mismatch"       // item images that show another category
)

// AttentionSection is one kind of finding: how many there are and the most
// pressing few. Status is "ok", or "unavailable" when the capability
// behind it is not wired or not ready (Message says why).
type AttentionSection struct {
	Kind    string           `json:"kind"`
	Status  string           `json:"status"`
	Message string           `json:"message,omitempty"`
	Total   int              `json:"total"`
	Items   []*AttentionItem `json:"items"`
}

// AttentionItem is one finding. Exactly the ids its kind is about are set.
type AttentionItem struct {
	ItemID         string `json:"item_id,omitempty"`
	UserID         string `json:"user_id,omitempty"`
	ConversationID string `json:"conversation_id,omitempty"`
	// Title is the item's title (items) or empty.
	Title string `json:"title,omitempty"`
	// Text says what is wrong in plain words, e.g. "3 in stock, about 6
	// days of cover; order 40".
	Text string `json:"text"`
	// Value is the kind's measure: stock-out risk, change in positive
	// share, hours waiting, money spent, or the image prediction's
	// confidence.
	Value float64 `json:"value"`
	// Since is when the finding started, where known (hand-off time, last
	// order).
	Since *time.Time `json:"since,omitempty"`
}

// OverviewStore is what the owner's overview reads: orders and events of
// the periods, item prices, hand-offs waiting, the span of the event log
// and the experiments.
type OverviewStore interface {
	OrderLister
	EventLister
	ConversationLister
	Item(ctx context.Context, id string) (*Item, error)
	EventSpan(ctx context.Context) (Span, error)
	Experiments(ctx context.Context, f ExperimentFilter) ([]*Experiment, error)
}

// OverviewService summarises the shop for its owner.
type OverviewService interface {
	// Overview returns the summary of q's period. It returns EINVALID
	// naming "from" or "to" for a period that is empty, reversed or longer
	// than MaxOverviewDays, and EUNAVAILABLE, saying how far it has come,
	// while the period's summary is being computed.
	Overview(ctx context.Context, q OverviewQuery) (*Overview, error)
}

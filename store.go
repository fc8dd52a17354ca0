package shopmind

import (
	"context"
	"time"
)

// Page sizes for every list call; stores clamp a larger Limit to MaxLimit.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Counts is how many of each entity a store holds.
type Counts struct {
	Items   int64 `json:"items"`
	Users   int64 `json:"users"`
	Events  int64 `json:"events"`
	Orders  int64 `json:"orders"`
	Reviews int64 `json:"reviews"`
	Images  int64 `json:"images"`
	Models  int64 `json:"models"`
}

// Span is a closed interval of time, such as the data a store holds.
type Span struct {
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// Store is everything shopmind keeps: the shop's data and trained models.
// store/sqlite and store/postgres implement it, and store/storetest checks
// both against one suite.
type Store interface {
	ItemService
	CategoryService
	UserService
	EventService
	OrderService
	ReviewService
	ImageService
	ModelService
	KeyService
	ExperimentService
	ConversationService
	ErasureService
	PromotionService
	AuditService
	ConsentService

	StoreStats
	Transactor

	// Ping reports whether the store is reachable.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// StoreStats summarises what a store holds.
type StoreStats interface {
	// Counts returns how many of each entity are stored.
	Counts(ctx context.Context) (Counts, error)
	// EventSpan returns the times of the oldest and newest stored events;
	// both are zero without events.
	EventSpan(ctx context.Context) (Span, error)
}

// Transactor runs work in one of the store's transactions.
type Transactor interface {
	// Tx runs fn with a Store bound to one transaction: it commits when fn
	// returns nil and rolls back otherwise, leaving stored data exactly as it
	// was. Tx must not be nested.
	Tx(ctx context.Context, fn func(Store) error) error
}

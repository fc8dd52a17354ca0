package httpapi

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
)

// Store is what the API's routes read and write: one interface per route
// group, each group's handlers reaching only theirs (Server keeps them
// apart). Both stores implement it; so does mock.Store.
type Store interface {
	HealthStore
	shopmind.KeyService        // /v1/keys, and authentication (KeyByHash, TouchKey)
	StatsStore                 // /v1/stats
	shopmind.ItemService       // /v1/items
	shopmind.CategoryService   // /v1/categories
	shopmind.UserService       // /v1/users, personal data and its erasure
	shopmind.EventService      // /v1/events, /v1/users/{id}/events
	OrdersStore                // /v1/orders
	ReviewsStore               // /v1/reviews
	ImagesStore                // /v1/images, /v1/items/{id}/images/{n}, and the images vision reads
	ModelLister                // /v1/models
	PromotionsStore            // /v1/promotions
	ConsentsStore              // /v1/users/{id}/consent
	shopmind.ExperimentService // /v1/experiments and their exposures
	ConversationsStore         // GET /v1/conversations/{id}, /v1/users/{id}/conversations
	shopmind.AuditService      // the audit log (Options.Audit when nil) and /v1/audit
}

// HealthStore is what /readyz asks: that the store answers; a store that
// is also a shopmind.WriteProber must take a write too.
type HealthStore interface {
	Ping(ctx context.Context) error
}

// StatsStore is what /v1/stats reads: the counts, the events' span and the
// events per day.
type StatsStore interface {
	shopmind.StoreStats
	EventsPerDay(ctx context.Context, since, until time.Time) ([]shopmind.DayCount, error)
}

// OrdersStore is what the order routes use: the orders, and the users and
// items an order names (CheckReferences).
type OrdersStore interface {
	shopmind.OrderService
	shopmind.Referents
}

// ReviewsStore is what the review routes use: the reviews, and the users
// and items a review names (CheckReferences).
type ReviewsStore interface {
	shopmind.ReviewService
	shopmind.Referents
}

// ImagesStore is what the image routes use: the images and the items
// they belong to.
type ImagesStore interface {
	shopmind.ImageService
	Item(ctx context.Context, id string) (*shopmind.Item, error)
}

// ModelLister lists the stored model versions.
type ModelLister interface {
	Models(ctx context.Context, name string) ([]*shopmind.Model, error)
}

// PromotionsStore is what the promotion routes use: the promotions and
// the items they name.
type PromotionsStore interface {
	shopmind.PromotionService
	Item(ctx context.Context, id string) (*shopmind.Item, error)
	Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error)
}

// ConsentsStore is what the consent routes use: a user's consent, changed
// in a transaction.
type ConsentsStore interface {
	shopmind.ConsentReader
	shopmind.Transactor
}

// ConversationsStore reads the stored assistant conversations: one by id,
// a user's, and their messages.
type ConversationsStore interface {
	Conversation(ctx context.Context, id string) (*shopmind.Conversation, error)
	Conversations(ctx context.Context, f shopmind.ConversationFilter) ([]*shopmind.Conversation, string, error)
	Messages(ctx context.Context, conversationID string, after, limit int) ([]*shopmind.Message, error)
}

// Package mock provides function-field mocks of the shopmind store
// interfaces, for testing code that consumes them (such as httpapi) without a
// database.
//
// Each method calls the function field of the same name with an Fn suffix.
// A nil field panics with a message naming the method, so a test fails
// loudly when it reaches a call it did not expect; the exceptions are Tx,
// which runs fn on the mock itself, and Close, which does nothing.
package mock

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.Store = (*Store)(nil)

// Store is a mock shopmind.Store.
type Store struct {
	CatalogVersionFn func(ctx context.Context) (int64, error)
	ItemFn           func(ctx context.Context, id string) (*shopmind.Item, error)
	ItemsFn          func(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error)
	UpsertItemsFn    func(ctx context.Context, items []*shopmind.Item) error
	DeleteItemFn     func(ctx context.Context, id string) error
	CategoriesFn     func(ctx context.Context) ([]shopmind.CategoryCount, error)

	UserFn            func(ctx context.Context, id string) (*shopmind.User, error)
	UsersFn           func(ctx context.Context, f shopmind.UserFilter) ([]*shopmind.User, string, error)
	UpsertUsersFn     func(ctx context.Context, users []*shopmind.User) error
	DeleteUserFn      func(ctx context.Context, id string) error
	UserPersonalFn    func(ctx context.Context, userID string) (*shopmind.UserPersonal, error)
	SetUserPersonalFn func(ctx context.Context, p *shopmind.UserPersonal) error
	ErasePersonalFn   func(ctx context.Context, userID string) error

	AddEventsFn          func(ctx context.Context, events []*shopmind.Event) (int, error)
	EventsFn             func(ctx context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error)
	EventsPerDayFn       func(ctx context.Context, since, until time.Time) ([]shopmind.DayCount, error)
	DeleteEventFn        func(ctx context.Context, id string) error
	DeleteEventsBeforeFn func(ctx context.Context, t time.Time) (int64, error)
	EventSeqFn           func(ctx context.Context) (int64, error)
	UserEventsAfterFn    func(ctx context.Context, userID string, seq int64, limit int) ([]*shopmind.Event, error)
	EventsArrivedFn      func(ctx context.Context, after, through int64, limit int) ([]shopmind.Arrival, error)
	ArrivedCountFn       func(ctx context.Context, after, through int64) (int64, error)
	UserEventsFn         func(ctx context.Context, userID string, limit int) ([]*shopmind.Event, error)

	OrderFn        func(ctx context.Context, id string) (*shopmind.Order, error)
	OrdersFn       func(ctx context.Context, f shopmind.OrderFilter) ([]*shopmind.Order, string, error)
	UpsertOrdersFn func(ctx context.Context, orders []*shopmind.Order) error
	DeleteOrderFn  func(ctx context.Context, id string) error

	ReviewFn        func(ctx context.Context, id string) (*shopmind.Review, error)
	ReviewsFn       func(ctx context.Context, f shopmind.ReviewFilter) ([]*shopmind.Review, string, error)
	UpsertReviewsFn func(ctx context.Context, reviews []*shopmind.Review) error
	DeleteReviewFn  func(ctx context.Context, id string) error

	ImageFn       func(ctx context.Context, hash string) (*shopmind.Image, error)
	PutImageFn    func(ctx context.Context, img *shopmind.Image) error
	DeleteImageFn func(ctx context.Context, hash string) error

	SaveModelFn func(ctx context.Context, m *shopmind.Model) error
	ModelFn     func(ctx context.Context, name string, version int) (*shopmind.Model, error)
	ModelsFn    func(ctx context.Context, name string) ([]*shopmind.Model, error)

	Erasure // EraseUserFn, CompactFn, DeleteModelFn

	CreateKeyFn func(ctx context.Context, k *shopmind.APIKey) error
	KeyByHashFn func(ctx context.Context, hash string) (*shopmind.APIKey, error)
	KeysFn      func(ctx context.Context) ([]*shopmind.APIKey, error)
	DeleteKeyFn func(ctx context.Context, id string) error
	TouchKeyFn  func(ctx context.Context, id string, t time.Time) error

	ExperimentService // experiment methods: set its fields (CreateExperimentFn...)

	ConversationService // conversation methods: set its fields (ConversationFn...)

	PromotionService // promotion methods: set its fields (PromotionsFn...)

	AuditService // audit methods: set its fields, or read its Entries

	ConsentService // consent methods: set its fields (ConsentFn...)

	CountsFn    func(ctx context.Context) (shopmind.Counts, error)
	EventSpanFn func(ctx context.Context) (shopmind.Span, error)
	TxFn        func(ctx context.Context, fn func(shopmind.Store) error) error
	PingFn      func(ctx context.Context) error
	CloseFn     func() error
}

// missing panics for a call whose function field is nil.
func missing(method string) {
	panic("mock: Store." + method + " called but " + method + "Fn is nil")
}

// Counts calls CountsFn.
func (s *Store) Counts(ctx context.Context) (shopmind.Counts, error) {
	if s.CountsFn == nil {
		missing("Counts")
	}
	return s.CountsFn(ctx)
}

// EventSpan calls EventSpanFn.
func (s *Store) EventSpan(ctx context.Context) (shopmind.Span, error) {
	if s.EventSpanFn == nil {
		missing("EventSpan")
	}
	return s.EventSpanFn(ctx)
}

// Tx calls TxFn, or runs fn with s itself when TxFn is nil.
func (s *Store) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	if s.TxFn == nil {
		return fn(s)
	}
	return s.TxFn(ctx, fn)
}

// Ping calls PingFn.
func (s *Store) Ping(ctx context.Context) error {
	if s.PingFn == nil {
		missing("Ping")
	}
	return s.PingFn(ctx)
}

// Close calls CloseFn, or returns nil when it is nil.
func (s *Store) Close() error {
	if s.CloseFn == nil {
		return nil
	}
	return s.CloseFn()
}

package ingest

import (
	"context"
	"maps"
	"sync"

	"github.com/shopmind/shopmind"
)

// memStore is an in-memory shopmind.Store with the methods the importer
// uses; Tx snapshots the maps and restores them on error, as a database
// would roll back. Other methods panic through the nil embedded Store.
type memStore struct {
	shopmind.Store
	mu       sync.Mutex
	items    map[string]shopmind.Item
	users    map[string]shopmind.User
	personal map[string]shopmind.UserPersonal
	events   map[string]shopmind.Event
	orders   map[string]shopmind.Order
	reviews  map[string]shopmind.Review
	// failAddEvents, when set, makes AddEvents fail: a store error.
	failAddEvents error
}

func newMemStore() *memStore {
	return &memStore{items: map[string]shopmind.Item{}, users: map[string]shopmind.User{},
		personal: map[string]shopmind.UserPersonal{}, events: map[string]shopmind.Event{},
		orders: map[string]shopmind.Order{}, reviews: map[string]shopmind.Review{}}
}

func (s *memStore) snapshot() *memStore {
	return &memStore{items: maps.Clone(s.items), users: maps.Clone(s.users), personal: maps.Clone(s.personal),
		events: maps.Clone(s.events), orders: maps.Clone(s.orders), reviews: maps.Clone(s.reviews)}
}

func (s *memStore) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	snap := s.snapshot()
	if err := fn(s); err != nil {
		s.items, s.users, s.personal, s.events, s.orders, s.reviews = snap.items, snap.users, snap.personal, snap.events, snap.orders, snap.reviews
		return err
	}
	return nil
}

func (s *memStore) Counts(ctx context.Context) (shopmind.Counts, error) {
	return shopmind.Counts{Items: int64(len(s.items)), Users: int64(len(s.users)), Events: int64(len(s.events)),
		Orders: int64(len(s.orders)), Reviews: int64(len(s.reviews))}, nil
}

func (s *memStore) UpsertItems(ctx context.Context, items []*shopmind.Item) error {
	for _, it := range items {
		s.items[it.ID] = *it
	}
	return nil
}

func (s *memStore) UpsertUsers(ctx context.Context, users []*shopmind.User) error {
	for _, u := range users {
		s.users[u.ID] = *u
	}
	return nil
}

func (s *memStore) Item(ctx context.Context, id string) (*shopmind.Item, error) {
	it, ok := s.items[id]
	if !ok {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %s not found", id)
	}
	return &it, nil
}

func (s *memStore) User(ctx context.Context, id string) (*shopmind.User, error) {
	u, ok := s.users[id]
	if !ok {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "user %s not found", id)
	}
	return &u, nil
}

func (s *memStore) SetUserPersonal(ctx context.Context, p *shopmind.UserPersonal) error {
	if _, ok := s.users[p.UserID]; !ok {
		return shopmind.Errorf(shopmind.ENOTFOUND, "user %s not found", p.UserID)
	}
	s.personal[p.UserID] = *p
	return nil
}

func (s *memStore) UserPersonal(ctx context.Context, userID string) (*shopmind.UserPersonal, error) {
	p, ok := s.personal[userID]
	if !ok {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "no personal data for user %s", userID)
	}
	return &p, nil
}

func (s *memStore) AddEvents(ctx context.Context, events []*shopmind.Event) (int, error) {
	if s.failAddEvents != nil {
		return 0, s.failAddEvents
	}
	n := 0
	for _, e := range events {
		if _, ok := s.events[e.ID]; !ok {
			s.events[e.ID] = *e
			n++
		}
	}
	return n, nil
}

func (s *memStore) UpsertOrders(ctx context.Context, orders []*shopmind.Order) error {
	for _, o := range orders {
		s.orders[o.ID] = *o
	}
	return nil
}

func (s *memStore) UpsertReviews(ctx context.Context, reviews []*shopmind.Review) error {
	for _, r := range reviews {
		s.reviews[r.ID] = *r
	}
	return nil
}

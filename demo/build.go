package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopmind/shopmind"
)

// Options sizes the demo shop. The zero value of a field means its default.
type Options struct {
	Seed  uint64    // same seed, same shop; default 1
	Items int       // products; default 2,000
	Users int       // shoppers; default 5,000
	Days  int       // days of history; default 365
	End   time.Time // when the simulated history ends (truncated to a UTC day); default 2026-11-01
}

func (o *Options) setDefaults() {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Items == 0 {
		o.Items = 2000
	}
	if o.Users == 0 {
		o.Users = 5000
	}
	if o.Days == 0 {
		o.Days = 365
	}
	if o.End.IsZero() {
		o.End = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	}
}

// Shop is a generated shop, ready to store.
type Shop struct {
	Items    []*shopmind.Item
	Users    []*shopmind.User
	Personal []*shopmind.UserPersonal
	Events   []*shopmind.Event
	Orders   []*shopmind.Order
	Reviews  []*shopmind.Review
	// Images are the product images of Items (see docs/demo.md), and
	// ImageIssues the catalog problems planted among them.
	Images      []*shopmind.Image
	ImageIssues []ImageIssue
	// Promotions is the shop's calendar: the Black Friday weeks and the
	// department promotions the simulation ran.
	Promotions []*shopmind.Promotion
}

// Generate builds the shop Options describes. It is deterministic: the same
// options give the same shop.
func Generate(opts Options) (*Shop, error) {
	opts.setDefaults()
	if opts.Items < 10 || opts.Users < 1 || opts.Days < 1 {
		return nil, shopmind.Errorf(shopmind.EINVALID, "demo: need at least 10 items, 1 user and 1 day")
	}
	rng := newRNG(opts.Seed)
	end := opts.End.UTC().Truncate(24 * time.Hour)
	start := end.Add(-time.Duration(opts.Days) * 24 * time.Hour)

	items, infos := buildCatalog(rng, opts.Items)
	created := start.Add(-30 * 24 * time.Hour)
	for _, it := range items {
		it.CreatedAt, it.UpdatedAt = created, created
	}
	images, issues, err := addImages(opts.Seed, items, infos, created)
	if err != nil {
		return nil, err
	}
	users, pers, tastes := buildShoppers(rng, opts.Users, start, end)
	w := newWorld(rng, opts.Seed, items, infos, start, end)
	w.simulate(users, tastes)
	for _, u := range users {
		u.UpdatedAt = u.CreatedAt
	}
	return &Shop{Items: items, Users: users, Personal: pers, Events: w.events, Orders: w.orders, Reviews: w.reviews,
		Images: images, ImageIssues: issues, Promotions: w.calendar()}, nil
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5bd1e995)) }

// Progress is told how far Store has got: stage names the entity being
// written, done of total rows.
type Progress func(stage string, done, total int)

// Store writes the shop into s in one transaction, so a failure leaves s as
// it was (it writes through the Store the transaction hands it: images,
// items, users and their personal data, events, orders, reviews,
// promotions). Writing it twice changes nothing.
func (shop *Shop) Store(ctx context.Context, s shopmind.Transactor, progress Progress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	return s.Tx(ctx, func(tx shopmind.Store) error {
		if err := batches(ctx, "images", shop.Images, 100, progress, func(ctx context.Context, imgs []*shopmind.Image) error {
			for _, img := range imgs {
				if err := tx.PutImage(ctx, img); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if err := batches(ctx, "items", shop.Items, 1000, progress, tx.UpsertItems); err != nil {
			return err
		}
		if err := batches(ctx, "users", shop.Users, 1000, progress, tx.UpsertUsers); err != nil {
			return err
		}
		for i, p := range shop.Personal {
			if err := tx.SetUserPersonal(ctx, p); err != nil {
				return fmt.Errorf("personal data %s: %w", p.UserID, err)
			}
			if i%1000 == 999 {
				progress("personal data", i+1, len(shop.Personal))
			}
		}
		if err := batches(ctx, "events", shop.Events, 5000, progress, func(ctx context.Context, evs []*shopmind.Event) error {
			for _, e := range evs {
				if err := e.Validate(); err != nil {
					return err
				}
			}
			_, err := tx.AddEvents(ctx, evs)
			return err
		}); err != nil {
			return err
		}
		if err := batches(ctx, "orders", shop.Orders, 1000, progress, tx.UpsertOrders); err != nil {
			return err
		}
		if err := batches(ctx, "reviews", shop.Reviews, 1000, progress, tx.UpsertReviews); err != nil {
			return err
		}
		return batches(ctx, "promotions", shop.Promotions, 1000, progress, tx.UpsertPromotions)
	})
}

func batches[T any](ctx context.Context, stage string, xs []T, size int, progress Progress, write func(context.Context, []T) error) error {
	for i := 0; i < len(xs); i += size {
		j := min(i+size, len(xs))
		if err := write(ctx, xs[i:j]); err != nil {
			return fmt.Errorf("demo %s: %w", stage, err)
		}
		progress(stage, j, len(xs))
	}
	return nil
}

package supply

import (
	"context"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// LoadDemand reads items, promotions and orders (purchase events when
// there are no orders) from the store. It reads page by page and keeps only the compact
// demand, so its peak memory is one page plus the sales arrays. Sales dated
// after latest (when not zero) are left out: a far-future date would
// stretch the demand to that day.
func LoadDemand(ctx context.Context, s shopmind.Store, latest time.Time) (*Demand, error) {
	b := newDemandBuilder()
	if !latest.IsZero() {
		b.latest = latest.Unix()
	}
	if err := eachPage(ctx, func(after string) ([]*shopmind.Item, string, error) {
		return s.Items(ctx, shopmind.ItemFilter{After: after, Limit: shopmind.MaxLimit})
	}, b.addItems); err != nil {
		return nil, fmt.Errorf("read items: %w", err)
	}
	promos, err := loadPromotions(ctx, s)
	if err != nil {
		return nil, err
	}
	orders := 0
	if err := eachPage(ctx, func(after string) ([]*shopmind.Order, string, error) {
		return s.Orders(ctx, shopmind.OrderFilter{After: after, Limit: shopmind.MaxLimit})
	}, func(os []*shopmind.Order) { orders += len(os); b.addOrders(os) }); err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	if orders > 0 {
		d := b.build(time.Time{}, "orders")
		d.Promotions = promos
		return d, nil
	}
	if err := eachPage(ctx, func(after string) ([]*shopmind.Event, string, error) {
		return s.Events(ctx, shopmind.EventFilter{Type: shopmind.EventPurchase, After: after, Limit: shopmind.MaxLimit})
	}, b.addEvents); err != nil {
		return nil, fmt.Errorf("read purchase events: %w", err)
	}
	d := b.build(time.Time{}, "purchase events")
	d.Promotions = promos
	return d, nil
}

// eachPage pages through a list call until its cursor is empty, handing
// each page to use and then dropping it.
func eachPage[T any](ctx context.Context, page func(after string) ([]T, string, error), use func([]T)) error {
	after := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		xs, next, err := page(after)
		if err != nil {
			return err
		}
		use(xs)
		if next == "" || len(xs) == 0 {
			return nil
		}
		after = next
	}
}

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
func LoadDemand(ctx context.Context, s shopmind.SupplyStore, latest time.Time) (*Demand, error) {
	b := newDemandBuilder()
	if !latest.IsZero() {
		b.latest = latest.Unix()
	}
	for page, err := range shopmind.Pages(ctx, shopmind.ListItems(s, shopmind.ItemFilter{})) {
		if err != nil {
			return nil, fmt.Errorf("read items: %w", err)
		}
		b.addItems(page)
	}
	promos, err := loadPromotions(ctx, s)
	if err != nil {
		return nil, err
	}
	orders := 0
	for os, err := range shopmind.Pages(ctx, shopmind.ListOrders(s, shopmind.OrderFilter{})) {
		if err != nil {
			return nil, fmt.Errorf("read orders: %w", err)
		}
		orders += len(os)
		b.addOrders(os)
	}
	if orders > 0 {
		d := b.build(time.Time{}, "orders")
		d.Promotions = promos
		return d, nil
	}
	for page, err := range shopmind.Pages(ctx, shopmind.ListEvents(s, shopmind.EventFilter{Type: shopmind.EventPurchase})) {
		if err != nil {
			return nil, fmt.Errorf("read purchase events: %w", err)
		}
		b.addEvents(page)
	}
	d := b.build(time.Time{}, "purchase events")
	d.Promotions = promos
	return d, nil
}

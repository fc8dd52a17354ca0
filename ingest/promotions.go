package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// promotionSchema reads shopmind.Promotion: start and end are dates (or
// times, cut to their UTC day); item_ids and categories are lists ("a|b"
// in CSV, arrays or such text in JSON). A category is a path "A/B" or, as
// in the items file, "A > B".
func promotionSchema() *schema[shopmind.Promotion] {
	type T = shopmind.Promotion
	return &schema[T]{
		entity: EntityPromotions,
		fresh:  func() *T { return &T{} },
		cols: map[string]column[T]{
			"id":   textCol(func(t *T) *string { return &t.ID }),
			"name": textCol(func(t *T) *string { return &t.Name }),
			"kind": {text: func(t *T, s string) error {
				t.Kind = shopmind.PromotionKind(strings.ToLower(strings.TrimSpace(s)))
				return nil
			}},
			"start":      timeCol(func(t *T) *time.Time { return &t.Start }),
			"end":        timeCol(func(t *T) *time.Time { return &t.End }),
			"item_ids":   listCol(func(t *T) *[]string { return &t.ItemIDs }, pipeList),
			"categories": listCol(func(t *T) *[]string { return &t.Categories }, pipeList),
		},
		required: []string{"id", "start", "end"},
		id:       func(t *T) string { return t.ID },
		validate: func(t *T) error { return t.Validate() },
	}
}

// writePromotions stores a batch's promotions after checking that the
// items and categories they name exist (imported earlier in this import,
// or before): a typo would silently leave the promotion's demand
// unexplained to forecasting.
func (w *writer) writePromotions(ctx context.Context, b *batch) error {
	var good []*shopmind.Promotion
	for i, p := range b.promotions {
		e, err := w.checkTargets(ctx, p)
		if err != nil {
			return fmt.Errorf("%s: %w", b.file, err)
		}
		if e != nil {
			e.File, e.Line = b.file, b.promoLines[i]
			if err := w.bad(e); err != nil {
				return err
			}
			continue
		}
		good = append(good, p)
	}
	if len(good) == 0 {
		return nil
	}
	if err := w.tx.UpsertPromotions(ctx, good); err != nil {
		return fmt.Errorf("%s: upsert promotions: %w", b.file, err)
	}
	w.rep.Promotions += int64(len(good))
	return nil
}

// checkTargets returns a RowError (without file and line) for the first
// item id or category of p that the store does not have.
func (w *writer) checkTargets(ctx context.Context, p *shopmind.Promotion) (*RowError, error) {
	for _, id := range p.ItemIDs {
		_, err := w.tx.Item(ctx, id)
		if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			return &RowError{Column: "item_ids", Reason: fmt.Sprintf("item %s does not exist; import items first", quoteShort(id))}, nil
		} else if err != nil {
			return nil, fmt.Errorf("find item: %w", err)
		}
	}
	for _, c := range p.Categories {
		items, _, err := w.tx.Items(ctx, shopmind.ItemFilter{Category: &c, Limit: 1})
		if err != nil {
			return nil, fmt.Errorf("find category: %w", err)
		}
		if len(items) == 0 {
			return &RowError{Column: "categories", Reason: fmt.Sprintf("no item is in category %s", quoteShort(c))}, nil
		}
	}
	return nil, nil
}

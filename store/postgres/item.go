package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
	"github.com/shopmind/shopmind/store/internal/search"
)

const itemColumns = `id, title, description, category, brand, price, currency, attributes, tags, stock, images, active, created_at, updated_at`

// Item returns the item with the given id, or ENOTFOUND.
func (c *conn) Item(ctx context.Context, id string) (*shopmind.Item, error) {
	it, err := scanItem(c.q().QueryRow(ctx, "SELECT "+itemColumns+" FROM items WHERE id = $1", id))
	if isNoRows(err) {
		return nil, notFound("item", id)
	} else if err != nil {
		return nil, fmt.Errorf("item %s: %w", id, err)
	}
	return it, nil
}

// Items returns items matching f in ascending id order and the cursor of the
// next page, "" on the last page.
func (c *conn) Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	after, err := page.DecodeID(page.KindItem, f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	var w where
	w.add("id > ?", after)
	if f.Category != nil {
		if p := shopmind.CategoryKey(shopmind.ParseCategory(*f.Category)); p != "" {
			// The path itself or anything below it: "a/b" matches "a/b" and
			// "a/b/c" but not "a/bc". '0' is the byte after '/'.
			w.add("(category_path = ? OR (category_path >= ? AND category_path < ?))", p, p+"/", p+"0")
		}
	}
	if f.Brand != nil {
		w.add("brand = ?", *f.Brand)
	}
	if f.Active != nil {
		w.add("active = ?", *f.Active)
	}
	if q, ok := search.Parse(f.Query); ok {
		cond, args := searchCondition(q)
		w.add(cond, args...)
	}
	if f.MinPrice != nil {
		w.add("price >= ?", *f.MinPrice)
	}
	if f.MaxPrice != nil {
		w.add("price <= ?", *f.MaxPrice)
	}
	if f.InStock != nil {
		if *f.InStock {
			w.add("stock > 0")
		} else {
			w.add("stock <= 0")
		}
	}
	lim := w.arg(limit + 1)
	rows, err := c.q().Query(ctx, "SELECT "+itemColumns+" FROM items"+w.sql()+" ORDER BY id LIMIT "+lim, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("items: %w", err)
	}
	items, err := collectRows(rows, scanItem)
	if err != nil {
		return nil, "", fmt.Errorf("items: %w", err)
	}
	next := ""
	if len(items) > limit {
		items = items[:limit]
		next = page.EncodeID(page.KindItem, items[limit-1].ID)
	}
	return items, next, nil
}

func scanItem(row pgx.Row) (*shopmind.Item, error) {
	var (
		it                            shopmind.Item
		category, attrs, tags, images []byte
	)
	if err := row.Scan(&it.ID, &it.Title, &it.Description, &category, &it.Brand, &it.Price, &it.Currency,
		&attrs, &tags, &it.Stock, &images, &it.Active, &it.CreatedAt, &it.UpdatedAt); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name string
		text []byte
		v    any
	}{{"category", category, &it.Category}, {"attributes", attrs, &it.Attributes}, {"tags", tags, &it.Tags}, {"images", images, &it.Images}} {
		if err := decodeJSON(f.name, f.text, f.v); err != nil {
			return nil, err
		}
	}
	it.CreatedAt, it.UpdatedAt = it.CreatedAt.UTC(), it.UpdatedAt.UTC()
	return &it, nil
}

// upsertItemSQL inserts an item or replaces it when any content differs.
// $14 and $15 are the given CreatedAt and UpdatedAt (NULL when zero), $16 is
// now. A NULL CreatedAt keeps the stored one.
const upsertItemSQL = `INSERT INTO items (id, title, description, category, category_path, brand, price, currency,
	attributes, tags, stock, images, active, search, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $17, coalesce($14::timestamptz, $16::timestamptz), coalesce($15::timestamptz, $16::timestamptz))
ON CONFLICT (id) DO UPDATE SET
	title = excluded.title, description = excluded.description, category = excluded.category,
	category_path = excluded.category_path, brand = excluded.brand, price = excluded.price,
	currency = excluded.currency, attributes = excluded.attributes, tags = excluded.tags,
	stock = excluded.stock, images = excluded.images, active = excluded.active, search = excluded.search,
	created_at = coalesce($14::timestamptz, items.created_at), updated_at = excluded.updated_at
WHERE (items.title, items.description, items.category, items.brand, items.price, items.currency,
		items.attributes, items.tags, items.stock, items.images, items.active, items.created_at)
	IS DISTINCT FROM (excluded.title, excluded.description, excluded.category, excluded.brand, excluded.price,
		excluded.currency, excluded.attributes, excluded.tags, excluded.stock, excluded.images, excluded.active,
		coalesce($14::timestamptz, items.created_at))`

// UpsertItems inserts or replaces items by id. Every item is validated
// first; an invalid one fails the call with EINVALID and a field such as
// "items[3].price", and nothing is written.
func (c *conn) UpsertItems(ctx context.Context, items []*shopmind.Item) error {
	if err := shopmind.ValidateEach("items", items); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		b := &pgx.Batch{}
		for _, it := range items {
			args, err := itemArgs(it, now)
			if err != nil {
				return err
			}
			b.Queue(upsertItemSQL, args...)
		}
		return execBatch(ctx, tx, b, "upsert item")
	})
}

func itemArgs(it *shopmind.Item, now time.Time) ([]any, error) {
	category, err := encodeJSON("category", it.Category)
	if err != nil {
		return nil, err
	}
	attrs, err := encodeJSON("attributes", it.Attributes)
	if err != nil {
		return nil, err
	}
	tags, err := encodeJSON("tags", it.Tags)
	if err != nil {
		return nil, err
	}
	images, err := encodeJSON("images", it.Images)
	if err != nil {
		return nil, err
	}
	return []any{it.ID, it.Title, it.Description, category, shopmind.CategoryKey(it.Category), it.Brand, it.Price,
		it.Currency, attrs, tags, it.Stock, images, it.Active, stamp(it.CreatedAt), stamp(it.UpdatedAt), now, search.Text(it)}, nil
}

// DeleteItem removes an item, or returns ENOTFOUND.
func (c *conn) DeleteItem(ctx context.Context, id string) error {
	return c.deleteOne(ctx, "DELETE FROM items WHERE id = $1", "item", id)
}

// deleteOne runs a DELETE of one row by key and returns ENOTFOUND when there
// was none.
func (c *conn) deleteOne(ctx context.Context, sql, kind, id string) error {
	return c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		tag, err := tx.Exec(ctx, sql, id)
		if err != nil {
			return fmt.Errorf("delete %s %s: %w", kind, id, formatError(err))
		}
		if tag.RowsAffected() == 0 {
			return notFound(kind, id)
		}
		return nil
	})
}

// CatalogVersion reads the counter the items' triggers move (migration
// 0013).
func (c *conn) CatalogVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := c.q().QueryRow(ctx, "SELECT version FROM catalog_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("catalog version: %w", err)
	}
	return v, nil
}

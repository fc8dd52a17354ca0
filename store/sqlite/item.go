package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
	"github.com/shopmind/shopmind/store/internal/search"
)

const itemColumns = `id, title, description, category, brand, price, currency, attributes, tags, stock, images, active, created_at, updated_at`

// Item returns the item with the given id, or ENOTFOUND.
func (c *conn) Item(ctx context.Context, id string) (*shopmind.Item, error) {
	row := c.q().QueryRowContext(ctx, "SELECT "+itemColumns+" FROM items WHERE id = ?", id)
	it, err := scanItem(row)
	if err == sql.ErrNoRows {
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
	where, args := []string{"id > ?"}, []any{after}
	if f.Category != nil {
		if p := shopmind.CategoryKey(shopmind.ParseCategory(*f.Category)); p != "" {
			// The path itself or anything below it: "a/b" matches "a/b" and
			// "a/b/c" but not "a/bc". '0' is the byte after '/'.
			where = append(where, "(category_path = ? OR (category_path >= ? AND category_path < ?))")
			args = append(args, p, p+"/", p+"0")
		}
	}
	if f.Brand != nil {
		where, args = append(where, "brand = ?"), append(args, *f.Brand)
	}
	if f.Active != nil {
		where, args = append(where, "active = ?"), append(args, *f.Active)
	}
	if q, ok := search.Parse(f.Query); ok {
		cond, qargs := searchCondition(q)
		where, args = append(where, cond), append(args, qargs...)
	}
	if f.MinPrice != nil {
		where, args = append(where, "price >= ?"), append(args, *f.MinPrice)
	}
	if f.MaxPrice != nil {
		where, args = append(where, "price <= ?"), append(args, *f.MaxPrice)
	}
	if f.InStock != nil {
		if *f.InStock {
			where = append(where, "stock > 0")
		} else {
			where = append(where, "stock <= 0")
		}
	}
	args = append(args, limit+1)
	rows, err := c.q().QueryContext(ctx, "SELECT "+itemColumns+" FROM items WHERE "+strings.Join(where, " AND ")+
		" ORDER BY id LIMIT ?", args...)
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

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanItem(s scanner) (*shopmind.Item, error) {
	var (
		it                            shopmind.Item
		category, attrs, tags, images string
		created, updated              int64
	)
	if err := s.Scan(&it.ID, &it.Title, &it.Description, &category, &it.Brand, &it.Price, &it.Currency,
		&attrs, &tags, &it.Stock, &images, &it.Active, &created, &updated); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name, text string
		v          any
	}{{"category", category, &it.Category}, {"attributes", attrs, &it.Attributes}, {"tags", tags, &it.Tags}, {"images", images, &it.Images}} {
		if err := decodeJSON(f.name, f.text, f.v); err != nil {
			return nil, err
		}
	}
	it.CreatedAt, it.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &it, nil
}

// upsertItemSQL inserts an item or replaces it when any content differs.
// ?14 and ?15 are the given CreatedAt and UpdatedAt (NULL when zero), ?16 is
// now. A NULL CreatedAt keeps the stored one.
const upsertItemSQL = `INSERT INTO items (id, title, description, category, category_path, brand, price, currency,
	attributes, tags, stock, images, active, search, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?17, coalesce(?14, ?16), coalesce(?15, ?16))
ON CONFLICT (id) DO UPDATE SET
	title = excluded.title, description = excluded.description, category = excluded.category,
	category_path = excluded.category_path, brand = excluded.brand, price = excluded.price,
	currency = excluded.currency, attributes = excluded.attributes, tags = excluded.tags,
	stock = excluded.stock, images = excluded.images, active = excluded.active, search = excluded.search,
	created_at = coalesce(?14, items.created_at), updated_at = excluded.updated_at
WHERE items.title IS NOT excluded.title OR items.description IS NOT excluded.description
	OR items.category IS NOT excluded.category OR items.brand IS NOT excluded.brand
	OR items.price IS NOT excluded.price OR items.currency IS NOT excluded.currency
	OR items.attributes IS NOT excluded.attributes OR items.tags IS NOT excluded.tags
	OR items.stock IS NOT excluded.stock OR items.images IS NOT excluded.images
	OR items.active IS NOT excluded.active OR items.created_at IS NOT coalesce(?14, items.created_at)`

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
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		stmt, err := tx.PrepareContext(ctx, upsertItemSQL)
		if err != nil {
			return fmt.Errorf("upsert items: %w", err)
		}
		defer stmt.Close()
		for _, it := range items {
			args, err := itemArgs(it, now)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("upsert item %s: %w", it.ID, formatError(err))
			}
		}
		return nil
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
		it.Currency, attrs, tags, it.Stock, images, it.Active, nullMicros(page.Time(it.CreatedAt)),
		nullMicros(page.Time(it.UpdatedAt)), micros(now), search.Text(it)}, nil
}

// DeleteItem removes an item, or returns ENOTFOUND.
func (c *conn) DeleteItem(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM items WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete item %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("item", id)
		}
		return nil
	})
}

// CatalogVersion reads the counter the items' triggers move (migration
// 0013).
func (c *conn) CatalogVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := c.q().QueryRowContext(ctx, "SELECT version FROM catalog_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("catalog version: %w", err)
	}
	return v, nil
}

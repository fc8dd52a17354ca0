package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/search"
)

// searchCondition is the WHERE condition of an ItemFilter.Query, with "?"
// placeholders for where.add: the whole query as a substring of the search
// text, or every word's pattern.
func searchCondition(q search.Query) (string, []any) {
	args := []any{q.Raw}
	if len(q.Terms) == 0 {
		return "strpos(search, ?) > 0", args
	}
	terms := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		terms[i] = "strpos(search, ?) > 0"
		args = append(args, t)
	}
	return "(strpos(search, ?) > 0 OR (" + strings.Join(terms, " AND ") + "))", args
}

// reindexItems rebuilds the search text and category key of items stored
// by an older version (their search text lacks search.Marker), so queries
// and category filters find them as they find new ones. It is a no-op once
// every row is current.
func reindexItems(ctx context.Context, pool *pgxpool.Pool) error {
	rows, err := pool.Query(ctx, "SELECT id, title, brand, category, tags FROM items WHERE left(search, $1) <> $2",
		len([]rune(search.Marker)), search.Marker)
	if err != nil {
		return fmt.Errorf("reindex items: %w", err)
	}
	stale, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*shopmind.Item, error) {
		var it shopmind.Item
		var category, tags []byte
		if err := row.Scan(&it.ID, &it.Title, &it.Brand, &category, &tags); err != nil {
			return nil, err
		}
		if err := decodeJSON("category", category, &it.Category); err != nil {
			return nil, err
		}
		return &it, decodeJSON("tags", tags, &it.Tags)
	})
	if err != nil {
		return fmt.Errorf("reindex items: %w", err)
	}
	if len(stale) == 0 {
		return nil
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, it := range stale {
			b.Queue("UPDATE items SET search = $1, category_path = $2 WHERE id = $3",
				search.Text(it), shopmind.CategoryKey(it.Category), it.ID)
		}
		return execBatch(ctx, tx, b, "reindex item")
	})
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/search"
)

// searchCondition is the WHERE condition of an ItemFilter.Query: the whole
// query as a substring of the search text, or every word's pattern.
func searchCondition(q search.Query) (string, []any) {
	args := []any{q.Raw}
	if len(q.Terms) == 0 {
		return "instr(search, ?) > 0", args
	}
	terms := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		terms[i] = "instr(search, ?) > 0"
		args = append(args, t)
	}
	return "(instr(search, ?) > 0 OR (" + strings.Join(terms, " AND ") + "))", args
}

// reindexItems rebuilds the search text and category key of items stored
// by an older version (their search text lacks search.Marker), so queries
// and category filters find them as they find new ones. It is a no-op once
// every row is current.
func reindexItems(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "SELECT id, title, brand, category, tags FROM items WHERE substr(search, 1, ?) <> ?",
		len(search.Marker), search.Marker)
	if err != nil {
		return fmt.Errorf("reindex items: %w", err)
	}
	var stale []*shopmind.Item
	for rows.Next() {
		var it shopmind.Item
		var category, tags string
		if err := rows.Scan(&it.ID, &it.Title, &it.Brand, &category, &tags); err != nil {
			rows.Close()
			return fmt.Errorf("reindex items: %w", err)
		}
		if err := decodeJSON("category", category, &it.Category); err != nil {
			rows.Close()
			return err
		}
		if err := decodeJSON("tags", tags, &it.Tags); err != nil {
			rows.Close()
			return err
		}
		stale = append(stale, &it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reindex items: %w", err)
	}
	if len(stale) == 0 {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("reindex items: %w", formatError(err))
	}
	defer tx.Rollback()
	for _, it := range stale {
		if _, err := tx.ExecContext(ctx, "UPDATE items SET search = ?, category_path = ? WHERE id = ?",
			search.Text(it), shopmind.CategoryKey(it.Category), it.ID); err != nil {
			return fmt.Errorf("reindex item %s: %w", it.ID, formatError(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("reindex items: %w", formatError(err))
	}
	return nil
}

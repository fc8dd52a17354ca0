package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
)

// Categories returns every distinct category path of the stored items,
// paths equal under shopmind.CategoryKey counted together (shown as the
// spelling that sorts first), ordered by key.
func (c *conn) Categories(ctx context.Context) ([]shopmind.CategoryCount, error) {
	rows, err := c.q().Query(ctx, `SELECT min(category::text COLLATE "C"), count(*) FROM items WHERE category_path <> ''
		GROUP BY category_path ORDER BY category_path`)
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (shopmind.CategoryCount, error) {
		var cc shopmind.CategoryCount
		var path string
		if err := row.Scan(&path, &cc.Items); err != nil {
			return cc, err
		}
		return cc, decodeJSON("category", []byte(path), &cc.Path)
	})
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	return out, nil
}

package sqlite

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind"
)

// Categories returns every distinct category path of the stored items,
// paths equal under shopmind.CategoryKey counted together (shown as the
// spelling that sorts first), ordered by key.
func (c *conn) Categories(ctx context.Context) ([]shopmind.CategoryCount, error) {
	rows, err := c.q().QueryContext(ctx, `SELECT min(category), count(*) FROM items WHERE category_path <> ''
		GROUP BY category_path ORDER BY category_path`)
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	defer rows.Close()
	var out []shopmind.CategoryCount
	for rows.Next() {
		var cc shopmind.CategoryCount
		var path string
		if err := rows.Scan(&path, &cc.Items); err != nil {
			return nil, fmt.Errorf("categories: %w", err)
		}
		if err := decodeJSON("category", path, &cc.Path); err != nil {
			return nil, err
		}
		out = append(out, cc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	return out, nil
}

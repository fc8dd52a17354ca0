package postgres

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// where builds a WHERE clause with numbered parameters: add takes a
// condition with "?" placeholders and their values.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each "?" becomes the next $n.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	next := 0
	for _, r := range cond {
		if r == '?' {
			b.WriteString(w.arg(args[next]))
			next++
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

// arg adds a parameter and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// sql returns " WHERE ..." or "" without conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// collectRows scans every row with scan and closes rows.
func collectRows[T any](rows pgx.Rows, scan func(pgx.Row) (*T, error)) ([]*T, error) {
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

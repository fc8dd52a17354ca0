package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// retentionBatch is how many events one retention transaction deletes.
const retentionBatch = 10000

// DeleteEventsBefore removes every event dated before t, retentionBatch
// at a time (oldest first, through the time index), and returns how many
// it removed. Inside Tx it runs in that transaction.
func (c *conn) DeleteEventsBefore(ctx context.Context, t time.Time) (int64, error) {
	if t.IsZero() {
		return 0, nil
	}
	before := storedTime(t)
	var total int64
	for {
		var n int64
		err := c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
			tag, err := tx.Exec(ctx, `DELETE FROM events WHERE seq IN (
				SELECT seq FROM events WHERE time < $1 ORDER BY time LIMIT $2)`, before, retentionBatch)
			if err != nil {
				return fmt.Errorf("delete events before %s: %w", t.UTC().Format(time.RFC3339), formatError(err))
			}
			n = tag.RowsAffected()
			return nil
		})
		total += n
		if err != nil {
			return total, err
		}
		if n < retentionBatch {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

// retentionBatch is how many events one retention transaction deletes:
// small enough that ingest waits milliseconds, not seconds, for the lock.
const retentionBatch = 5000

// DeleteEventsBefore removes every event dated before t, retentionBatch
// at a time (oldest first, through the time index), and returns how many
// it removed. Inside Tx it runs in that transaction.
func (c *conn) DeleteEventsBefore(ctx context.Context, t time.Time) (int64, error) {
	if t.IsZero() {
		return 0, nil
	}
	before := micros(page.Time(t))
	var total int64
	for {
		var n int64
		err := c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM events WHERE seq IN (
				SELECT seq FROM events WHERE time < ? ORDER BY time LIMIT ?)`, before, retentionBatch)
			if err != nil {
				return fmt.Errorf("delete events before %s: %w", t.UTC().Format(time.RFC3339), formatError(err))
			}
			n = rowsAffected(res)
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

var _ shopmind.EventService = (*conn)(nil)

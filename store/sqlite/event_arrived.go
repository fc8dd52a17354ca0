package sqlite

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

// EventsArrived returns up to limit events with after < seq <= through, in
// seq order, read along the primary key.
func (c *conn) EventsArrived(ctx context.Context, after, through int64, limit int) ([]shopmind.Arrival, error) {
	rows, err := c.q().QueryContext(ctx, `SELECT seq, `+eventColumns+` FROM events
		WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`, after, through, page.BoundedLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("events arrived after %d: %w", after, err)
	}
	defer rows.Close()
	var out []shopmind.Arrival
	for rows.Next() {
		var (
			a  shopmind.Arrival
			e  shopmind.Event
			us int64
		)
		if err := rows.Scan(&a.Seq, &e.ID, &e.UserID, &e.ItemID, &e.Type, &e.Value, &us, &e.SessionID, &e.RecommendationID); err != nil {
			return nil, fmt.Errorf("events arrived after %d: %w", after, err)
		}
		e.Time = fromMicros(us)
		a.Event = &e
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events arrived after %d: %w", after, err)
	}
	return out, nil
}

// ArrivedCount counts the events with after < seq <= through.
func (c *conn) ArrivedCount(ctx context.Context, after, through int64) (int64, error) {
	var n int64
	if err := c.q().QueryRowContext(ctx, "SELECT count(*) FROM events WHERE seq > ? AND seq <= ?", after, through).Scan(&n); err != nil {
		return 0, fmt.Errorf("events arrived after %d: %w", after, err)
	}
	return n, nil
}

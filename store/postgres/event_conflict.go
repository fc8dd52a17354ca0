package postgres

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind"
)

// checkEventConflicts returns the ECONFLICT error of the first event whose
// id is stored with other content (shopmind.ConflictingEvent). AddEvents
// calls it, inside its transaction and after its insert, only when fewer
// events were new than given: the common all-new batch costs nothing more.
// Under READ COMMITTED the insert waited for any concurrent writer of the
// same id, whose row this statement then sees.
func checkEventConflicts(ctx context.Context, q querier, events []*shopmind.Event) error {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	rows, err := q.Query(ctx, "SELECT "+eventColumns+" FROM events WHERE id = ANY($1)", ids)
	if err != nil {
		return fmt.Errorf("add events: stored ids: %w", err)
	}
	found, err := collectRows(rows, scanEvent)
	if err != nil {
		return fmt.Errorf("add events: stored ids: %w", err)
	}
	stored := make(map[string]*shopmind.Event, len(found))
	for _, e := range found {
		stored[e.ID] = e
	}
	_, err = shopmind.ConflictingEvent(events, stored)
	return err
}

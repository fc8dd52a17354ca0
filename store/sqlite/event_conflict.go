package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopmind/shopmind"
)

// conflictChunk is how many ids one lookup of stored events names.
const conflictChunk = 500

// checkEventConflicts returns the ECONFLICT error of the first event whose
// id is stored with other content (shopmind.ConflictingEvent). AddEvents
// calls it, inside its transaction, only when fewer events were new than
// given: the common all-new batch costs nothing more.
func checkEventConflicts(ctx context.Context, q querier, events []*shopmind.Event) error {
	stored := make(map[string]*shopmind.Event, len(events))
	for start := 0; start < len(events); start += conflictChunk {
		chunk := events[start:min(start+conflictChunk, len(events))]
		args := make([]any, len(chunk))
		for i, e := range chunk {
			args[i] = e.ID
		}
		rows, err := q.QueryContext(ctx, "SELECT "+eventColumns+" FROM events WHERE id IN (?"+
			strings.Repeat(",?", len(chunk)-1)+")", args...)
		if err != nil {
			return fmt.Errorf("add events: stored ids: %w", err)
		}
		found, err := collectRows(rows, scanEvent)
		if err != nil {
			return fmt.Errorf("add events: stored ids: %w", err)
		}
		for _, e := range found {
			stored[e.ID] = e
		}
	}
	_, err := shopmind.ConflictingEvent(events, stored)
	return err
}

package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
)

// startImports rolls back, in the background, the imports that a process
// which is gone began and never ended (killed, or its machine crashed): an
// import commits batch by batch and is all or nothing only through its
// journal (see ingest.ImportFiles).
func startImports(ctx context.Context, b base) {
	b.jobs.Go(func() {
		done, err := ingest.Recover(ctx, b.store, time.Now(), 0)
		if len(done) > 0 && b.tail != nil {
			b.tail.Reset() // their events are gone
		}
		for _, r := range done {
			b.logger.Warn("rolled back an abandoned import", "import", r.Run.ID, "owner", r.Run.Owner,
				"started", r.Run.StartedAt, "events", r.Report.Events, "restored", r.Report.Restored,
				"deleted", r.Report.Deleted, "failed", r.Report.Failed)
		}
		if err != nil && ctx.Err() == nil {
			b.logger.Error("rolling back abandoned imports", "error", err.Error())
		}
	})
}

// recoverImports is startImports for the import command: it runs before the
// new import and tells stderr what it rolled back.
func recoverImports(ctx context.Context, st shopmind.Store, stderr io.Writer, now time.Time) error {
	done, err := ingest.Recover(ctx, st, now, 0)
	for _, r := range done {
		fmt.Fprintf(stderr, "rolled back import %d (by %s, started %s, never finished): %d events deleted, %d rows restored, %d deleted\n",
			r.Run.ID, r.Run.Owner, r.Run.StartedAt.Format(time.RFC3339), r.Report.Events, r.Report.Restored, r.Report.Deleted)
	}
	if err != nil {
		return fmt.Errorf("roll back abandoned imports: %w", err)
	}
	return nil
}

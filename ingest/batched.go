package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/shopmind/shopmind"
)

// importJournaled imports files into st one batch per transaction, under a
// journal that rolls the whole import back when it fails (see ImportFiles).
func importJournaled(ctx context.Context, st shopmind.Transactor, files []File, opts Options, total int64, w *writer) (err error) {
	j := journalOf(st)
	id, err := j.BeginImport(ctx, Owner())
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	w.importID, w.undo = id, &undoLog{seen: make(map[string]bool)}
	if opts.BatchSize <= 0 {
		w.size = new(atomic.Int64) // tuned; a BatchSize given is kept
	}
	defer func() {
		if err == nil {
			if err = j.EndImport(ctx, id); err == nil {
				return
			}
		}
		// Roll back even when ctx was cancelled (SIGINT): the import must
		// leave nothing behind. Should this fail too, Recover finishes it.
		if _, rerr := Rollback(context.WithoutCancel(ctx), st, id); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}()
	return pipeline(ctx, files, opts, total, w, func(ctx context.Context, b *batch) error {
		return w.writeBatchTx(ctx, st, b)
	})
}

// writeBatchTx writes b and its journal in one transaction. An event id
// stored with other content is a bad row: under Skip it is dropped and the
// batch tried again without it.
func (w *writer) writeBatchTx(ctx context.Context, st shopmind.Transactor, b *batch) error {
	for {
		saved := *w.rep
		w.batchLog = &errorLog{policy: w.log.policy, max: w.log.max}
		began := time.Now()
		err := st.Tx(ctx, func(tx shopmind.Store) error {
			w.tx = tx
			if err := w.captureBatch(ctx, b); err != nil {
				return fmt.Errorf("%s: %w", b.file, err)
			}
			if err := w.write(ctx, b); err != nil {
				return err
			}
			return journalOf(tx).JournalImport(ctx, w.importID, w.undo.undos)
		})
		batchLog := w.batchLog
		w.batchLog = nil
		if err == nil {
			held := time.Since(began)
			w.undo.commit()
			w.log.merge(batchLog)
			if w.size != nil {
				w.tune(b.n, held)
			}
			return yieldWriteLock(ctx, st, held)
		}
		// The transaction rolled back: forget what it did.
		w.undo.abort()
		*w.rep = saved
		w.ensured, w.refs = nil, nil
		var c *eventConflict
		if !errors.As(err, &c) {
			return err
		}
		if err := w.log.bad(c.row); err != nil {
			return err
		}
		b.events = slices.Delete(b.events, c.index, c.index+1)
		b.eventLines = slices.Delete(b.eventLines, c.index, c.index+1)
	}
}

// Transaction sizing of journaled imports: each commit costs the store
// a WAL sync and, on SQLite, rewriting every index page the batch touched,
// which for random ids grows with the table, so small batches make a big
// import several times slower (1,000,000 events on the loaded shared
// machine: 26 s in one transaction, 105 s in batches of 20,000, 279 s in
// batches sized to hold the lock 0.5 s); large ones make other writers
// wait. The writer sizes batches so that one holds the store for about
// txTarget.
const (
	txTarget     = 2 * time.Second
	minBatchSize = 5000
	maxBatchSize = 200000
)

// tune sets the parser's batch size from the last batch: n records held
// the store for held.
func (w *writer) tune(n int, held time.Duration) {
	if n <= 0 || held <= 0 {
		return
	}
	want := int64(float64(n) * float64(txTarget) / float64(held))
	if cur := w.size.Load(); cur > 0 {
		want = (cur + want) / 2 // smooth: one slow commit (a checkpoint) must not halve the batches
	}
	w.size.Store(min(max(want, minBatchSize), maxBatchSize))
}

// maxYield bounds the pause after a batch: SQLite's busy handler has a
// waiting writer retry at least every 100 ms.
const maxYield = 100 * time.Millisecond

// yieldWriteLock pauses after a batch that held a single-writer store's
// write lock (SQLite) for held, half as long (up to maxYield), so writers
// waiting in their busy handlers find the lock free: the importer would
// otherwise take it again at once, and they would wait for the whole import.
// Stores that lock rows (PostgreSQL) need no pause.
func yieldWriteLock(ctx context.Context, st shopmind.Transactor, held time.Duration) error {
	if sw, ok := st.(interface{ SingleWriter() bool }); !ok || !sw.SingleWriter() {
		return nil
	}
	t := time.NewTimer(min(held/2, maxYield))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// eventConflict is an event of a batch whose id is stored with other
// content (shopmind.StoredEventConflict).
type eventConflict struct {
	index int // in batch.events
	row   *RowError
}

func (c *eventConflict) Error() string { return c.row.Error() }
func (c *eventConflict) Unwrap() error { return c.row }

// asEventConflict returns the eventConflict err names, or nil.
func asEventConflict(err error, b *batch) *eventConflict {
	if shopmind.ErrorCode(err) != shopmind.ECONFLICT {
		return nil
	}
	var k int
	if _, serr := fmt.Sscanf(shopmind.ErrorField(err), "events[%d].id", &k); serr != nil || k < 0 || k >= len(b.events) {
		return nil
	}
	line := 0
	if k < len(b.eventLines) {
		line = b.eventLines[k]
	}
	return &eventConflict{index: k, row: &RowError{File: b.file, Line: line, Column: "id",
		Reason: fmt.Sprintf("event id %s is already stored with different content", quoteShort(b.events[k].ID))}}
}

// bad records a bad row the writer found: in the open batch's own log
// when the batch has one (its transaction may still roll back, and the
// rows be found again), else in the import's.
func (w *writer) bad(e *RowError) error {
	if w.batchLog != nil {
		return w.batchLog.bad(e)
	}
	return w.log.bad(e)
}

// merge adds the bad rows of b (a batch's log, which keeps them all) to l.
func (l *errorLog) merge(b *errorLog) {
	n, errs := b.snapshot()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n += n
	for _, e := range errs {
		if len(l.errs) < l.max {
			l.errs = append(l.errs, e)
		}
	}
}

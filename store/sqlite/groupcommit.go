package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// maxGroupEvents bounds the events one group commit carries, so that a
// burst of large batches commits in several transactions of bounded size
// instead of one that holds the write lock for long. A single call larger
// than this still commits alone, whole.
const maxGroupEvents = 20_000

// groupCommit joins concurrent AddEvents calls on the database into one
// write transaction, so that one commit (and, with synchronous=FULL, one
// fsync) acknowledges them all.
//
// There is no background goroutine. The first caller to arrive while no
// commit runs becomes the leader: it takes the calls queued so far (its own
// first), writes each under its own savepoint, commits, and hands every
// caller its result. Calls that arrive during the commit queue up; when it
// ends, the leader promotes the first of them to lead the next group and
// returns. A caller returns only after the transaction holding its events
// committed, so an acknowledged write is as durable as the synchronous
// setting makes a commit.
type groupCommit struct {
	db        *DB
	maxEvents int

	mu      sync.Mutex
	queue   []*eventWrite // waiting for a commit, oldest first
	leading bool          // a leader is committing
	commits int64         // group transactions run
	calls   int64         // calls they carried
}

// GroupCommitStats are counts of the group commit of AddEvents calls.
type GroupCommitStats struct {
	Commits int64 // transactions run for AddEvents calls on the database
	Calls   int64 // calls they carried; Calls/Commits is the mean group size
}

// GroupCommitStats returns how many AddEvents calls on the database were
// committed in how many transactions since it was opened.
func (db *DB) GroupCommitStats() GroupCommitStats {
	g := db.group
	g.mu.Lock()
	defer g.mu.Unlock()
	return GroupCommitStats{Commits: g.commits, Calls: g.calls}
}

// eventWrite is one caller's AddEvents call.
type eventWrite struct {
	events []*shopmind.Event
	added  int
	err    error
	// wake receives true when the caller is promoted to lead the next
	// group, false once added and err hold its result.
	wake chan bool
}

// AddEvents stores the events not stored yet (by ID) and returns how many
// were new, as the Store method does; see conn.AddEvents. Events are
// validated before they join a group, so an invalid batch fails only its own
// call (EINVALID naming "events[i]...") and never the group. A write error
// of one call in a group (rolled back to its savepoint) fails only that
// call; a failed commit fails every call in the group, none of which is then
// stored. Cancelling ctx does not cancel a group already committing: other
// callers' events ride in it.
func (db *DB) AddEvents(ctx context.Context, events []*shopmind.Event) (int, error) {
	if err := shopmind.ValidateEach("events", events); err != nil {
		return 0, err
	}
	if len(events) == 0 {
		return 0, nil
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return db.group.add(ctx, events)
}

// add queues one call and returns its result once committed, leading the
// commit itself when no other caller is.
func (g *groupCommit) add(ctx context.Context, events []*shopmind.Event) (int, error) {
	w := &eventWrite{events: events, wake: make(chan bool, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, w)
	if g.leading {
		g.mu.Unlock()
		if lead := <-w.wake; !lead {
			return w.added, w.err
		}
		g.mu.Lock() // promoted: leading stays true, w is first in the queue
	}
	g.leading = true
	group := g.take()
	g.commits++
	g.calls += int64(len(group))
	g.mu.Unlock()

	committed := false
	defer func() {
		if !committed {
			// The commit panicked: answer the group with an error and hand
			// the lead on before the panic unwinds, or every later call
			// would wait for a leader that is gone.
			for _, o := range group {
				o.added, o.err = 0, errors.New("sqlite: add events: the group commit failed unexpectedly")
			}
			g.handOff(w, group)
		}
	}()
	g.commit(context.WithoutCancel(ctx), group)
	committed = true
	g.handOff(w, group)
	return w.added, w.err
}

// handOff ends leader w's turn: it promotes the first queued call to lead
// the next group (or marks that no one leads) and wakes the other callers
// of group with their results.
func (g *groupCommit) handOff(w *eventWrite, group []*eventWrite) {
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].wake <- true
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	for _, o := range group {
		if o != w {
			o.wake <- false
		}
	}
}

// take removes and returns the oldest queued calls, at least one and at
// most maxEvents events unless the first alone is larger. g.mu is held.
func (g *groupCommit) take() []*eventWrite {
	n, events := 0, 0
	for n < len(g.queue) && (n == 0 || events+len(g.queue[n].events) <= g.maxEvents) {
		events += len(g.queue[n].events)
		n++
	}
	group := g.queue[:n:n]
	g.queue = append([]*eventWrite(nil), g.queue[n:]...)
	return group
}

// commit writes group in one transaction, each call under its own
// savepoint, and sets every call's result.
func (g *groupCommit) commit(ctx context.Context, group []*eventWrite) {
	err := g.db.conn.write(ctx, func(tx *sql.Tx, now time.Time) error {
		in := &conn{db: g.db, tx: tx, now: now}
		if len(group) == 1 {
			w := group[0]
			w.added, w.err = in.AddEvents(ctx, w.events)
			return w.err
		}
		for i, w := range group {
			sp := fmt.Sprintf("events_%d", i)
			if _, err := tx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
				return fmt.Errorf("add events: savepoint: %w", formatError(err))
			}
			w.added, w.err = in.AddEvents(ctx, w.events)
			if w.err != nil {
				w.added = 0
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO "+sp); err != nil {
					return fmt.Errorf("add events: rollback to savepoint: %w", formatError(err))
				}
			}
			if _, err := tx.ExecContext(ctx, "RELEASE "+sp); err != nil {
				return fmt.Errorf("add events: release savepoint: %w", formatError(err))
			}
		}
		return nil
	})
	if err == nil {
		return
	}
	// Nothing was committed: no call in the group is stored.
	for _, w := range group {
		w.added = 0
		if w.err == nil {
			w.err = err
		}
	}
}

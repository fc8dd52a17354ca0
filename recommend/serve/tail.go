package serve

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopmind/shopmind"
)

// Defaults of Tail.
const (
	DefaultTailEvery     = time.Second
	DefaultTailRebuild   = 5 * time.Minute
	DefaultTailMaxEvents = 1_000_000
	tailPage             = 10_000
)

// Tail keeps in memory the events that arrived after the trained history
// of the models served (their watermark, recommend.TrainedHistory.Seq), so
// that a recommendation request finds a user's events since training
// without reading the store: the store is read by one poller, not by every
// request, and a request's latency no longer depends on what else the
// store is doing (an import, a retrain's reads).
//
// What a request sees:
//   - Events accepted by this process (Accepted) count at once: until the
//     next poll has them, that user's requests read the store.
//   - Events stored by another process (shopmind import, another node)
//     count from the next poll, at most Every later.
//   - Events deleted by this process (Reset, Forget) stop counting at once:
//     until the next poll has rebuilt the tail, requests read the store.
//     Deletions by another process are seen by the next poll (the count of
//     the span held drops) and the tail is rebuilt; other changes to stored
//     events by another process (pseudonymised by an erasure the CLI ran)
//     within RebuildEvery, when everything held is read again.
//   - Past MaxEvents held, or for a model without a trained history, the
//     tail answers nothing and requests read the store as before.
//
// One Tail serves every Service of a process (the default model and the
// experiments' variants); each tells it its watermark when it swaps a model
// in. Create it with NewTail and run Run; a Service with a nil Tail reads
// the store at every request.
type Tail struct {
	Store shopmind.ArrivalReader
	// Every is how often Run polls (DefaultTailEvery when zero).
	Every time.Duration
	// MaxEvents bounds the events held (DefaultTailMaxEvents when zero).
	MaxEvents int
	// RebuildEvery re-reads everything held this often
	// (DefaultTailRebuild when zero): a change to stored events that is
	// neither an addition nor a deletion, made by another process (an
	// erasure that pseudonymises events, run by the CLI), reaches the
	// memory within it.
	RebuildEvery time.Duration
	Logger       *slog.Logger

	wake chan struct{}
	// requests answered from memory, and those that read the store
	hits, misses atomic.Int64

	mu      sync.RWMutex
	holds   map[*Service]hold
	limit   int // the most events of a user a holder reads (want's)
	floor   int64 // the events held are those with floor < seq <= upTo
	upTo    int64
	ready   bool // held is complete for (floor, upTo]
	over    bool // more than MaxEvents arrived after floor: nothing held
	users   map[string][]arrival
	got     int64             // events read for (floor, upTo], to compare with the store's count
	pending map[string]uint64 // users with events accepted here, by the poll generation then
	gen     uint64            // polls started
	epoch   uint64            // resets (deletions by this process)
	built   time.Time         // when the held events were last read whole
}

// hold is what a Service needs of the tail: its model's watermark and how
// many of a user's latest events it reads.
type hold struct {
	after int64
	limit int
}

// arrival is a held event.
type arrival struct {
	seq int64
	e   *shopmind.Event
}

// NewTail returns a Tail over store with the defaults.
func NewTail(store shopmind.ArrivalReader) *Tail {
	return &Tail{Store: store, Every: DefaultTailEvery, MaxEvents: DefaultTailMaxEvents, Logger: slog.New(slog.DiscardHandler),
		wake: make(chan struct{}, 1), holds: map[*Service]hold{}, pending: map[string]uint64{}}
}

// poke asks Run to poll now.
func (t *Tail) poke() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// hold records that s serves a model whose trained history ends at after
// (0: none, the tail cannot help it) and reads limit events of a user.
func (t *Tail) hold(s *Service, after int64, limit int) {
	t.mu.Lock()
	if after > 0 {
		t.holds[s] = hold{after: after, limit: limit}
	} else {
		delete(t.holds, s)
	}
	w, _ := t.want()
	t.limit = w.limit
	t.mu.Unlock()
	t.poke()
}

// want returns the span the holders need: the lowest watermark and the
// most events of a user any of them reads; false when nobody holds.
func (t *Tail) want() (hold, bool) {
	var w hold
	ok := false
	for _, h := range t.holds {
		if !ok || h.after < w.after {
			w.after = h.after
		}
		w.limit = max(w.limit, h.limit)
		ok = true
	}
	return w, ok
}

// Events returns the user's latest limit events that arrived after seq,
// oldest arrival first, as the store's UserEventsAfter would; false when
// the tail does not know them (the caller reads the store).
func (t *Tail) Events(userID string, after int64, limit int) ([]*shopmind.Event, bool) {
	out, ok := t.events(userID, after, limit)
	if ok {
		t.hits.Add(1)
	} else {
		t.misses.Add(1)
	}
	return out, ok
}

// TailStats counts the requests whose recent events came from memory and
// those that read the store.
type TailStats struct {
	Memory, Store int64
	// Held is how many events arrived in the span the tail holds (those
	// it keeps: a user's latest), Ready whether it is complete for it.
	Held  int64
	Ready bool
}

// Stats returns the counts so far.
func (t *Tail) Stats() TailStats {
	t.mu.RLock()
	defer t.mu.RUnlock()
	st := TailStats{Memory: t.hits.Load(), Store: t.misses.Load(), Ready: t.ready && !t.over}
	if st.Ready {
		st.Held = t.got
	}
	return st
}

func (t *Tail) events(userID string, after int64, limit int) ([]*shopmind.Event, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if !t.ready || t.over || after < t.floor {
		return nil, false
	}
	if _, ok := t.pending[userID]; ok {
		return nil, false
	}
	held := t.users[userID]
	if limit > t.limit { // 0 while nobody holds
		return nil, false
	}
	start := len(held)
	for start > 0 && held[start-1].seq > after {
		start--
	}
	held = held[start:]
	if len(held) > limit {
		held = held[len(held)-limit:]
	}
	out := make([]*shopmind.Event, len(held))
	for i, a := range held {
		out[i] = a.e
	}
	return out, true
}

// Accepted tells the tail that events of these users were just stored by
// this process: their requests read the store until a poll has them.
func (t *Tail) Accepted(events []*shopmind.Event) {
	t.mu.Lock()
	for _, e := range events {
		t.pending[e.UserID] = t.gen
	}
	t.mu.Unlock()
	t.poke()
}

// Reset tells the tail that this process deleted events: requests read the
// store until a poll has rebuilt it.
func (t *Tail) Reset() {
	t.mu.Lock()
	t.ready = false
	t.epoch++
	t.mu.Unlock()
	t.poke()
}

// Forget drops what the tail holds of an erased user, and rebuilds it from
// the store (whose erasure may keep their events under another id).
func (t *Tail) Forget(userID string) {
	t.mu.Lock()
	delete(t.users, userID)
	delete(t.pending, userID)
	t.ready = false
	t.epoch++
	t.mu.Unlock()
	t.poke()
}

// Run polls the store every Every (at once when poked) until ctx ends.
// Failures are logged; requests read the store meanwhile.
func (t *Tail) Run(ctx context.Context) {
	every := t.Every
	if every <= 0 {
		every = DefaultTailEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if err := t.Poll(ctx); err != nil && ctx.Err() == nil {
			t.Logger.Warn("recent events: poll", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-t.wake:
		}
	}
}

// Poll brings the tail up to the store's arrival watermark: it reads the
// events that arrived since the last poll, or all of those after the
// holders' lowest watermark when that changed or the tail was reset; then
// it compares the count it holds with the store's (a lower count in the
// store means another process deleted some, and the tail is rebuilt).
func (t *Tail) Poll(ctx context.Context) error {
	t.mu.Lock()
	t.gen++
	gen, epoch := t.gen, t.epoch
	w, ok := t.want()
	if !ok {
		t.users, t.got, t.ready, t.over, t.floor, t.upTo = nil, 0, false, false, 0, 0
		t.mu.Unlock()
		return nil
	}
	rebuild := !t.ready || w.after != t.floor || !t.over && time.Since(t.built) > t.rebuildEvery()
	from, upTo := t.upTo, t.upTo
	if rebuild {
		from = w.after
	}
	over := t.over && !rebuild
	t.mu.Unlock()
	if over {
		return nil // nothing is held until the floor moves (a retrain)
	}
	through, err := t.Store.EventSeq(ctx)
	if err != nil {
		return err
	}
	var read []shopmind.Arrival
	for after := from; after < through; {
		page, err := t.Store.EventsArrived(ctx, after, through, tailPage)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		read = append(read, page...)
		after = page[len(page)-1].Seq
		if len(read) > t.maxEvents() {
			break
		}
	}
	t.mu.Lock()
	if t.epoch != epoch || !rebuild && (!t.ready || t.upTo != upTo || t.over) {
		t.mu.Unlock()
		t.poke() // reset or changed meanwhile: start over
		return nil
	}
	if rebuild {
		t.users, t.got, t.floor, t.built = map[string][]arrival{}, 0, from, time.Now()
	}
	t.got += int64(len(read))
	if t.got > int64(t.maxEvents()) {
		if !t.over {
			t.Logger.Warn("recent events: more arrived since training than the tail holds; requests read the store until the next training",
				"max_events", t.maxEvents(), "after_seq", t.floor)
		}
		t.users, t.over, t.ready, t.upTo = nil, true, true, through
		t.mu.Unlock()
		return nil
	}
	for _, a := range read {
		held := append(t.users[a.Event.UserID], arrival{seq: a.Seq, e: a.Event})
		if len(held) > 2*w.limit { // keep the latest limit, trimming now and then
			held = append(held[:0:0], held[len(held)-w.limit:]...)
		}
		t.users[a.Event.UserID] = held
	}
	t.upTo, t.ready, t.over = through, true, false
	floor, got := t.floor, t.got
	t.mu.Unlock()

	n, err := t.Store.ArrivedCount(ctx, floor, through)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.epoch != epoch || t.floor != floor || t.upTo != through {
		t.poke()
		return nil
	}
	if n != got {
		t.ready = false // deleted elsewhere: rebuild
		t.poke()
		return nil
	}
	t.clearPending(gen)
	return nil
}

// clearPending forgets the users marked before poll gen started: its
// watermark was read after their events were stored. t.mu is held.
func (t *Tail) clearPending(gen uint64) {
	for u, g := range t.pending {
		if g < gen {
			delete(t.pending, u)
		}
	}
}

func (t *Tail) rebuildEvery() time.Duration {
	if t.RebuildEvery <= 0 {
		return DefaultTailRebuild
	}
	return t.RebuildEvery
}

func (t *Tail) maxEvents() int {
	if t.MaxEvents <= 0 {
		return DefaultTailMaxEvents
	}
	return t.MaxEvents
}

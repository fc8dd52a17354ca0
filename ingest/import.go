package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/shopmind/shopmind"
)

// Report is what an import did.
type Report struct {
	Files      []string // base names of the files read, in import order
	Rows       int64    // data rows read, bad ones included (headers excluded)
	Users      int64    // users upserted (MovieLens users implied by ratings included)
	Items      int64    // items upserted
	Personal   int64    // personal records stored
	Consents   int64    // consent records stored
	Orders     int64    // orders upserted
	Reviews    int64    // reviews upserted
	Promotions int64    // promotions upserted
	Events     int64    // valid events read
	NewEvents  int64    // events that were not stored before (Events minus repeats)
	Skipped    int64    // bad rows skipped under OnError Skip
	Errors     []*RowError
}

// Import plans paths (see Plan) and imports them into st (see ImportFiles).
func Import(ctx context.Context, st shopmind.Transactor, paths []string, opts Options) (*Report, error) {
	files, err := Plan(paths, opts)
	if err != nil {
		return nil, err
	}
	return ImportFiles(ctx, st, files, opts)
}

// ImportFiles imports files, in the given order, into st. Under OnError
// Abort the first bad row is returned as a *RowError (EINVALID) and the
// store is left as it was; under Skip bad rows are counted and listed (up to
// MaxErrors) in the Report and the rest is stored. Store failures and
// cancellation also leave the store as it was. The Report is returned, as
// far as it got, with the error too.
//
// A store that keeps import journals (shopmind.ImportJournal, both stores
// do) gets one short transaction per batch, so API writers wait for one
// batch at most, never for the whole import; each batch journals what it
// overwrites, a failed import is rolled back from the journal (Rollback)
// and an abandoned one by Recover. While it runs, readers see the rows
// stored so far. Another store gets the whole import in one st.Tx.
func ImportFiles(ctx context.Context, st shopmind.Transactor, files []File, opts Options) (*Report, error) {
	rep := &Report{}
	for _, f := range files {
		rep.Files = append(rep.Files, f.Name())
	}
	log := &errorLog{policy: opts.OnError, max: opts.maxErrors()}
	var total int64
	for _, f := range files {
		total += f.Size
	}
	w := &writer{log: log, rep: rep, progress: opts.Progress}
	var err error
	if _, ok := st.(shopmind.ImportJournal); ok {
		err = importJournaled(ctx, st, files, opts, total, w)
	} else {
		err = st.Tx(ctx, func(tx shopmind.Store) error {
			w.tx = tx
			return pipeline(ctx, files, opts, total, w, func(ctx context.Context, b *batch) error {
				if err := w.write(ctx, b); err != nil {
					var c *eventConflict
					if errors.As(err, &c) {
						return c.row
					}
					return err
				}
				return nil
			})
		})
	}
	rep.Skipped, rep.Errors = log.snapshot()
	if err != nil {
		return rep, err
	}
	if opts.Progress != nil {
		var read int64
		for _, f := range files {
			read += f.Size
		}
		opts.Progress.Update(Status{BytesRead: read, BytesTotal: total, Rows: rep.Rows, Bad: rep.Skipped, Done: true})
	}
	return rep, nil
}

// pipeline parses files in a goroutine and hands each batch to write, in
// order, on this goroutine. It sets w.rep.Rows.
func pipeline(ctx context.Context, files []File, opts Options, total int64, w *writer, write func(context.Context, *batch) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, 2)
	p := &parser{ctx: ctx, opts: opts, checkEvent: opts.eventCheck(), out: batches, log: w.log, total: total, cur: &batch{}, size: w.size}
	var perr error
	go func() {
		defer close(batches)
		perr = p.run(files)
	}()
	werr := w.drain(ctx, batches, write)
	if werr != nil {
		cancel()
		for range batches { // let the parser finish
		}
	}
	// batches is closed: the parser has returned and perr is set.
	w.rep.Rows = p.rows
	if werr != nil {
		return werr
	}
	return perr
}

// errorLog collects bad rows from the parser and the writer.
type errorLog struct {
	policy ErrorPolicy
	max    int

	mu   sync.Mutex
	n    int64
	errs []*RowError
}

// bad records a bad row: under Abort it returns e, under Skip it keeps e
// (up to max) and returns nil.
func (l *errorLog) bad(e *RowError) error {
	if l.policy == Abort {
		return e
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	if len(l.errs) < l.max {
		l.errs = append(l.errs, e)
	}
	return nil
}

func (l *errorLog) count() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

func (l *errorLog) snapshot() (int64, []*RowError) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n, append([]*RowError(nil), l.errs...)
}

// batch is a group of records of one file on their way to the store.
type batch struct {
	file          string
	users         []*shopmind.User
	items         []*shopmind.Item
	personal      []*shopmind.UserPersonal
	personalLines []int
	personalFill  []bool // per personal record: store it only if the user has none (from a platform's order)
	orders        []*shopmind.Order
	orderRows     []*pendingOrder // where each order came from, for errors
	reviews       []*shopmind.Review
	reviewLines   []int
	events        []*shopmind.Event
	eventLines    []int
	promotions    []*shopmind.Promotion
	promoLines    []int
	consents      []*shopmind.Consent
	ensureUsers   []string // users that must exist, created bare when missing
	status        Status   // progress once this batch is written
	n             int      // records in the batch
}

// parser reads files and sends batches of valid records.
type parser struct {
	ctx        context.Context
	opts       Options
	checkEvent func(*shopmind.Event) error // Options.eventCheck
	out        chan<- *batch
	log        *errorLog
	total      int64

	size      *atomic.Int64 // when set and > 0, the batch size the writer asks for (journaled imports)
	cur       *batch
	n         int   // records in cur
	rows      int64 // data rows read
	doneBytes int64 // bytes of the files finished
	counter   *countingReader
	file      string
	platform  *platformState // hosted-shop exports of this import (see platform.go)
}

func (p *parser) run(files []File) error {
	for _, f := range files {
		if err := p.readFile(f); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) readFile(f File) error {
	var rc io.ReadCloser
	var err error
	if f.Open != nil {
		rc, err = f.Open()
	} else {
		rc, err = os.Open(f.Path)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", f.Name(), err)
	}
	defer rc.Close()
	p.counter = &countingReader{r: &ctxReader{ctx: p.ctx, r: rc}}
	p.file = f.Name()
	p.cur.file = p.file
	r, release, err := decompress(bufio.NewReaderSize(p.counter, 256<<10))
	if err != nil {
		return p.readErr(0, err) // a gzip cut or corrupt in its header, as one cut later
	}
	defer release()
	if err := p.dispatch(f, r); err != nil {
		return err
	}
	if err := p.flush(); err != nil {
		return err
	}
	p.doneBytes += max(f.Size, p.counter.n)
	p.counter = nil
	return nil
}

func (p *parser) dispatch(f File, r io.Reader) error {
	if f.Format == FormatMovieLens {
		return p.readMovieLens(f, r)
	}
	if f.Kind.platform() {
		return p.readPlatform(f, r)
	}
	switch f.Entity {
	case EntityItems:
		return readTable(p, f, r, itemSchema(), func(t *shopmind.Item, _ int) { p.cur.items = append(p.cur.items, t) })
	case EntityUsers:
		return readTable(p, f, r, userSchema(), func(t *shopmind.User, _ int) { p.cur.users = append(p.cur.users, t) })
	case EntityPersonal:
		return readTable(p, f, r, personalSchema(), func(t *shopmind.UserPersonal, line int) {
			p.cur.personal = append(p.cur.personal, t)
			p.cur.personalLines = append(p.cur.personalLines, line)
		})
	case EntityEvents:
		return readTable(p, f, r, eventSchema(p.checkEvent), func(t *shopmind.Event, line int) {
			p.cur.events = append(p.cur.events, t)
			p.cur.eventLines = append(p.cur.eventLines, line)
		})
	case EntityReviews:
		return readTable(p, f, r, reviewSchema(), func(t *shopmind.Review, line int) {
			p.cur.reviews = append(p.cur.reviews, t)
			p.cur.reviewLines = append(p.cur.reviewLines, line)
		})
	case EntityOrders:
		return readOrders(p, f, r)
	case EntityConsents:
		return readTable(p, f, r, consentSchema(), func(t *shopmind.Consent, _ int) { p.cur.consents = append(p.cur.consents, t) })
	case EntityPromotions:
		return readTable(p, f, r, promotionSchema(), func(t *shopmind.Promotion, line int) {
			p.cur.promotions = append(p.cur.promotions, t)
			p.cur.promoLines = append(p.cur.promoLines, line)
		})
	}
	return fmt.Errorf("%s: unknown entity %q", f.Name(), f.Entity)
}

// bad reports a bad row; it returns non-nil when the import must stop.
func (p *parser) bad(e *RowError) error {
	if e.File == "" {
		e.File = p.file
	}
	return p.log.bad(e)
}

// added counts one record put in p.cur and flushes a full batch.
func (p *parser) added() error {
	p.n++
	size := p.opts.batchSize()
	if p.size != nil {
		if n := p.size.Load(); n > 0 {
			size = int(n)
		}
	}
	if p.n >= size {
		return p.flush()
	}
	return nil
}

// flush sends the current batch, even an empty one (it carries progress).
func (p *parser) flush() error {
	b := p.cur
	read := p.doneBytes
	if p.counter != nil {
		read += p.counter.n
	}
	b.status = Status{File: p.file, BytesRead: read, BytesTotal: p.total, Rows: p.rows}
	b.n = p.n
	select {
	case p.out <- b:
	case <-p.ctx.Done():
		return p.ctx.Err()
	}
	p.cur = &batch{file: p.file}
	p.n = 0
	return nil
}

// writer writes batches into the transaction's store.
type writer struct {
	tx       shopmind.Store // the transaction of the batch being written
	log      *errorLog
	rep      *Report
	progress Progress
	ensured  map[string]bool
	refs     *refCache
	importID int64         // the journaled import, or 0
	undo     *undoLog      // the journal of a journaled import
	batchLog *errorLog     // bad rows of the open batch transaction, or nil
	size     *atomic.Int64 // batch size for the parser, tuned by a journaled import; nil for fixed
}

func (w *writer) drain(ctx context.Context, batches <-chan *batch, write func(context.Context, *batch) error) error {
	for b := range batches {
		if err := write(ctx, b); err != nil {
			return err
		}
		if w.progress != nil {
			s := b.status
			s.Bad = w.log.count()
			w.progress.Update(s)
		}
	}
	return nil
}

func (w *writer) write(ctx context.Context, b *batch) error {
	tx, rep := w.tx, w.rep
	if len(b.users) > 0 {
		if err := tx.UpsertUsers(ctx, b.users); err != nil {
			return fmt.Errorf("%s: upsert users: %w", b.file, err)
		}
		rep.Users += int64(len(b.users))
	}
	// Users that records of this batch refer to (ratings, a platform's
	// orders) exist before personal data and orders are written.
	if err := w.ensureUsers(ctx, b); err != nil {
		return err
	}
	if len(b.items) > 0 {
		if err := tx.UpsertItems(ctx, b.items); err != nil {
			return fmt.Errorf("%s: upsert items: %w", b.file, err)
		}
		rep.Items += int64(len(b.items))
	}
	for i, pd := range b.personal {
		// Check first: a failed statement would abort a PostgreSQL transaction.
		if _, err := tx.User(ctx, pd.UserID); shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			e := &RowError{File: b.file, Line: b.personalLines[i], Column: "user_id", Reason: fmt.Sprintf("user %s does not exist; import users first", quoteShort(pd.UserID))}
			if err := w.bad(e); err != nil {
				return err
			}
			continue
		} else if err != nil {
			return fmt.Errorf("%s: find user: %w", b.file, err)
		}
		if i < len(b.personalFill) && b.personalFill[i] {
			if _, err := tx.UserPersonal(ctx, pd.UserID); err == nil {
				continue // the user's own record (customers export, API) is better than an order's
			} else if shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				return fmt.Errorf("%s: find personal data: %w", b.file, err)
			}
		}
		if err := tx.SetUserPersonal(ctx, pd); err != nil {
			return fmt.Errorf("%s: set personal data: %w", b.file, err)
		}
		rep.Personal++
	}
	if len(b.consents) > 0 {
		// Consent is keyed by user id alone and may precede the user.
		if err := tx.SetConsents(ctx, b.consents); err != nil {
			return fmt.Errorf("%s: set consents: %w", b.file, err)
		}
		rep.Consents += int64(len(b.consents))
	}
	if w.refs == nil {
		w.refs = &refCache{known: make(map[string]bool)}
	}
	w.refs.st = tx
	// Orders and reviews must name known users and items, as the API
	// requires (CheckReferences): earlier files of the import count.
	orders, err := keepReferenced(ctx, w, b.file, b.orders, func(i int, err error) *RowError { return orderError(b.file, b.orderRows[i], err) })
	if err != nil {
		return err
	}
	if len(orders) > 0 {
		if err := tx.UpsertOrders(ctx, orders); err != nil {
			return fmt.Errorf("%s: upsert orders: %w", b.file, err)
		}
		rep.Orders += int64(len(orders))
	}
	reviews, err := keepReferenced(ctx, w, b.file, b.reviews, func(i int, err error) *RowError { return rowErr(b.file, b.reviewLines[i], "", err) })
	if err != nil {
		return err
	}
	if len(reviews) > 0 {
		if err := tx.UpsertReviews(ctx, reviews); err != nil {
			return fmt.Errorf("%s: upsert reviews: %w", b.file, err)
		}
		rep.Reviews += int64(len(reviews))
	}
	if err := w.writePromotions(ctx, b); err != nil {
		return err
	}
	if len(b.events) > 0 {
		var n int
		var err error
		if w.importID != 0 {
			n, err = journalOf(tx).AddImportEvents(ctx, w.importID, b.events)
		} else {
			n, err = tx.AddEvents(ctx, b.events)
		}
		if c := asEventConflict(err, b); c != nil {
			return c
		} else if err != nil {
			return fmt.Errorf("%s: add events: %w", b.file, err)
		}
		rep.Events += int64(len(b.events))
		rep.NewEvents += int64(n)
	}
	return nil
}

// ensureUsers creates bare users for ids that ratings refer to but no users
// file defined (MovieLens-latest has none); existing users are not touched.
func (w *writer) ensureUsers(ctx context.Context, b *batch) error {
	if len(b.ensureUsers) == 0 {
		return nil
	}
	if w.ensured == nil {
		w.ensured = make(map[string]bool)
	}
	var missing []*shopmind.User
	for _, id := range b.ensureUsers {
		if w.ensured[id] {
			continue
		}
		w.ensured[id] = true
		_, err := w.tx.User(ctx, id)
		switch {
		case shopmind.ErrorCode(err) == shopmind.ENOTFOUND:
			missing = append(missing, &shopmind.User{ID: id})
			if w.undo != nil {
				w.undo.created(shopmind.UndoUser, []string{id})
			}
		case err != nil:
			return fmt.Errorf("%s: find user: %w", b.file, err)
		}
	}
	if len(missing) > 0 {
		if err := w.tx.UpsertUsers(ctx, missing); err != nil {
			return fmt.Errorf("%s: create users: %w", b.file, err)
		}
		w.rep.Users += int64(len(missing))
	}
	return nil
}

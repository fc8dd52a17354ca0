package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// DefaultStaleAfter is how long an import may go without a heartbeat (one
// per batch committed) before Recover takes it for abandoned, when its owner
// cannot be checked directly (another host).
const DefaultStaleAfter = 10 * time.Minute

// Owner names this process as an import's owner: "host:pid".
func Owner() string {
	host, _ := os.Hostname()
	return host + ":" + strconv.Itoa(os.Getpid())
}

// undoLog collects a batch's undos: what each row looked like before the
// import first touched it.
type undoLog struct {
	seen  map[string]bool // kind\x00key journaled by this import (committed or in the open batch)
	open  []string        // keys added to seen by the open batch, forgotten if it rolls back
	undos []shopmind.ImportUndo
}

// capture records the state before the import of the rows keys name, read
// with get; rows already journaled by this import are skipped.
func capture[T any](ctx context.Context, l *undoLog, kind string, keys []string, get func(context.Context, string) (T, error)) error {
	for _, k := range keys {
		s := kind + "\x00" + k
		if l.seen[s] {
			continue
		}
		v, err := get(ctx, k)
		var before []byte
		switch {
		case shopmind.ErrorCode(err) == shopmind.ENOTFOUND:
		case err != nil:
			return fmt.Errorf("journal %s %s: %w", kind, k, err)
		default:
			if before, err = json.Marshal(v); err != nil {
				return fmt.Errorf("journal %s %s: %w", kind, k, err)
			}
		}
		l.seen[s] = true
		l.open = append(l.open, s)
		l.undos = append(l.undos, shopmind.ImportUndo{Kind: kind, Key: k, Before: before})
	}
	return nil
}

// created records rows the open batch creates (they did not exist).
func (l *undoLog) created(kind string, keys []string) {
	for _, k := range keys {
		s := kind + "\x00" + k
		if l.seen[s] {
			continue
		}
		l.seen[s] = true
		l.open = append(l.open, s)
		l.undos = append(l.undos, shopmind.ImportUndo{Kind: kind, Key: k})
	}
}

// commit forgets the open batch's bookkeeping once it is stored; abort
// forgets what it journaled, as its transaction rolled back.
func (l *undoLog) commit() { l.open, l.undos = l.open[:0], l.undos[:0] }

func (l *undoLog) abort() {
	for _, s := range l.open {
		delete(l.seen, s)
	}
	l.commit()
}

func ids[T any](xs []*T, id func(*T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

// captureBatch journals the rows b will write, before it writes them.
func (w *writer) captureBatch(ctx context.Context, b *batch) error {
	l, tx := w.undo, w.tx
	if err := capture(ctx, l, shopmind.UndoUser, ids(b.users, func(u *shopmind.User) string { return u.ID }), tx.User); err != nil {
		return err
	}
	if err := capture(ctx, l, shopmind.UndoItem, ids(b.items, func(t *shopmind.Item) string { return t.ID }), tx.Item); err != nil {
		return err
	}
	if err := capture(ctx, l, shopmind.UndoPersonal, ids(b.personal, func(p *shopmind.UserPersonal) string { return p.UserID }), tx.UserPersonal); err != nil {
		return err
	}
	if err := capture(ctx, l, shopmind.UndoOrder, ids(b.orders, func(o *shopmind.Order) string { return o.ID }), tx.Order); err != nil {
		return err
	}
	if err := capture(ctx, l, shopmind.UndoReview, ids(b.reviews, func(r *shopmind.Review) string { return r.ID }), tx.Review); err != nil {
		return err
	}
	// A user without a stored consent reads as the zero Consent, so the
	// undo puts back "refuses nothing", which is what having none means.
	if err := capture(ctx, l, shopmind.UndoConsent, ids(b.consents, func(c *shopmind.Consent) string { return c.UserID }), tx.Consent); err != nil {
		return err
	}
	return capture(ctx, l, shopmind.UndoPromotion, ids(b.promotions, func(p *shopmind.Promotion) string { return p.ID }), tx.Promotion)
}

// RollbackReport is what Rollback undid.
type RollbackReport struct {
	Events   int64 // events deleted
	Restored int64 // rows put back as they were
	Deleted  int64 // rows the import had created, deleted
	Failed   int64 // rows that could not be put back (no longer valid); logged in Errors
	Errors   []string
}

// rollbackChunk is how many rows one rollback transaction undoes: small
// enough that API writers keep their turns.
const rollbackChunk = 2000

// Rollback undoes import id from its journal, in short transactions, and
// ends it: the events it added are deleted and every row it wrote is put
// back as it was before (or deleted when it created it), newest first. It
// resumes where an interrupted Rollback stopped. Writes that others made
// during the import to the same rows are overwritten.
func Rollback(ctx context.Context, st shopmind.Transactor, id int64) (*RollbackReport, error) {
	rep := &RollbackReport{}
	for {
		var n int
		err := st.Tx(ctx, func(tx shopmind.Store) error {
			var err error
			n, err = journalOf(tx).DeleteImportEvents(ctx, id, rollbackChunk)
			return err
		})
		if err != nil {
			return rep, fmt.Errorf("rollback import %d: %w", id, err)
		}
		rep.Events += int64(n)
		if n == 0 {
			break
		}
	}
	for {
		var n int
		err := st.Tx(ctx, func(tx shopmind.Store) error {
			j := journalOf(tx)
			undos, err := j.ImportUndos(ctx, id, rollbackChunk/4)
			if err != nil || len(undos) == 0 {
				return err
			}
			n = len(undos)
			for _, u := range undos {
				if err := applyUndo(ctx, tx, u, rep); err != nil {
					return err
				}
			}
			return j.DropImportUndos(ctx, id, undos[len(undos)-1].Seq)
		})
		if err != nil {
			return rep, fmt.Errorf("rollback import %d: %w", id, err)
		}
		if n == 0 {
			break
		}
	}
	if err := journalOf(st).EndImport(ctx, id); err != nil {
		return rep, fmt.Errorf("rollback import %d: %w", id, err)
	}
	return rep, nil
}

func journalOf(st shopmind.Transactor) shopmind.ImportJournal {
	return st.(shopmind.ImportJournal)
}

// applyUndo puts one row back. A row that is gone already counts as
// deleted; a before-image the store now refuses (EINVALID) is counted as
// failed rather than blocking the rollback forever.
func applyUndo(ctx context.Context, tx shopmind.Store, u shopmind.ImportUndo, rep *RollbackReport) error {
	var err error
	if u.Before == nil {
		switch u.Kind {
		case shopmind.UndoUser:
			err = tx.DeleteUser(ctx, u.Key)
		case shopmind.UndoItem:
			err = tx.DeleteItem(ctx, u.Key)
		case shopmind.UndoPersonal:
			err = tx.ErasePersonal(ctx, u.Key)
		case shopmind.UndoOrder:
			err = tx.DeleteOrder(ctx, u.Key)
		case shopmind.UndoReview:
			err = tx.DeleteReview(ctx, u.Key)
		case shopmind.UndoPromotion:
			err = tx.DeletePromotion(ctx, u.Key)
		default:
			return fmt.Errorf("undo: unknown kind %q", u.Kind)
		}
		if err == nil || shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			rep.Deleted++
			return nil
		}
		return fmt.Errorf("undo %s %s: %w", u.Kind, u.Key, err)
	}
	switch u.Kind {
	case shopmind.UndoUser:
		err = restore(ctx, u.Before, func(v *shopmind.User) error { return tx.UpsertUsers(ctx, []*shopmind.User{v}) })
	case shopmind.UndoItem:
		err = restore(ctx, u.Before, func(v *shopmind.Item) error { return tx.UpsertItems(ctx, []*shopmind.Item{v}) })
	case shopmind.UndoPersonal:
		err = restore(ctx, u.Before, func(v *shopmind.UserPersonal) error { return tx.SetUserPersonal(ctx, v) })
	case shopmind.UndoOrder:
		err = restore(ctx, u.Before, func(v *shopmind.Order) error { return tx.UpsertOrders(ctx, []*shopmind.Order{v}) })
	case shopmind.UndoReview:
		err = restore(ctx, u.Before, func(v *shopmind.Review) error { return tx.UpsertReviews(ctx, []*shopmind.Review{v}) })
	case shopmind.UndoPromotion:
		err = restore(ctx, u.Before, func(v *shopmind.Promotion) error { return tx.UpsertPromotions(ctx, []*shopmind.Promotion{v}) })
	case shopmind.UndoConsent:
		err = restore(ctx, u.Before, func(v *shopmind.Consent) error { return tx.SetConsents(ctx, []*shopmind.Consent{v}) })
	default:
		return fmt.Errorf("undo: unknown kind %q", u.Kind)
	}
	switch {
	case err == nil:
		rep.Restored++
	case shopmind.ErrorCode(err) == shopmind.EINVALID:
		rep.Failed++
		if len(rep.Errors) < DefaultMaxErrors {
			rep.Errors = append(rep.Errors, fmt.Sprintf("%s %s: %v", u.Kind, u.Key, err))
		}
	default:
		return fmt.Errorf("undo %s %s: %w", u.Kind, u.Key, err)
	}
	return nil
}

func restore[T any](_ context.Context, before []byte, put func(*T) error) error {
	var v T
	if err := json.Unmarshal(before, &v); err != nil {
		return fmt.Errorf("decode journal: %w", err)
	}
	return put(&v)
}

// Recovered is one abandoned import that Recover rolled back.
type Recovered struct {
	Run    shopmind.ImportRun
	Report *RollbackReport
}

// Recover rolls back the imports that were begun and never ended by a
// process that is gone: its owner is this host and its process no longer
// runs, or its last heartbeat is older than staleAfter (DefaultStaleAfter
// when 0). A store without import journals has nothing to recover. The
// serve and import commands call it when they start.
func Recover(ctx context.Context, st shopmind.Transactor, now time.Time, staleAfter time.Duration) ([]Recovered, error) {
	j, ok := st.(shopmind.ImportJournal)
	if !ok {
		return nil, nil
	}
	if staleAfter <= 0 {
		staleAfter = DefaultStaleAfter
	}
	runs, err := j.Imports(ctx)
	if err != nil {
		return nil, err
	}
	var out []Recovered
	for _, r := range runs {
		if !abandoned(r, now, staleAfter) {
			continue
		}
		rep, err := Rollback(ctx, st, r.ID)
		if err != nil {
			return out, err
		}
		out = append(out, Recovered{Run: r, Report: rep})
	}
	return out, nil
}

// abandoned reports whether run's importer is gone.
func abandoned(r shopmind.ImportRun, now time.Time, staleAfter time.Duration) bool {
	if now.Sub(r.Heartbeat) > staleAfter {
		return true
	}
	i := strings.LastIndexByte(r.Owner, ':')
	if me, _ := os.Hostname(); i < 0 || r.Owner[:i] != me {
		return false
	}
	n, err := strconv.Atoi(r.Owner[i+1:])
	if err != nil {
		return false
	}
	if n == os.Getpid() {
		return false // this process's own import, still running
	}
	return !processAlive(n)
}

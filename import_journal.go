package shopmind

import (
	"context"
	"time"
)

// Kinds of rows an import journals (ImportUndo.Kind).
const (
	UndoUser      = "user"
	UndoItem      = "item"
	UndoPersonal  = "personal" // keyed by user id
	UndoOrder     = "order"
	UndoReview    = "review"
	UndoPromotion = "promotion"
	UndoConsent   = "consent" // keyed by user id; Before is never nil (no consent reads as the zero one)
)

// ImportRun is an import that has begun and not ended (see ImportJournal).
type ImportRun struct {
	ID        int64     `json:"id"`
	Owner     string    `json:"owner"`      // who runs it: "host:pid"
	StartedAt time.Time `json:"started_at"` // when BeginImport ran
	Heartbeat time.Time `json:"heartbeat"`  // the last JournalImport; a stale one means the importer died
}

// ImportUndo restores one row an import wrote: the row's JSON (an Item,
// User, UserPersonal, Order, Review or Promotion, by Kind) from before the
// import touched it, or nil when the import created it.
type ImportUndo struct {
	Seq    int64  // journal order: undo the highest first
	Kind   string // one of the Undo* constants
	Key    string // the row's id (a user id for UndoPersonal)
	Before []byte // JSON of the row before the import; nil when there was none
}

// ImportJournal lets an import commit in many short transactions, so other
// writers get turns, and still be all or nothing: each batch's transaction
// records what it overwrites (JournalImport) and marks the events it adds
// (AddImportEvents), and a failed or abandoned import is undone from that
// journal (ingest.Rollback) while EndImport forgets the journal of one that
// finished. store/sqlite and store/postgres implement it, on the database
// and inside Tx.
type ImportJournal interface {
	// BeginImport records a new import run by owner and returns its id.
	BeginImport(ctx context.Context, owner string) (int64, error)
	// JournalImport records undos for import id, keeping the first one
	// recorded for a (Kind, Key) (later ones would hold the import's own
	// writes), and refreshes the import's heartbeat. Call it in the
	// transaction that writes the rows, before writing them.
	JournalImport(ctx context.Context, id int64, undos []ImportUndo) error
	// AddImportEvents is AddEvents for import id: the new events are marked
	// with it, so a rollback removes exactly them.
	AddImportEvents(ctx context.Context, id int64, events []*Event) (int, error)
	// ImportUndos returns up to limit undos of import id, highest Seq first.
	ImportUndos(ctx context.Context, id int64, limit int) ([]ImportUndo, error)
	// DropImportUndos forgets the undos of import id with Seq >= seq.
	DropImportUndos(ctx context.Context, id int64, seq int64) error
	// DeleteImportEvents deletes up to limit events added by import id and
	// returns how many it deleted.
	DeleteImportEvents(ctx context.Context, id int64, limit int) (int, error)
	// EndImport forgets import id and its undos; its events stay.
	EndImport(ctx context.Context, id int64) error
	// Imports lists the imports that have begun and not ended, oldest first.
	Imports(ctx context.Context) ([]ImportRun, error)
}

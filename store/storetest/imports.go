package storetest

import (
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// testImports checks the import journal (shopmind.ImportJournal): undos
// keep the first image of a row, events are marked with their import and
// deleted by it alone, and ended imports are forgotten.
func testImports(t *testing.T, open Opener) {
	s := open(t)
	j, ok := s.(shopmind.ImportJournal)
	if !ok {
		t.Skip("the store keeps no import journal")
	}
	api := &shopmind.Event{ID: "api", UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: base}
	_, err := s.AddEvents(ctx(), []*shopmind.Event{api})
	must(t, err)
	id, err := j.BeginImport(ctx(), "host:1")
	must(t, err)
	other, err := j.BeginImport(ctx(), "host:2")
	must(t, err)
	runs, err := j.Imports(ctx())
	must(t, err)
	equal(t, "runs", len(runs), 2)
	equal(t, "first run", runs[0].ID, id)
	equal(t, "owner", runs[0].Owner, "host:1")

	err = s.Tx(ctx(), func(tx shopmind.Store) error {
		tj := tx.(shopmind.ImportJournal)
		if err := tj.JournalImport(ctx(), id, []shopmind.ImportUndo{
			{Kind: shopmind.UndoItem, Key: "i1", Before: []byte(`{"id":"i1"}`)},
			{Kind: shopmind.UndoItem, Key: "i2"},
		}); err != nil {
			return err
		}
		// A later image of i1 is the import's own write: the first stays.
		if err := tj.JournalImport(ctx(), id, []shopmind.ImportUndo{
			{Kind: shopmind.UndoItem, Key: "i1", Before: []byte(`{"id":"i1","title":"later"}`)},
			{Kind: shopmind.UndoUser, Key: "u1"},
		}); err != nil {
			return err
		}
		n, err := tj.AddImportEvents(ctx(), id, []*shopmind.Event{
			{ID: "e1", UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: base},
			{ID: "e2", UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: base},
			api, // stored before: not the import's
		})
		equal(t, "new import events", n, 2)
		return err
	})
	must(t, err)
	_, err = j.AddImportEvents(ctx(), other, []*shopmind.Event{{ID: "e3", UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: base}})
	must(t, err)
	_, err = j.AddImportEvents(ctx(), other, []*shopmind.Event{{ID: "e1", UserID: "x", ItemID: "i", Type: shopmind.EventView, Time: base}})
	equal(t, "import event stored with other content", shopmind.ErrorCode(err), shopmind.ECONFLICT)

	undos, err := j.ImportUndos(ctx(), id, 10)
	must(t, err)
	equal(t, "undos", len(undos), 3)
	equal(t, "newest first", undos[0].Key, "u1")
	equal(t, "created", undos[0].Before == nil, true)
	equal(t, "first image kept", string(undos[2].Before), `{"id":"i1"}`)
	must(t, j.DropImportUndos(ctx(), id, undos[0].Seq))
	undos, err = j.ImportUndos(ctx(), id, 10)
	must(t, err)
	equal(t, "undos after drop", len(undos), 2)

	n, err := j.DeleteImportEvents(ctx(), id, 1)
	must(t, err)
	equal(t, "deleted (limit 1)", n, 1)
	n, err = j.DeleteImportEvents(ctx(), id, 10)
	must(t, err)
	equal(t, "deleted", n, 1)
	c, err := s.Counts(ctx())
	must(t, err)
	equal(t, "events left (the API's and the other import's)", c.Events, int64(2))

	must(t, j.EndImport(ctx(), id))
	runs, err = j.Imports(ctx())
	must(t, err)
	equal(t, "runs after end", len(runs), 1)
	undos, err = j.ImportUndos(ctx(), id, 10)
	must(t, err)
	equal(t, "undos after end", len(undos), 0)
	err = j.JournalImport(ctx(), id, nil)
	equal(t, "journal an ended import", shopmind.ErrorCode(err), shopmind.ENOTFOUND)
}

// testImportsSealed checks that a journaled before-image of personal data
// round-trips through a store with a data key (the store seals it, as
// user_personal's columns).
func testImportsSealed(t *testing.T, open Opener) {
	s := open(t)
	j, ok := s.(shopmind.ImportJournal)
	if !ok {
		t.Skip("the store keeps no import journal")
	}
	k := newKey(t)
	must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k)))
	id, err := j.BeginImport(ctx(), "host:1")
	must(t, err)
	before := []byte(`{"user_id":"u1","email":"ada@example.com"}`)
	must(t, j.JournalImport(ctx(), id, []shopmind.ImportUndo{
		{Kind: shopmind.UndoPersonal, Key: "u1", Before: before},
		{Kind: shopmind.UndoItem, Key: "i1", Before: []byte(`{"id":"i1"}`)},
	}))
	undos, err := j.ImportUndos(ctx(), id, 10)
	must(t, err)
	equal(t, "undos", len(undos), 2)
	equal(t, "personal before-image", string(undos[1].Before), string(before))
	equal(t, "item before-image", string(undos[0].Before), `{"id":"i1"}`)
}

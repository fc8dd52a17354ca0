package ingest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestImportML100KMini(t *testing.T) {
	st := newMemStore()
	rep := mustImport(t, st, Options{}, fixture("ml-100k-mini"))
	if want := []string{"u.user", "u.item", "u.data.gz"}; !reflect.DeepEqual(rep.Files, want) {
		t.Errorf("files = %v, want %v (split files and u.genre left out)", rep.Files, want)
	}
	if len(st.users) != 3 || len(st.items) != 3 || len(st.events) != 4 {
		t.Fatalf("stored %d users, %d items, %d events; want 3, 3, 4", len(st.users), len(st.items), len(st.events))
	}
	if want := map[string]string{"age": "53", "gender": "F", "occupation": "other", "zip": "94043"}; !reflect.DeepEqual(st.users["2"].Attributes, want) {
		t.Errorf("user 2 attributes = %v, want %v", st.users["2"].Attributes, want)
	}
	les := st.items["2"]
	if les.Title != "Misérables, Les (1995)" {
		t.Errorf("item 2 title = %q, want Latin-1 converted to UTF-8", les.Title)
	}
	if !reflect.DeepEqual(les.Tags, []string{"Drama", "Musical", "War"}) || !reflect.DeepEqual(les.Category, []string{"Drama"}) {
		t.Errorf("item 2 tags %q category %q", les.Tags, les.Category)
	}
	if les.Attributes["year"] != "1995" || les.Attributes["release_date"] != "01-Jan-1995" || !les.Active {
		t.Errorf("item 2 = %+v", les)
	}
	if unk := st.items["267"]; unk.Category != nil || !reflect.DeepEqual(unk.Tags, []string{"unknown"}) {
		t.Errorf("item 267 category %q tags %q, want no category", unk.Category, unk.Tags)
	}
	e := shopmind.Event{UserID: "1", ItemID: "2", Type: shopmind.EventRating, Value: 3, Time: time.Unix(876893171, 0).UTC()}
	e.ID = shopmind.EventID(&e)
	if got, ok := st.events[e.ID]; !ok || !got.Time.Equal(e.Time) {
		t.Errorf("rating event for user 1 item 2 missing or wrong: %+v", got)
	}
	if rep.Users != 3 {
		t.Errorf("report users = %d, want 3 (ratings' users already existed)", rep.Users)
	}

	before := st.snapshot()
	rep = mustImport(t, st, Options{}, fixture("ml-100k-mini"))
	if rep.NewEvents != 0 {
		t.Errorf("second import added %d events", rep.NewEvents)
	}
	assertSame(t, before, st)
}

func TestImportMLLatestMini(t *testing.T) {
	st := newMemStore()
	st.users["1"] = shopmind.User{ID: "1", Attributes: map[string]string{"kept": "yes"}}
	rep := mustImport(t, st, Options{}, fixture("ml-latest-mini"))
	if want := []string{"movies.csv", "ratings.csv"}; !reflect.DeepEqual(rep.Files, want) {
		t.Errorf("files = %v, want %v", rep.Files, want)
	}
	if len(st.items) != 3 || len(st.events) != 3 || len(st.users) != 2 || rep.Users != 1 {
		t.Fatalf("items %d events %d users %d (report %d); want 3, 3, 2, 1", len(st.items), len(st.events), len(st.users), rep.Users)
	}
	if st.users["1"].Attributes["kept"] != "yes" {
		t.Error("existing user 1 was overwritten by the bare user a rating implies")
	}
	if it := st.items["11"]; it.Title != "American President, The (1995)" || len(it.Tags) != 3 {
		t.Errorf("item 11 = %+v", it)
	}
	if it := st.items["99"]; it.Tags != nil || it.Category != nil {
		t.Errorf("item 99 tags %q category %q, want none for (no genres listed)", it.Tags, it.Category)
	}
	var half bool
	for _, e := range st.events {
		half = half || e.Value == 0.5
	}
	if !half {
		t.Error("no 0.5-star rating stored")
	}
}

func TestImportMLBadRow(t *testing.T) {
	const data = "1\t1\t5\t874965758\n1\t2\tfive\t876893171\n2\t1\t4\n"
	st := newMemStore()
	f := File{Path: "u.data", Format: FormatMovieLens, Kind: KindML100KData, Entity: EntityEvents}
	f.Open = memFile("u.data", "", "", data).Open
	_, err := ImportFiles(context.Background(), st, []File{f}, Options{})
	if want := `u.data:2: column "rating": "five" is not a number`; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if len(st.events) != 0 || len(st.users) != 0 {
		t.Errorf("store changed: %d events, %d users", len(st.events), len(st.users))
	}
	rep, err := ImportFiles(context.Background(), st, []File{f}, Options{OnError: Skip})
	if err != nil || rep.Skipped != 2 || rep.NewEvents != 1 {
		t.Fatalf("skip: err %v report %+v", err, rep)
	}
	if want := "u.data:3: wrong number of fields: 3, want 4"; rep.Errors[1].Error() != want {
		t.Errorf("second error = %s, want %s", rep.Errors[1], want)
	}
}

// mlDataDir finds the real MovieLens 100K data, or skips.
func mlDataDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data")
	if d := os.Getenv("SHOPMIND_DATA"); d != "" {
		dir = d
	}
	dir = filepath.Join(dir, "movielens-100k")
	if _, err := os.Stat(filepath.Join(dir, "u.item")); err != nil {
		t.Skipf("MovieLens 100K not found at %s (set SHOPMIND_DATA): %v", dir, err)
	}
	return dir
}

func TestImportML100KReal(t *testing.T) {
	dir := mlDataDir(t)
	st := newMemStore()
	rep := mustImport(t, st, Options{}, dir)
	if len(st.users) != 943 || len(st.items) != 1682 || len(st.events) != 100000 {
		t.Fatalf("stored %d users, %d items, %d events; want 943, 1682, 100000", len(st.users), len(st.items), len(st.events))
	}
	if rep.Rows != 943+1682+100000 || rep.Skipped != 0 {
		t.Errorf("rows %d skipped %d", rep.Rows, rep.Skipped)
	}
	rep = mustImport(t, st, Options{}, dir)
	if rep.NewEvents != 0 || len(st.events) != 100000 || len(st.users) != 943 || len(st.items) != 1682 {
		t.Errorf("second import changed counts: new events %d", rep.NewEvents)
	}
}

func TestImportML1MMini(t *testing.T) {
	st := newMemStore()
	rep := mustImport(t, st, Options{}, fixture("ml-1m-mini"))
	if want := []string{"users.dat", "movies.dat", "ratings.dat"}; !reflect.DeepEqual(rep.Files, want) {
		t.Errorf("files = %v, want %v", rep.Files, want)
	}
	if len(st.users) != 2 || len(st.items) != 2 || len(st.events) != 3 {
		t.Fatalf("stored %d users, %d items, %d events; want 2, 2, 3", len(st.users), len(st.items), len(st.events))
	}
	if it := st.items["2"]; it.Title != "Misérables, Les (1995)" || !reflect.DeepEqual(it.Tags, []string{"Drama", "Musical", "War"}) {
		t.Errorf("item 2 = %+v", it)
	}
	if u := st.users["2"]; u.Attributes["age"] != "56" || u.Attributes["gender"] != "M" {
		t.Errorf("user 2 = %+v", u)
	}
}

package ingest

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

var fuzzNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// fuzzTables are the entity files FuzzImportTable reads, by selector.
var fuzzTables = []struct {
	entity Entity
	format Format
}{
	{EntityItems, FormatCSV}, {EntityUsers, FormatCSV}, {EntityEvents, FormatCSV}, {EntityReviews, FormatCSV},
	{EntityItems, FormatJSONL}, {EntityUsers, FormatJSONL}, {EntityEvents, FormatJSONL}, {EntityReviews, FormatJSONL},
	{EntityItems, FormatTSV},
}

// fuzzMovieLens are the MovieLens kinds FuzzImportMovieLens reads, by selector.
var fuzzMovieLens = []Kind{KindML100KData, KindMLRatingsCSV, KindML100KItem, KindML100KUser,
	KindMLMoviesCSV, KindML1MRatings, KindML1MMovies, KindML1MUsers}

// fuzzImport imports data as one file under policy into a new memStore.
func fuzzImport(f File, data string, policy ErrorPolicy) (*memStore, *Report, error) {
	st := newMemStore()
	f = memFile(f.Path, f.Format, f.Entity, data)
	f.Kind = fuzzKind(f.Path)
	rep, err := ImportFiles(context.Background(), st, []File{f}, Options{OnError: policy, BatchSize: 3, Now: func() time.Time { return fuzzNow }})
	return st, rep, err
}

// fuzzPlatforms are the hosted-shop exports FuzzImportPlatform reads.
var fuzzPlatforms = []Kind{KindShopifyProducts, KindShopifyOrders, KindShopifyCustomers, KindWooProducts, KindWooOrders}

func fuzzKind(path string) Kind {
	for _, k := range append(fuzzMovieLens, fuzzPlatforms...) {
		if string(k) == path {
			return k
		}
	}
	return KindNone
}

// checkImport asserts what holds for any input: the import either succeeds
// or fails with a RowError (EINVALID, naming the line or the file) or a
// ReadError, never anything else; what was stored is valid as the API
// would check it; under Skip, every data row is either stored or counted
// as skipped; and under Abort the same input is all or nothing: it imports
// the same records when nothing was skipped, and leaves the store empty
// with an EINVALID error otherwise.
func checkImport(t *testing.T, f File, data string, table bool) {
	st, rep, err := fuzzImport(f, data, Skip)
	if err != nil {
		var re *RowError
		var rd *ReadError
		switch {
		case errors.As(err, &re):
			if shopmind.ErrorCode(err) != shopmind.EINVALID || re.File == "" || re.Reason == "" {
				t.Fatalf("row error %#v: want EINVALID naming the file and a reason", re)
			}
		case errors.As(err, &rd):
		default:
			t.Fatalf("import failed with %T %v: want a RowError or a ReadError", err, err)
		}
		if n := len(st.items) + len(st.users) + len(st.events) + len(st.reviews); n != 0 {
			t.Fatalf("a failed import left %d records", n)
		}
		return
	}
	for id, it := range st.items {
		if err := it.Validate(); err != nil || id != it.ID {
			t.Errorf("stored item %q is invalid: %v", id, err)
		}
	}
	for id, u := range st.users {
		if err := u.Validate(); err != nil || id != u.ID {
			t.Errorf("stored user %q is invalid: %v", id, err)
		}
	}
	for id, r := range st.reviews {
		if err := r.Validate(); err != nil || id != r.ID {
			t.Errorf("stored review %q is invalid: %v", id, err)
		}
	}
	for id, e := range st.events {
		if err := e.ValidateAt(fuzzNow, shopmind.DefaultEventSkew); err != nil {
			t.Errorf("stored event %q is invalid: %v", id, err)
		}
	}
	for _, re := range rep.Errors {
		if re.Line <= 0 || re.Reason == "" || shopmind.ErrorCode(re) != shopmind.EINVALID {
			t.Errorf("skipped row error %#v: want a line, a reason and EINVALID", re)
		}
	}
	if table {
		if got := rep.Items + rep.Users + rep.Events + rep.Reviews + rep.Skipped; got != rep.Rows {
			t.Errorf("rows %d, but stored %d + skipped %d", rep.Rows, got-rep.Skipped, rep.Skipped)
		}
	}
	ast, arep, aerr := fuzzImport(f, data, Abort)
	switch {
	case rep.Skipped == 0 && aerr != nil:
		t.Fatalf("nothing skipped under Skip, but Abort failed: %v", aerr)
	case rep.Skipped == 0 && (arep.Items != rep.Items || arep.Users != rep.Users || arep.Events != rep.Events || arep.Reviews != rep.Reviews):
		t.Fatalf("Abort imported %+v, Skip %+v", arep, rep)
	case rep.Skipped > 0 && shopmind.ErrorCode(aerr) != shopmind.EINVALID:
		t.Fatalf("%d rows skipped under Skip, but Abort returned %v", rep.Skipped, aerr)
	case rep.Skipped > 0 && len(ast.items)+len(ast.users)+len(ast.events)+len(ast.reviews) != 0:
		t.Fatalf("Abort on a bad row left records in the store")
	}
}

// addFixture adds a fixture file's content as a seed, when present.
func addFixture(f *testing.F, sel byte, parts ...string) {
	b, err := os.ReadFile(fixture(parts...))
	if err != nil {
		f.Fatalf("seed: %v", err)
	}
	f.Add(sel, string(b))
}

// FuzzImportTable imports arbitrary CSV, TSV and JSON Lines files of items,
// users, events and reviews (see checkImport).
func FuzzImportTable(f *testing.F) {
	addFixture(f, 0, "shop", "items.csv")
	addFixture(f, 1, "shop", "users.csv")
	addFixture(f, 2, "shop", "events.csv")
	addFixture(f, 7, "shop", "reviews.jsonl")
	addFixture(f, 4, "jsonl", "items.jsonl")
	f.Add(byte(3), "id,item_id,user_id,rating,text\nr1,sku-1,u1,5,\"Great, \"\"really\"\"\"\nr1,sku-2,,6,dup\n")
	f.Add(byte(6), `{"user_id":"u1","item_id":"sku-1","type":"view","time":"2024-03-02T09:00:00Z"}`+"\n\n{\"user_id\":1}\n[]\n")
	f.Add(byte(5), `{"id":"u1","attributes":{"country":"DE"},"created_at":1710072000}`+"\n")
	f.Add(byte(8), "id\ttitle\tprice\tcategory\nsku-9\tMug\t9.5\tHome > Kitchen\nsku-10\t\t-1\t\n")
	f.Fuzz(func(t *testing.T, sel byte, data string) {
		tb := fuzzTables[int(sel)%len(fuzzTables)]
		checkImport(t, File{Path: string(tb.entity) + "." + string(tb.format), Format: tb.format, Entity: tb.entity}, data, true)
	})
}

// FuzzImportMovieLens imports arbitrary files as each MovieLens kind (see
// checkImport).
func FuzzImportMovieLens(f *testing.F) {
	addFixture(f, 2, "ml-100k-mini", "u.item")
	addFixture(f, 3, "ml-100k-mini", "u.user")
	addFixture(f, 0, "ml-100k-mini", "u1.base")
	addFixture(f, 4, "ml-latest-mini", "movies.csv")
	addFixture(f, 5, "ml-1m-mini", "ratings.dat")
	addFixture(f, 6, "ml-1m-mini", "movies.dat")
	addFixture(f, 7, "ml-1m-mini", "users.dat")
	f.Add(byte(1), "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,9,964981247\n")
	f.Fuzz(func(t *testing.T, sel byte, data string) {
		k := fuzzMovieLens[int(sel)%len(fuzzMovieLens)]
		checkImport(t, File{Path: string(k), Format: FormatMovieLens, Entity: EntityEvents}, data, false)
	})
}

// FuzzImportPlatform imports arbitrary files as each Shopify and WooCommerce
// export (see checkImport); orders alone name no known product, so their
// rows are bad rows, never a panic or a store error.
func FuzzImportPlatform(f *testing.F) {
	addFixture(f, 0, "shopify", "products_export_1.csv")
	addFixture(f, 1, "shopify", "orders_export_1.csv")
	addFixture(f, 2, "shopify", "customers_export.csv")
	addFixture(f, 3, "woocommerce", "wc-product-export-1-12-2026.csv")
	addFixture(f, 4, "woocommerce", "order_export_2026-12-01.csv")
	f.Add(byte(0), "Handle,Title,Variant Price,Option1 Name,Option1 Value\nh,T,1.5,Size,S\nh,,x,,M\n,,,,\n")
	f.Fuzz(func(t *testing.T, sel byte, data string) {
		k := fuzzPlatforms[int(sel)%len(fuzzPlatforms)]
		checkImport(t, File{Path: string(k), Format: FormatCSV, Entity: k.entity()}, data, false)
	})
}

package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// fixture returns a path under the repository's testdata/import.
func fixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "testdata", "import"}, parts...)...)
}

// mustImport imports paths into st and fails the test on error.
func mustImport(t *testing.T, st shopmind.Store, opts Options, paths ...string) *Report {
	t.Helper()
	rep, err := Import(context.Background(), st, paths, opts)
	if err != nil {
		t.Fatalf("import %v: %v", paths, err)
	}
	return rep
}

func TestImportShop(t *testing.T) {
	st := newMemStore()
	rep := mustImport(t, st, Options{BatchSize: 2}, fixture("shop"))

	wantFiles := []string{"users.csv", "items.csv", "personal.csv", "orders.csv", "reviews.jsonl", "events.csv"}
	if !reflect.DeepEqual(rep.Files, wantFiles) {
		t.Errorf("files = %v, want %v (dependency order)", rep.Files, wantFiles)
	}
	got := [7]int64{rep.Users, rep.Items, rep.Personal, rep.Orders, rep.Reviews, rep.Events, rep.NewEvents}
	if want := [7]int64{3, 3, 2, 2, 3, 5, 5}; got != want {
		t.Errorf("report users,items,personal,orders,reviews,events,new = %v, want %v", got, want)
	}
	if rep.Rows != 3+3+2+3+3+5 {
		t.Errorf("rows = %d, want 19", rep.Rows)
	}

	sku1 := st.items["sku-1"]
	if want := []string{"Clothing", "Shoes", "Running"}; !reflect.DeepEqual(sku1.Category, want) {
		t.Errorf("sku-1 category = %q, want %q", sku1.Category, want)
	}
	if want := map[string]string{"color": "red", "size": "42"}; !reflect.DeepEqual(sku1.Attributes, want) {
		t.Errorf("sku-1 attributes = %v, want %v", sku1.Attributes, want)
	}
	if sku1.Description != `Light shoe, "grippy" sole` || sku1.Price != 89.9 || sku1.Stock != 12 || !sku1.Active {
		t.Errorf("sku-1 = %+v", sku1)
	}
	if !reflect.DeepEqual(sku1.Tags, []string{"running", "trail"}) {
		t.Errorf("sku-1 tags = %q", sku1.Tags)
	}
	if want := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC); !sku1.CreatedAt.Equal(want) {
		t.Errorf("sku-1 created_at = %v, want %v", sku1.CreatedAt, want)
	}
	if sku2 := st.items["sku-2"]; !sku2.Active || !sku2.CreatedAt.Equal(time.Unix(1709287200, 0)) {
		t.Errorf("sku-2 active=%v created_at=%v, want active by default and unix time", sku2.Active, sku2.CreatedAt)
	}
	if st.items["sku-3"].Active {
		t.Error("sku-3 active, want false as given")
	}
	if u := st.users["u1"]; u.Attributes["country"] != "DE" || u.Attributes["segment"] != "vip" {
		t.Errorf("u1 attributes = %v", u.Attributes)
	}
	if p := st.personal["u1"]; p.Address != "Hauptstr. 1, Berlin" || p.Email != "ada@example.com" {
		t.Errorf("u1 personal = %+v", p)
	}
	o1 := st.orders["o1"]
	if len(o1.Lines) != 2 || o1.Lines[1] != (shopmind.OrderLine{ItemID: "sku-2", Quantity: 1, UnitPrice: 120}) || o1.Total != 209.9 {
		t.Errorf("o1 = %+v, want two lines grouped from consecutive rows", o1)
	}
	if o2 := st.orders["o2"]; o2.Total != 19 || len(o2.History) != 1 || o2.History[0].Status != shopmind.OrderDelivered {
		t.Errorf("o2 = %+v, want total computed from lines and a history entry", o2)
	}
	if r2 := st.reviews["r2"]; r2.Rating != 2 || !r2.CreatedAt.Equal(time.Unix(1710072000, 0)) || r2.UserID != "" {
		t.Errorf("r2 = %+v", r2)
	}
	if r3 := st.reviews["r3"]; r3.Text != "Très confortable." {
		t.Errorf("r3 text = %q", r3.Text)
	}
	var rating *shopmind.Event
	for _, e := range st.events {
		if e.Type == shopmind.EventRating {
			rating = &e
		}
	}
	if rating == nil || rating.Value != 4 || !rating.Time.Equal(time.Date(2024, 3, 3, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("rating event = %+v", rating)
	}

	// Importing the same files again changes nothing.
	before := st.snapshot()
	rep = mustImport(t, st, Options{}, fixture("shop"))
	if rep.NewEvents != 0 || rep.Events != 5 {
		t.Errorf("second import: events %d new %d, want 5 and 0", rep.Events, rep.NewEvents)
	}
	assertSame(t, before, st)
}

func TestImportJSONL(t *testing.T) {
	st := newMemStore()
	st.users["ju"] = shopmind.User{ID: "ju"}
	rep := mustImport(t, st, Options{}, fixture("jsonl", "items.jsonl"), fixture("jsonl", "orders.jsonl"))
	if rep.Items != 2 || rep.Orders != 1 {
		t.Fatalf("report = %+v", rep)
	}
	j1 := st.items["j-1"]
	if !reflect.DeepEqual(j1.Category, []string{"Home", "Kitchen"}) || j1.Attributes["volume_ml"] != "350" ||
		j1.Attributes["dishwasher"] != "true" || j1.Stock != 40 || !j1.Active {
		t.Errorf("j-1 = %+v", j1)
	}
	j2 := st.items["j-2"]
	if !reflect.DeepEqual(j2.Category, []string{"Home", "Kitchen"}) || j2.Price != 24 || j2.Active ||
		!reflect.DeepEqual(j2.Tags, []string{"tea", "gift"}) || j2.Attributes["material"] != "clay" {
		t.Errorf("j-2 = %+v", j2)
	}
	o := st.orders["jo-1"]
	if len(o.Lines) != 1 || o.Total != 15 || len(o.History) != 2 || o.Status != shopmind.OrderShipped {
		t.Errorf("jo-1 = %+v", o)
	}
}

// assertSame fails unless the two stores hold the same data.
func assertSame(t *testing.T, want, got *memStore) {
	t.Helper()
	for _, c := range []struct {
		name      string
		want, got any
	}{
		{"items", want.items, got.items}, {"users", want.users, got.users}, {"personal", want.personal, got.personal},
		{"events", want.events, got.events}, {"orders", want.orders, got.orders}, {"reviews", want.reviews, got.reviews},
	} {
		if !reflect.DeepEqual(c.want, c.got) {
			t.Errorf("store %s changed:\nwant %v\n got %v", c.name, c.want, c.got)
		}
	}
}

func TestImportBadRows(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		wantErr string
		fatal   bool  // also fails under Skip
		good    int64 // rows imported under Skip
	}{
		{"FieldCount", fixture("bad", "fieldcount", "events.csv"),
			`events.csv:3: wrong number of fields: 6, the header has 5`, false, 2},
		{"BadQuote", fixture("bad", "quote", "events.csv"),
			`events.csv:3: malformed CSV at character 8: bare " in non-quoted-field`, false, 2},
		{"UnknownColumn", fixture("bad", "unknown-column", "items.csv"),
			`items.csv:1: column "colour": unknown column for items; known: active, attributes, brand, category, created_at, currency, description, id, images, price, stock, tags, title, updated_at, attr.<name>`, true, 0},
		{"WrongType", fixture("bad", "wrong-type", "events.csv"),
			`events.csv:4: column "value": "abc" is not a number`, false, 2},
		{"DuplicateID", fixture("bad", "duplicate-id", "items.csv"),
			`items.csv:4: column "id": duplicate id "sku-8" (first on line 2)`, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			mustImport(t, st, Options{}, fixture("shop"))

			before := st.snapshot()
			_, err := Import(context.Background(), st, []string{tt.path}, Options{})
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("abort: err = %v, want %s", err, tt.wantErr)
			}
			var re *RowError
			if !errors.As(err, &re) || shopmind.ErrorCode(err) != shopmind.EINVALID {
				t.Errorf("abort: err %T code %q, want *RowError with EINVALID", err, shopmind.ErrorCode(err))
			}
			assertSame(t, before, st)

			rep, err := Import(context.Background(), st, []string{tt.path}, Options{OnError: Skip})
			if tt.fatal {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("skip: err = %v, want %s", err, tt.wantErr)
				}
				assertSame(t, before, st)
				return
			}
			if err != nil {
				t.Fatalf("skip: %v", err)
			}
			if rep.Skipped != 1 || len(rep.Errors) != 1 || rep.Errors[0].Error() != tt.wantErr {
				t.Fatalf("skip: skipped %d errors %v, want 1: %s", rep.Skipped, rep.Errors, tt.wantErr)
			}
			if n := rep.Items + rep.NewEvents; n != tt.good {
				t.Errorf("skip: imported %d rows, want %d", n, tt.good)
			}
		})
	}
}

func TestImportSkipCapsErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("user_id,item_id,type,value,time\n")
	for i := 0; i < 250; i++ {
		b.WriteString("u1,sku-1,view,x,2024-01-01\n")
	}
	b.WriteString("u1,sku-1,view,1,2024-01-01\n")
	st := newMemStore()
	rep, err := ImportFiles(context.Background(), st, []File{memFile("events.csv", FormatCSV, EntityEvents, b.String())}, Options{OnError: Skip, MaxErrors: 10})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 250 || len(rep.Errors) != 10 || rep.NewEvents != 1 {
		t.Errorf("skipped %d, listed %d, new events %d; want 250, 10, 1", rep.Skipped, len(rep.Errors), rep.NewEvents)
	}
	if want := `events.csv:11: column "value": "x" is not a number`; rep.Errors[9].Error() != want {
		t.Errorf("tenth error = %s, want %s", rep.Errors[9], want)
	}
}

func TestImportStoreErrorRollsBack(t *testing.T) {
	st := newMemStore()
	mustImport(t, st, Options{}, fixture("shop", "users.csv"), fixture("shop", "items.csv"))
	before := st.snapshot()
	st.failAddEvents = errors.New("disk full")
	_, err := Import(context.Background(), st, []string{fixture("shop")}, Options{OnError: Skip})
	if err == nil || !strings.Contains(err.Error(), "events.csv: add events: disk full") {
		t.Fatalf("err = %v, want the store error with the file", err)
	}
	assertSame(t, before, st)
}

func TestImportPersonalNeedsUser(t *testing.T) {
	const data = "user_id,email\nu1,a@example.com\nghost,g@example.com\n"
	for _, policy := range []ErrorPolicy{Abort, Skip} {
		t.Run(policy.String(), func(t *testing.T) {
			st := newMemStore()
			st.users["u1"] = shopmind.User{ID: "u1"}
			rep, err := ImportFiles(context.Background(), st, []File{memFile("people.csv", FormatCSV, EntityPersonal, data)}, Options{OnError: policy})
			const want = `people.csv:3: column "user_id": user "ghost" does not exist; import users first`
			if policy == Abort {
				if err == nil || err.Error() != want || len(st.personal) != 0 {
					t.Fatalf("err = %v, personal %v; want %s and nothing stored", err, st.personal, want)
				}
				return
			}
			if err != nil || rep.Personal != 1 || len(rep.Errors) != 1 || rep.Errors[0].Error() != want {
				t.Fatalf("err = %v, report %+v", err, rep)
			}
		})
	}
}

func TestImportOrderErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"BadLineQuantity", "id,user_id,status,item_id,quantity,unit_price\no1,u1,paid,a,1,2\no1,,,b,0,2\n",
			`orders.csv:3: column "quantity": quantity must be at least 1`},
		{"Conflict", "id,user_id,status,item_id,quantity,unit_price\no1,u1,paid,a,1,2\no1,u2,,b,1,2\n",
			`orders.csv:3: column "user_id": differs from line 2 of the same order`},
		{"Repeated", "id,user_id,status,item_id,quantity,unit_price\no1,u1,paid,a,1,2\no2,u1,paid,a,1,2\no1,u1,paid,b,1,2\n",
			`orders.csv:4: column "id": duplicate id "o1" (first on line 2)`},
		{"BadStatus", "id,user_id,status,lines\no1,u1,lost,\"[{\"\"item_id\"\":\"\"a\"\",\"\"quantity\"\":1,\"\"unit_price\"\":2}]\"\n",
			`orders.csv:2: column "status": status "lost" is not one of pending, paid, shipped, delivered, cancelled, returned, refunded`},
		{"BadLinesJSON", "id,user_id,status,lines\no1,u1,paid,\"[{\"\"sku\"\":\"\"a\"\"}]\"\n",
			`orders.csv:2: column "lines": "[{\"sku\":\"a\"}]" is not an array of {item_id, quantity, unit_price}: json: unknown field "sku"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			_, err := ImportFiles(context.Background(), st, []File{memFile("orders.csv", FormatCSV, EntityOrders, tt.data)}, Options{})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			if len(st.orders) != 0 {
				t.Errorf("orders stored after a failed import: %v", st.orders)
			}
		})
	}
}

func TestImportProgress(t *testing.T) {
	st := newMemStore()
	var got []Status
	mustImport(t, st, Options{BatchSize: 2, Progress: ProgressFunc(func(s Status) { got = append(got, s) })}, fixture("shop"))
	if len(got) < 5 {
		t.Fatalf("progress called %d times, want one per batch", len(got))
	}
	last := got[len(got)-1]
	if !last.Done || last.Rows != 19 || last.BytesRead != last.BytesTotal || last.BytesTotal == 0 || last.Fraction() != 1 {
		t.Errorf("last status = %+v", last)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Rows < got[i-1].Rows || got[i].BytesRead < got[i-1].BytesRead {
			t.Errorf("progress went backwards: %+v then %+v", got[i-1], got[i])
		}
	}
}

func TestImportCancelRollsBack(t *testing.T) {
	st := newMemStore()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	opts := Options{BatchSize: 1, Progress: ProgressFunc(func(Status) {
		calls++
		cancel() // as if the user pressed Ctrl-C after the first batch
	})}
	_, err := Import(ctx, st, []string{fixture("shop")}, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls == 0 {
		t.Fatal("progress never called")
	}
	assertSame(t, newMemStore(), st)
}

func TestImportJSONLErrors(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"InvalidJSON", `{"id":"a","title":`, `items.jsonl:2: invalid JSON: unexpected end of JSON input`},
		{"NotObject", `["a"]`, `items.jsonl:2: invalid JSON: cannot unmarshal array into Go value of type map[string]json.RawMessage`},
		{"UnknownKey", `{"id":"a","title":"A","colour":"red"}`, `items.jsonl:2: column "colour": unknown field for items; known: active, attributes, brand, category, created_at, currency, description, id, images, price, stock, tags, title, updated_at, attr.<name>`},
		{"WrongType", `{"id":"a","title":"A","price":"cheap"}`, `items.jsonl:2: column "price": "cheap" is not a number`},
		{"ObjectForNumber", `{"id":"a","title":"A","stock":{"n":1}}`, `items.jsonl:2: column "stock": "{\"n\":1}" is not a string, number or boolean`},
		{"Invalid", `{"id":"a","title":"A","price":-1}`, `items.jsonl:2: column "price": price must be a finite number >= 0`},
		{"Duplicate", `{"id":"ok","title":"Again"}`, `items.jsonl:2: column "id": duplicate id "ok" (first on line 1)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			data := `{"id":"ok","title":"Fine"}` + "\n" + tt.line + "\n"
			_, err := ImportFiles(context.Background(), st, []File{memFile("items.jsonl", FormatJSONL, EntityItems, data)}, Options{})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			if len(st.items) != 0 {
				t.Errorf("items stored after a failed import: %v", st.items)
			}
			rep, err := ImportFiles(context.Background(), st, []File{memFile("items.jsonl", FormatJSONL, EntityItems, data)}, Options{OnError: Skip})
			if err != nil || rep.Items != 1 || rep.Skipped != 1 {
				t.Errorf("skip: err %v, report %+v; want 1 item and 1 skipped", err, rep)
			}
		})
	}
}

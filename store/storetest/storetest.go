// Package storetest is the conformance suite every shopmind.Store passes.
//
// A store package runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(tb testing.TB) shopmind.Store {
//			db := MustOpen(tb) // new and empty; closed in tb.Cleanup
//			return db
//		})
//	}
//
// Every subtest opens its own store, so subtests never see each other's
// data. The store's clock must be the real one: the suite checks stamped
// times against time.Now.
package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// Opener returns a new, empty store and arranges for it to be closed when
// the test ends (tb.Cleanup).
type Opener func(testing.TB) shopmind.Store

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open func(testing.TB) shopmind.Store) {
	groups := []struct {
		name string
		run  func(*testing.T, Opener)
	}{
		{"Items", testItems},
		{"Users", testUsers},
		{"Events", testEvents},
		{"UserEvents", testUserEvents},
		{"ConcurrentEvents", testConcurrentEvents},
		{"Orders", testOrders},
		{"Reviews", testReviews},
		{"Images", testImages},
		{"Models", testModels},
		{"Keys", testKeys},
		{"Experiments", testExperiments},
		{"Conversations", testConversations},
		{"Promotions", testPromotions},
		{"Audit", testAudit},
		{"Erasure", testErasure},
		{"Consents", testConsents},
		{"Retention", testRetention},
		{"Counts", testCounts},
		{"EventSpan", testEventSpan},
		{"Tx", testTx},
		{"Imports", testImports},
		{"ImportsSealed", testImportsSealed},
		{"Context", testContext},
		{"Paging", testPaging},
		{"Sealing", testSealing},
		// With personal data sealed, the groups that hold it pass alike.
		{"SealedUsers", func(t *testing.T, open Opener) { testUsers(t, withKeys(open)) }},
		{"SealedConversations", func(t *testing.T, open Opener) { testConversations(t, withKeys(open)) }},
		{"SealedTx", func(t *testing.T, open Opener) { testTx(t, withKeys(open)) }},
		{"Coordinator", testCoordinator},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.run(t, open) })
	}
}

// base is a time with nanoseconds and a non-UTC zone: stores must return it
// in UTC, truncated to the microsecond.
var base = time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.FixedZone("CET", 3600))

// stored returns t as a store gives it back.
func stored(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// clock brackets a store's "now": times stamped between start and check
// must fall between them.
type clock struct{ start time.Time }

func startClock() clock { return clock{start: time.Now().UTC().Truncate(time.Microsecond)} }

// check fails unless got was stamped after the clock started and by now,
// in UTC at microsecond precision.
func (c clock) check(t *testing.T, what string, got time.Time) {
	t.Helper()
	end := time.Now().UTC()
	if got.Before(c.start) || got.After(end) {
		t.Errorf("%s = %v, want a time between %v and %v", what, got, c.start, end)
	}
	if got.Location() != time.UTC || got.Nanosecond()%1000 != 0 {
		t.Errorf("%s = %v, want UTC with microsecond precision", what, got)
	}
}

// pause makes the next stamped time differ from the last one.
func pause() { time.Sleep(3 * time.Millisecond) }

func ctx() context.Context { return context.Background() }

// must fails the test now on an error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails unless err is a shopmind error with the given code and,
// when field is not "", that field.
func wantCode(t testing.TB, err error, code, field string) {
	t.Helper()
	if got := shopmind.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
	if field != "" && shopmind.ErrorField(err) != field {
		t.Fatalf("error %v: field %q, want %q", err, shopmind.ErrorField(err), field)
	}
}

// equal fails unless got and want are deeply equal.
func equal(t testing.TB, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %s\nwant %s", what, dump(got), dump(want))
	}
}

// dump prints v with pointers followed, so diffs are readable.
func dump(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice {
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = dump(rv.Index(i).Interface())
		}
		if rv.IsNil() {
			return "nil"
		}
		return "[" + strings.Join(parts, ",\n  ") + "]"
	}
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return "&" + fmt.Sprintf("%+v", rv.Elem().Interface())
	}
	return fmt.Sprintf("%+v", v)
}

// ids returns the ID of every element of a slice of pointers to structs with
// an ID field.
func ids[T any](xs []*T) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, reflect.ValueOf(x).Elem().FieldByName("ID").String())
	}
	return out
}

// collect pages through a list call with the given page size and returns
// every element. It fails when a page is larger than limit, when a page is
// empty but a cursor was returned, or after too many pages.
func collect[T any](t testing.TB, limit int, list func(after string, limit int) ([]*T, string, error)) []*T {
	t.Helper()
	var all []*T
	after := ""
	for pages := 0; ; pages++ {
		if pages > 10_000 {
			t.Fatal("pagination does not end")
		}
		got, next, err := list(after, limit)
		must(t, err)
		if len(got) > limit {
			t.Fatalf("page of %d, want at most %d", len(got), limit)
		}
		all = append(all, got...)
		if next == "" {
			return all
		}
		if len(got) != limit {
			t.Fatalf("page of %d with a next cursor, want a full page of %d", len(got), limit)
		}
		after = next
	}
}

func ptr[T any](v T) *T { return &v }

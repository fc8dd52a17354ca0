package shopmind_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"

	"github.com/shopmind/shopmind"
)

// numbers lists 1..n in pages of size, its cursor the last number given,
// and records the cursors it was called with.
type numbers struct {
	n, size int
	calls   []string
	failAt  string // a cursor that gives an error
}

func (l *numbers) list(ctx context.Context, after string) ([]int, string, error) {
	l.calls = append(l.calls, after)
	if after == l.failAt {
		return nil, "", errors.New("boom")
	}
	start := 0
	if after != "" {
		start, _ = strconv.Atoi(after)
	}
	var page []int
	for i := start + 1; i <= l.n && len(page) < l.size; i++ {
		page = append(page, i)
	}
	next := ""
	if len(page) > 0 && page[len(page)-1] < l.n {
		next = strconv.Itoa(page[len(page)-1])
	}
	return page, next, nil
}

func TestPages(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		l := &numbers{n: 7, size: 3, failAt: "-"}
		var got [][]int
		for page, err := range shopmind.Pages(ctx, l.list) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page)
		}
		if want := [][]int{{1, 2, 3}, {4, 5, 6}, {7}}; !reflect.DeepEqual(got, want) {
			t.Fatalf("pages %v, want %v", got, want)
		}
		if want := []string{"", "3", "6"}; !reflect.DeepEqual(l.calls, want) {
			t.Fatalf("cursors %q, want %q", l.calls, want)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		l := &numbers{n: 0, size: 3, failAt: "-"}
		all, err := shopmind.Collect(ctx, nil, l.list)
		if err != nil || len(all) != 0 || len(l.calls) != 1 {
			t.Fatalf("all %v, err %v, calls %q", all, err, l.calls)
		}
	})
	t.Run("EmptyPageEnds", func(t *testing.T) {
		// A page with no rows ends the iteration even with a cursor, so a
		// cursor that does not advance cannot loop forever.
		calls := 0
		list := func(ctx context.Context, after string) ([]int, string, error) {
			calls++
			return nil, "same", nil
		}
		for range shopmind.Pages(ctx, list) {
		}
		if calls != 1 {
			t.Fatalf("%d calls, want 1", calls)
		}
	})
	t.Run("Break", func(t *testing.T) {
		l := &numbers{n: 100, size: 10, failAt: "-"}
		var got []int
		for x, err := range shopmind.All(ctx, l.list) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, x)
			if x == 15 {
				break
			}
		}
		if len(got) != 15 || len(l.calls) != 2 {
			t.Fatalf("got %d, %d calls; want 15 and 2", len(got), len(l.calls))
		}
	})
	t.Run("ErrList", func(t *testing.T) {
		l := &numbers{n: 10, size: 4, failAt: "4"}
		got, err := shopmind.Collect(ctx, nil, l.list)
		if err == nil || err.Error() != "boom" {
			t.Fatalf("err %v, want boom", err)
		}
		if !reflect.DeepEqual(got, []int{1, 2, 3, 4}) {
			t.Fatalf("got %v before the error, want the first page", got)
		}
		n := 0
		for x, err := range shopmind.All(ctx, l.list) {
			n++
			if err != nil && x != 0 {
				t.Fatalf("error yielded with %d, want the zero value", x)
			}
		}
		if n != 5 {
			t.Fatalf("All yielded %d times, want 4 elements and the error", n)
		}
	})
	t.Run("ErrCanceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		l := &numbers{n: 10, size: 4, failAt: "-"}
		var errs []error
		for _, err := range shopmind.Pages(ctx, l.list) {
			errs = append(errs, err)
			cancel()
		}
		if len(errs) != 2 || errs[0] != nil || !errors.Is(errs[1], context.Canceled) || len(l.calls) != 1 {
			t.Fatalf("errs %v after %d calls, want a page then context.Canceled without a second call", errs, len(l.calls))
		}
	})
}

// itemLister records the filters ListItems passes.
type itemLister struct {
	shopmind.ItemService
	filters []shopmind.ItemFilter
}

func (s *itemLister) Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	s.filters = append(s.filters, f)
	if f.After == "" || f.After == "start" {
		return []*shopmind.Item{{ID: "a"}}, "next", nil
	}
	return []*shopmind.Item{{ID: "b"}}, "", nil
}

func TestListItems(t *testing.T) {
	s := &itemLister{}
	brand := "acme"
	got, err := shopmind.Collect(context.Background(), nil, shopmind.ListItems(s, shopmind.ItemFilter{Brand: &brand, After: "start"}))
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d items, err %v", len(got), err)
	}
	if len(s.filters) != 2 || s.filters[0].After != "start" || s.filters[1].After != "next" {
		t.Fatalf("filters %+v: want the filter's own cursor first, then the returned one", s.filters)
	}
	for _, f := range s.filters {
		if f.Limit != shopmind.MaxLimit || f.Brand != &brand {
			t.Fatalf("filter %+v: want MaxLimit pages of the same filter", f)
		}
	}
}

package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
)

// demoCatalog loads the demo shop's catalog (items only) into a live
// server and returns it with the items.
func demoCatalog(t *testing.T) (*liveServer, []*shopmind.Item) {
	t.Helper()
	shop, err := demo.Generate(demo.Options{Items: 400, Users: 20, Days: 14})
	if err != nil {
		t.Fatal(err)
	}
	ls := startLive(t, ":memory:")
	ls.call(t, "POST", "/v1/items", ls.adminKey, httpapi.ItemBatch{Items: shop.Items}, http.StatusOK, nil)
	return ls, shop.Items
}

// listIDs pages through GET /v1/items with the given query parameters.
func listIDs(t *testing.T, ls *liveServer, params url.Values) []string {
	t.Helper()
	var out []string
	params.Set("limit", "100")
	for {
		var page httpapi.ItemList
		ls.call(t, "GET", "/v1/items?"+params.Encode(), ls.adminKey, nil, http.StatusOK, &page)
		for _, it := range page.Items {
			out = append(out, it.ID)
		}
		if page.Next == "" {
			return out
		}
		params.Set("after", page.Next)
	}
}

func idsWhere(items []*shopmind.Item, keep func(*shopmind.Item) bool) []string {
	var out []string
	for _, it := range items {
		if keep(it) {
			out = append(out, it.ID)
		}
	}
	slices.Sort(out)
	return out
}

// TestSearchDemoCatalog searches the demo shop's catalog as a shopper or
// owner types: "shoe" must find the shoes (whose titles say "Sneaker",
// "Sandal" or "Ankle boot"), plural and singular alike.
func TestSearchDemoCatalog(t *testing.T) {
	ls, items := demoCatalog(t)
	inDept := func(dept string) []string {
		return idsWhere(items, func(it *shopmind.Item) bool { return it.Category[0] == dept })
	}
	inSub := func(sub string) []string {
		return idsWhere(items, func(it *shopmind.Item) bool { return it.Category[1] == sub })
	}
	shoes := inDept("Shoes")
	if len(shoes) < 20 {
		t.Fatalf("demo catalog has %d shoes; the test needs a catalog with shoes", len(shoes))
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"shoe", shoes},
		{"Shoes", shoes},
		{"sneaker", inSub("Sneakers")},
		{"SNEAKERS", inSub("Sneakers")},
		{"dress", inSub("Dresses")},
		{"dresses", inSub("Dresses")},
		{"ankle boots", inSub("Ankle boots")},
		{"running", inSub("Running")},
	} {
		got := listIDs(t, ls, url.Values{"q": {tt.q}})
		if len(got) == 0 || !slices.Equal(got, tt.want) {
			t.Errorf("q=%q: %d items, want %d (%v...)", tt.q, len(got), len(tt.want), tt.want[:min(3, len(tt.want))])
		}
	}
}

// TestCategoryAsShown checks that a category typed as the console shows it
// ("Shoes › Sneakers"), or in any case and spacing, selects what
// "Shoes/Sneakers" does, and that GET /v1/categories lists the catalog's
// real categories with the names to type.
func TestCategoryAsShown(t *testing.T) {
	ls, items := demoCatalog(t)
	want := idsWhere(items, func(it *shopmind.Item) bool { return slices.Equal(it.Category, []string{"Shoes", "Sneakers"}) })
	if len(want) == 0 {
		t.Fatal("no sneakers in the demo catalog")
	}
	for _, c := range []string{"Shoes/Sneakers", "Shoes › Sneakers", " shoes / sneakers ", "SHOES›SNEAKERS"} {
		if got := listIDs(t, ls, url.Values{"category": {c}}); !slices.Equal(got, want) {
			t.Errorf("category=%q: %d items, want %d", c, len(got), len(want))
		}
	}
	var bad httpapi.ErrorResponse
	ls.call(t, "GET", "/v1/items?category="+url.QueryEscape(" › "), ls.adminKey, nil, http.StatusBadRequest, &bad)
	if bad.Field != "category" {
		t.Errorf("category=' › ': error field %q, want category", bad.Field)
	}

	var cl httpapi.CategoryList
	ls.call(t, "GET", "/v1/categories", ls.adminKey, nil, http.StatusOK, &cl)
	byName := map[string]int{}
	for _, c := range cl.Categories {
		byName[c.Name] = c.Items
	}
	if byName["Shoes › Sneakers"] != len(want) {
		t.Errorf("categories: Shoes › Sneakers has %d items, want %d (%v)", byName["Shoes › Sneakers"], len(want), cl.Categories)
	}
	if n := len(idsWhere(items, func(it *shopmind.Item) bool { return it.Category[0] == "Shoes" })); byName["Shoes"] != n {
		t.Errorf("categories: Shoes has %d items, want %d", byName["Shoes"], n)
	}
	if _, ok := byName["Clothing › Shoes"]; ok {
		t.Error("categories lists Clothing › Shoes, which the demo catalog does not have")
	}
	// Every listed name, typed back, selects its items.
	for _, c := range cl.Categories {
		if !strings.Contains(c.Name, " › ") {
			continue
		}
		if got := listIDs(t, ls, url.Values{"category": {c.Name}}); len(got) != c.Items {
			t.Errorf("category=%q: %d items, listed with %d", c.Name, len(got), c.Items)
		}
	}
}

// singular writes an English plural the way a shopper types one item.
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "ss"):
		return w
	case strings.HasSuffix(w, "s"):
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// TestSearchRecallOnDemoCatalog searches every department and
// sub-category name of the demo catalog, as written and in the singular
// ("Ankle boots", "ankle boot"), and measures recall (the share of the
// category's items found) and precision (the share of found items in it).
// Every item must be found; precision stays below 1 where names share words
// ("shirt" also finds T-shirts), and far below would mean the search
// matches loosely.
func TestSearchRecallOnDemoCatalog(t *testing.T) {
	ls, items := demoCatalog(t)
	names := map[string]func(*shopmind.Item) bool{}
	for _, it := range items {
		dept, sub := it.Category[0], it.Category[1]
		names[dept] = func(x *shopmind.Item) bool { return x.Category[0] == dept }
		names[sub] = func(x *shopmind.Item) bool { return x.Category[1] == sub }
	}
	var queries, relevant, found, hits int
	worst, worstQ := 1.0, ""
	for name, in := range names {
		want := idsWhere(items, in)
		words := strings.Fields(strings.ToLower(name))
		words[len(words)-1] = singular(words[len(words)-1])
		for _, q := range []string{name, strings.Join(words, " ")} {
			got := listIDs(t, ls, url.Values{"q": {q}})
			n := 0
			for _, id := range got {
				if _, ok := slices.BinarySearch(want, id); ok {
					n++
				}
			}
			queries++
			relevant += len(want)
			found += len(got)
			hits += n
			if n < len(want) {
				t.Errorf("q=%q finds %d of the %d items of %s", q, n, len(want), name)
			}
			if p := float64(n) / float64(max(1, len(got))); p < worst {
				worst, worstQ = p, q
			}
		}
	}
	recall, precision := float64(hits)/float64(relevant), float64(hits)/float64(found)
	t.Logf("%d queries: recall %.3f, precision %.3f (lowest %.2f for %q)", queries, recall, precision, worst, worstQ)
	if precision < 0.85 || precision > 0.999 {
		t.Errorf("precision %.3f outside the expected band [0.85, 0.999]", precision)
	}
}

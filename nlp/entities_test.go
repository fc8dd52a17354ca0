package nlp

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// prf counts matches between found and gold entity strings of a sentence.
type prf struct{ tp, fp, fn int }

func (c *prf) add(found []shopmind.Entity, gold []string) {
	left := map[string]int{}
	for _, g := range gold {
		left[strings.ToLower(g)]++
	}
	for _, f := range found {
		k := strings.ToLower(f.Text)
		if left[k] > 0 {
			left[k]--
			c.tp++
		} else {
			c.fp++
		}
	}
	for _, n := range left {
		c.fn += n
	}
}

func (c prf) precision() float64 { return float64(c.tp) / float64(max(c.tp+c.fp, 1)) }
func (c prf) recall() float64    { return float64(c.tp) / float64(max(c.tp+c.fn, 1)) }

// TestGazetteerLabelledSample measures entity precision and recall on the
// hand-labelled sentences of testdata/nlp/entities.json (exact span match).
func TestGazetteerLabelledSample(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "nlp", "entities.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sample struct {
		Catalog   []*shopmind.Item
		Sentences []struct {
			Text     string
			Entities []string
		}
	}
	if err := json.Unmarshal(b, &sample); err != nil {
		t.Fatal(err)
	}
	g := NewGazetteer(sample.Catalog)
	var c prf
	for _, s := range sample.Sentences {
		found := g.Find(s.Text)
		for _, f := range found {
			if s.Text[f.Start:f.End] != f.Text {
				t.Fatalf("%q: span %d-%d is not %q", s.Text, f.Start, f.End, f.Text)
			}
		}
		c.add(found, s.Entities)
		if testing.Verbose() {
			t.Logf("%q: found %v, gold %v", s.Text, found, s.Entities)
		}
	}
	t.Logf("hand-labelled sample: precision %.3f recall %.3f (tp %d fp %d fn %d)", c.precision(), c.recall(), c.tp, c.fp, c.fn)
	if c.precision() < 0.85 || c.recall() < 0.85 {
		t.Errorf("precision %.3f recall %.3f, want both >= 0.85", c.precision(), c.recall())
	}
}

func TestIsQuantityAndModelNumber(t *testing.T) {
	tests := []struct {
		w     string
		model bool
	}{
		{"sm-g991b", true}, {"wh-1000xm4", true}, {"x100", true}, {"128gb", false}, {"4000mah", false},
		{"2nd", false}, {"10k", false}, {"usb-c", false}, {"20w", false}, {"v11", false}, {"s21", false},
	}
	for _, tt := range tests {
		if got := isModelNumber(tt.w); got != tt.model {
			t.Errorf("isModelNumber(%q) = %v, want %v", tt.w, got, tt.model)
		}
	}
}

// TestGazetteerCatalogBrands builds the gazetteer from the adidas and
// BigBasket catalogs in ../shared/data and, as a silver-labelled sample,
// checks that each product title yields its own brand (recall) and that
// brand matches in other items' titles are real brands of the catalog
// (every match is a brand by construction, so the check is recall only).
func TestGazetteerCatalogBrands(t *testing.T) {
	dir := dataDir(t, "bigbasket-products")
	f, err := os.Open(filepath.Join(dir, "bigbasket_products.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(gz)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var items []*shopmind.Item
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		items = append(items, &shopmind.Item{ID: rec[col["index"]], Title: rec[col["product"]], Brand: strings.TrimSpace(rec[col["brand"]])})
	}
	g := NewGazetteer(items)
	// Sentences a shopper might write: "I like <brand>'s <type>" from the
	// first 2,000 items; the gold entity is the brand.
	var c prf
	for _, it := range items[:2000] {
		if it.Brand == "" {
			continue
		}
		text := "I really like " + it.Brand + ", this one arrived fresh."
		var found []shopmind.Entity
		for _, e := range g.Find(text) {
			if e.Kind == EntityBrand {
				found = append(found, e)
			}
		}
		c.add(found, []string{it.Brand})
	}
	t.Logf("BigBasket brands in template sentences: precision %.3f recall %.3f", c.precision(), c.recall())
	if c.recall() < 0.9 || c.precision() < 0.9 {
		t.Errorf("precision %.3f recall %.3f, want >= 0.9", c.precision(), c.recall())
	}
}

package assistant

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shopmind/shopmind"
)

// Catalog is a small knowledge graph over the shop's items: every item is
// linked to its brand, to each level of its category path, to its attribute
// values (colour, size...) and carries its price and stock. It answers
// questions such as "do you have Nike running shoes under $100 in size 42?"
// and finds the brands, categories and products a message names.
type Catalog struct {
	items      map[string]*shopmind.Item
	ids        []string                   // all item ids, sorted
	brands     map[string]string          // lower-cased brand -> brand as written
	categories map[string]int             // lower-cased category level (and its singular) -> deepest level it occurs at
	byBrand    map[string][]string        // lower-cased brand -> item ids
	byCategory map[string][]string        // lower-cased category word -> item ids
	titles     []titleRef                 // lower-cased titles, longest first
	words      map[string]map[string]bool // item id -> the stems it answers to (itemWords)
	vocab      map[string]bool            // every stem of words
	byWord     map[string][]string        // stem -> ids of the items answering to it, sorted
}

type titleRef struct {
	text string
	id   string
}

// NewCatalog builds the graph from items; inactive items are left out.
func NewCatalog(items []*shopmind.Item) *Catalog {
	c := &Catalog{
		items: map[string]*shopmind.Item{}, brands: map[string]string{}, categories: map[string]int{},
		byBrand: map[string][]string{}, byCategory: map[string][]string{},
		words: map[string]map[string]bool{}, vocab: map[string]bool{}, byWord: map[string][]string{},
	}
	for _, it := range items {
		if it == nil || !it.Active {
			continue
		}
		c.items[it.ID] = it
		c.ids = append(c.ids, it.ID)
		ws := itemWords(it.Title, it.Brand, it.Category, it.Tags)
		c.words[it.ID] = ws
		for w := range ws {
			c.vocab[w] = true
			c.byWord[w] = append(c.byWord[w], it.ID)
		}
		if b := strings.ToLower(strings.TrimSpace(it.Brand)); b != "" {
			c.brands[b] = it.Brand
			c.byBrand[b] = append(c.byBrand[b], it.ID)
		}
		for depth, level := range it.Category {
			for _, w := range categoryWords(level) {
				if depth+1 > c.categories[w] {
					c.categories[w] = depth + 1
				}
				c.byCategory[w] = append(c.byCategory[w], it.ID)
			}
		}
		if t := strings.ToLower(it.Title); len(t) >= 4 {
			c.titles = append(c.titles, titleRef{t, it.ID})
			if b := strings.ToLower(it.Brand); b != "" && strings.HasPrefix(t, b+" ") && len(t)-len(b) > 4 {
				c.titles = append(c.titles, titleRef{strings.TrimPrefix(t, b+" "), it.ID})
			}
		}
	}
	sort.Strings(c.ids)
	for _, ids := range c.byWord {
		sort.Strings(ids)
	}
	sort.Slice(c.titles, func(i, j int) bool { return len(c.titles[i].text) > len(c.titles[j].text) })
	return c
}

// categoryWords returns a category name and, for a plural, its singular.
func categoryWords(level string) []string {
	w := strings.ToLower(strings.TrimSpace(level))
	if w == "" {
		return nil
	}
	out := []string{w}
	if strings.HasSuffix(w, "s") && len(w) > 3 {
		out = append(out, strings.TrimSuffix(w, "s"))
	}
	return out
}

// LoadCatalog reads every item of the store into a Catalog.
func LoadCatalog(ctx context.Context, items shopmind.ItemLister) (*Catalog, error) {
	all, err := shopmind.Collect(ctx, nil, shopmind.ListItems(items, shopmind.ItemFilter{}))
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return NewCatalog(all), nil
}

// Len is the number of items in the catalog.
func (c *Catalog) Len() int { return len(c.ids) }

// Item returns an item by id, or nil.
func (c *Catalog) Item(id string) *shopmind.Item { return c.items[id] }

// entities adds the brand, product type, category and product that lower
// names. A well-known brand the shop does not carry is still reported, so
// the answer can say so.
func (c *Catalog) entities(lower string, out map[string]string) {
	if b, _ := c.brandNamed(lower); b != "" {
		out[SlotBrand] = b
	}
	if ts := c.typeTerms(lower); len(ts) > 0 {
		out[SlotType] = formatTerms(ts)
		if cat := c.categoryOf(ts); cat != "" {
			out[SlotCategory] = cat
		}
	}
	for _, t := range c.titles {
		if containsWord(lower, t.text) {
			out[SlotProduct] = t.id
			break
		}
	}
}

// categoryOf returns the deepest category level named by one of the terms
// whose items also fit the head term (the last): "running shoes" is the
// category Running when the shop has running shoes, else Shoes.
func (c *Catalog) categoryOf(ts []term) string {
	head := c.matching([][]string{ts[len(ts)-1].alts})
	var names []string
	for i, tm := range ts {
		names = append(names, tm.alts...)
		if i > 0 {
			for _, a := range ts[i-1].alts {
				for _, b := range tm.alts {
					names = append(names, a+" "+b) // "ankle boot"
				}
			}
		}
	}
	best, bestDepth := "", 0
	for _, a := range names {
		for _, w := range []string{a + "s", a + "es", a} {
			d, ok := c.categories[w]
			if !ok || d < bestDepth || d == bestDepth && best != "" {
				continue
			}
			if len(intersect(c.byCategory[w], head)) == 0 {
				continue
			}
			best, bestDepth = w, d
		}
	}
	return best
}

// matching returns the ids of items carrying every term (one of its
// alternatives each), sorted.
func (c *Catalog) matching(terms [][]string) []string {
	var out []string
	for i, alts := range terms {
		set := map[string]bool{}
		for _, a := range alts {
			for _, id := range c.byWord[a] {
				set[id] = true
			}
		}
		if i == 0 {
			for id := range set {
				out = append(out, id)
			}
			sort.Strings(out)
			continue
		}
		kept := out[:0]
		for _, id := range out {
			if set[id] {
				kept = append(kept, id)
			}
		}
		out = kept
	}
	return out
}

// containsWord reports whether s contains w at word boundaries (for Latin
// letters and digits).
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}

// Query is a structured catalog question; empty fields do not filter.
type Query struct {
	Brand    string
	Category string // a category level name, matched case-insensitively at any depth
	// Terms are product-type words (stems, each with alternatives) every
	// item must carry in its category path, title or tags; when set,
	// Category is not used.
	Terms    [][]string
	Color    string
	Size     string
	MinPrice *float64
	MaxPrice *float64
	InStock  bool
}

// QueryFromSlots builds a Query from dialogue slots.
func QueryFromSlots(slots map[string]string) Query {
	q := Query{Brand: slots[SlotBrand], Category: slots[SlotCategory], Color: slots[SlotColor], Size: slots[SlotSize],
		Terms: parseTerms(slots[SlotType])}
	if len(q.Terms) > 0 {
		q.Category = ""
	}
	if v, err := strconv.ParseFloat(slots[SlotMinPrice], 64); err == nil {
		q.MinPrice = &v
	}
	if v, err := strconv.ParseFloat(slots[SlotMaxPrice], 64); err == nil {
		q.MaxPrice = &v
	}
	return q
}

// Empty reports whether q has no constraint.
func (q Query) Empty() bool {
	return q.Brand == "" && q.Category == "" && len(q.Terms) == 0 && q.Color == "" && q.Size == "" && q.MinPrice == nil && q.MaxPrice == nil
}

// Search returns up to limit items matching q, cheapest first (ties by id).
func (c *Catalog) Search(q Query, limit int) []*shopmind.Item {
	cands := c.ids
	if q.Brand != "" {
		cands = intersect(cands, c.byBrand[strings.ToLower(q.Brand)])
	}
	if len(q.Terms) > 0 && q.Brand == "" {
		cands = c.matching(q.Terms)
	} else if len(q.Terms) > 0 {
		cands = intersect(c.matching(q.Terms), cands)
	} else if q.Category != "" {
		cands = intersect(cands, c.byCategory[strings.ToLower(q.Category)])
	}
	var out []*shopmind.Item
	for _, id := range cands {
		it := c.items[id]
		if q.MinPrice != nil && it.Price < *q.MinPrice || q.MaxPrice != nil && it.Price > *q.MaxPrice {
			continue
		}
		if q.InStock && it.Stock <= 0 {
			continue
		}
		if q.Color != "" && !HasAttribute(it, "color", q.Color) {
			continue
		}
		if q.Size != "" && !HasAttribute(it, "size", q.Size) {
			continue
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Price != out[j].Price {
			return out[i].Price < out[j].Price
		}
		return out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// HasAttribute reports whether an item's attribute (singular or plural key,
// a comma-separated list of values) includes value, case-insensitively.
func HasAttribute(it *shopmind.Item, key, value string) bool {
	for _, k := range []string{key, key + "s", strings.ReplaceAll(key, "color", "colour"), strings.ReplaceAll(key, "color", "colours")} {
		v, ok := it.Attributes[k]
		if !ok {
			continue
		}
		for _, part := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), value) {
				return true
			}
		}
	}
	return false
}

// intersect returns the ids of a (sorted) that are also in b.
func intersect(a, b []string) []string {
	set := make(map[string]bool, len(b))
	for _, id := range b {
		set[id] = true
	}
	var out []string
	for _, id := range a {
		if set[id] {
			out = append(out, id)
		}
	}
	return out
}

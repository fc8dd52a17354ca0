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
	ids        []string            // all item ids, sorted
	brands     map[string]string   // lower-cased brand -> brand as written
	categories map[string]int      // lower-cased category level (and its singular) -> deepest level it occurs at
	byBrand    map[string][]string // lower-cased brand -> item ids
	byCategory map[string][]string // lower-cased category word -> item ids
	titles     []titleRef          // lower-cased titles, longest first
}

type titleRef struct {
	text string
	id   string
}

// brandAliases are Chinese names of common brands.
var brandAliases = map[string]string{
	"耐克": "nike", "阿迪达斯": "adidas", "阿迪": "adidas", "彪马": "puma", "新百伦": "new balance",
	"亚瑟士": "asics", "安德玛": "under armour", "李宁": "li-ning", "安踏": "anta",
}

// categoryAliases map Chinese category words to English ones, longest
// first when matched.
var categoryAliases = map[string]string{
	"跑鞋": "running", "跑步鞋": "running", "运动鞋": "sneakers", "登山鞋": "hiking", "鞋": "shoes",
	"外套": "jackets", "夹克": "jackets", "背包": "backpacks", "书包": "backpacks", "耳机": "headphones",
	"t恤": "t-shirts", "卫衣": "hoodies", "裙": "dresses", "袜": "socks", "瑜伽垫": "yoga",
}

// NewCatalog builds the graph from items; inactive items are left out.
func NewCatalog(items []*shopmind.Item) *Catalog {
	c := &Catalog{
		items: map[string]*shopmind.Item{}, brands: map[string]string{}, categories: map[string]int{},
		byBrand: map[string][]string{}, byCategory: map[string][]string{},
	}
	for _, it := range items {
		if it == nil || !it.Active {
			continue
		}
		c.items[it.ID] = it
		c.ids = append(c.ids, it.ID)
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
func LoadCatalog(ctx context.Context, items shopmind.ItemService) (*Catalog, error) {
	var all []*shopmind.Item
	f := shopmind.ItemFilter{Limit: shopmind.MaxLimit}
	for {
		page, next, err := items.Items(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("load catalog: %w", err)
		}
		all = append(all, page...)
		if next == "" {
			return NewCatalog(all), nil
		}
		f.After = next
	}
}

// Len is the number of items in the catalog.
func (c *Catalog) Len() int { return len(c.ids) }

// Item returns an item by id, or nil.
func (c *Catalog) Item(id string) *shopmind.Item { return c.items[id] }

// entities adds the brand, category and product that lower names.
func (c *Catalog) entities(lower string, out map[string]string) {
	for alias, b := range brandAliases {
		if strings.Contains(lower, alias) {
			if _, ok := c.brands[b]; ok {
				out[SlotBrand] = c.brands[b]
			}
		}
	}
	for b, name := range c.brands {
		if containsWord(lower, b) {
			out[SlotBrand] = name
		}
	}
	best, bestDepth := "", 0
	consider := func(w string) {
		d, ok := c.categories[w]
		if ok && (d > bestDepth || d == bestDepth && len(w) > len(best)) {
			best, bestDepth = w, d
		}
	}
	for w := range c.categories {
		if containsWord(lower, w) {
			consider(w)
		}
	}
	for alias, w := range categoryAliases {
		if strings.Contains(lower, alias) {
			for _, cw := range categoryWords(w) {
				consider(cw)
			}
		}
	}
	if best != "" {
		out[SlotCategory] = best
	}
	for _, t := range c.titles {
		if containsWord(lower, t.text) {
			out[SlotProduct] = t.id
			break
		}
	}
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
	Color    string
	Size     string
	MinPrice *float64
	MaxPrice *float64
	InStock  bool
}

// QueryFromSlots builds a Query from dialogue slots.
func QueryFromSlots(slots map[string]string) Query {
	q := Query{Brand: slots[SlotBrand], Category: slots[SlotCategory], Color: slots[SlotColor], Size: slots[SlotSize]}
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
	return q.Brand == "" && q.Category == "" && q.Color == "" && q.Size == "" && q.MinPrice == nil && q.MaxPrice == nil
}

// Search returns up to limit items matching q, cheapest first (ties by id).
func (c *Catalog) Search(q Query, limit int) []*shopmind.Item {
	cands := c.ids
	if q.Brand != "" {
		cands = intersect(cands, c.byBrand[strings.ToLower(q.Brand)])
	}
	if q.Category != "" {
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

package assistant

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/nlp"
)

// shownItems is how many items a list shows.
const shownItems = 3

// catalogSlots are the slots a catalog query uses.
var catalogSlots = []string{SlotBrand, SlotCategory, SlotType, SlotColor, SlotSize, SlotMinPrice, SlotMaxPrice}

// TopCategories returns up to n first-level categories, most items first.
func (c *Catalog) TopCategories(n int) []string {
	count := map[string]int{}
	for _, id := range c.ids {
		if it := c.items[id]; len(it.Category) > 0 {
			count[it.Category[0]]++
		}
	}
	names := make([]string, 0, len(count))
	for k := range count {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if count[names[i]] != count[names[j]] {
			return count[names[i]] > count[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > n {
		names = names[:n]
	}
	return names
}

// contextual handles messages that only make sense with what came before:
// "the second one", "and in red?", "how much is it?".
func (t *turn) contextual() bool {
	st := t.st
	if n, err := strconv.Atoi(t.found[SlotOrdinal]); err == nil && len(st.Shown) > 0 {
		i := n - 1
		switch {
		case n < 0:
			i = len(st.Shown) - 1
		case st.ShownFrom > 1 && n >= st.ShownFrom && n < st.ShownFrom+len(st.Shown):
			i = n - st.ShownFrom // "the fifth one" of a list numbered 4, 5, 6
		}
		if i >= 0 && i < len(st.Shown) {
			st.Focus = st.Shown[i]
			t.intent, t.confidence = "product_question", 1
			t.answerAbout(t.e.catalog().Item(st.Focus))
			return true
		}
	}
	if p := t.found[SlotProduct]; p != "" && t.e.catalog() != nil {
		if it := t.e.catalog().Item(p); it != nil {
			st.Focus, st.Shown = it.ID, []string{it.ID}
			t.intent, t.confidence = "product_question", 1
			t.answerAbout(it)
			return true
		}
	}
	refines := false
	for _, k := range catalogSlots {
		if _, ok := t.found[k]; ok {
			refines = true
		}
	}
	if !refines || !t.followUp() && !t.attributesOnly() {
		return false
	}
	if st.Focus != "" && t.found[SlotCategory] == "" && t.found[SlotBrand] == "" && (t.found[SlotColor] != "" || t.found[SlotSize] != "") && len(st.Shown) <= 1 {
		// "and in red?" about the one item being discussed
		t.intent, t.confidence = "product_question", 1
		t.answerAbout(t.e.catalog().Item(st.Focus))
		return true
	}
	if st.LastQuery == nil {
		return false
	}
	t.intent, t.confidence = "product_search", 1
	t.runSearch(true)
	return true
}

// followUp reports whether the message reads as a follow-up ("and in
// red?", "what about size 44", "那红色的呢") rather than a new request.
func (t *turn) followUp() bool {
	for _, p := range []string{"and ", "what about", "how about", "in ", "any in", "also", "only", "cheaper", "那", "有没有", "要", "换"} {
		if strings.HasPrefix(t.lower, p) {
			return true
		}
	}
	return strings.HasSuffix(strings.TrimSpace(t.lower), "呢") || strings.HasSuffix(strings.TrimSpace(t.lower), "呢？") || len(words(t.lower)) <= 3 && Language(t.text) == "en"
}

// attributesOnly reports whether the message narrows by colour, size or
// price without naming what to look for ("do you have it in blue?",
// "有蓝色的吗？"): after a list, a refinement of it, not a new search.
func (t *turn) attributesOnly() bool {
	for _, k := range []string{SlotBrand, SlotCategory, SlotType, SlotProduct} {
		if t.found[k] != "" {
			return false
		}
	}
	for _, k := range []string{SlotColor, SlotSize, SlotMinPrice, SlotMaxPrice} {
		if t.found[k] != "" {
			return true
		}
	}
	return false
}

// search answers a product search with the message's constraints.
func (t *turn) search() error {
	t.runSearch(false)
	return nil
}

// runSearch queries the catalog with the message's constraints, merged
// into the last query when refine is set.
func (t *turn) runSearch(refine bool) {
	st := t.st
	q := map[string]string{}
	if refine {
		for k, v := range st.LastQuery {
			q[k] = v
		}
	}
	for _, k := range catalogSlots {
		if v, ok := t.found[k]; ok {
			q[k] = v
		}
	}
	if p := t.found[SlotProduct]; p != "" && !refine {
		if it := t.e.catalog().Item(p); it != nil {
			st.Focus, st.Shown = it.ID, []string{it.ID}
			t.answerAbout(it)
			return
		}
	}
	if refine && t.found[SlotType] != "" && t.found[SlotCategory] == "" {
		delete(q, SlotCategory) // the new product type replaces the old category
	}
	prevQuery, prevBrowsed, prevBand := st.LastQuery, st.Browsed, st.Band
	st.LastQuery, st.Browsed, st.Band = q, nil, nil
	c := t.e.catalog()
	if c == nil {
		t.say("items_none", nil)
		return
	}
	if b := q[SlotBrand]; b != "" && len(c.byBrand[strings.ToLower(b)]) == 0 {
		// A brand the shop does not carry: say so, whatever else was asked.
		t.say("brand_none", map[string]string{"brand": b, "brands": strings.Join(c.TopBrands(6), ", ")})
		st.Shown = nil
		return
	}
	query := QueryFromSlots(q)
	if query.Empty() {
		// Nothing the catalog knows: name what was not found rather than
		// list unrelated items.
		if what := unknownWords(t.text); what != "" {
			t.say("items_unknown", map[string]string{"value": what, "categories": t.categoryList()})
		} else {
			t.say("ask_product", map[string]string{"categories": t.categoryList()})
		}
		// No search at all: the last one, and what it showed, still
		// stand ("show me more" goes on with it).
		st.LastQuery, st.Browsed, st.Band = prevQuery, prevBrowsed, prevBand
		return
	}
	items, dropped := c.Find(query, shownItems)
	if len(items) == 0 {
		t.say("items_none", nil)
		st.Shown = nil
		return
	}
	if len(dropped) > 0 {
		t.say("items_relaxed", map[string]string{"differ": relaxedNames(t.lang, query, dropped)})
	} else {
		t.say("items_found", nil)
	}
	t.list(items)
	st.Browsed = append([]string(nil), st.Shown...)
}

// Find searches the catalog for q and, when nothing matches, relaxes the
// least essential constraints: size, colour, the product-type words other
// than the head noun ("running" of "running shoes"), and the price, in
// that order of cost. It tries every combination of them, cheapest first
// and fewest dropped on a tie, so "black running shoes under $50" in a shop
// with no running shoes shows black shoes under $50 (dropping "running"),
// not shoes of any colour. Brand and the head noun are never dropped: a shoe
// query returns shoes or nothing. dropped names the constraints given up
// (relaxSize, relaxColor, relaxType, relaxPrice), empty for an exact match.
func (c *Catalog) Find(q Query, limit int) (items []*shopmind.Item, dropped []string) {
	if items = c.Search(q, limit); len(items) > 0 {
		return items, nil
	}
	var have []relaxation
	for _, r := range relaxations {
		if r.present(q) {
			have = append(have, r)
		}
	}
	type combo struct {
		mask, cost, n int
	}
	var combos []combo
	for mask := 1; mask < 1<<len(have); mask++ {
		cb := combo{mask: mask}
		for i, r := range have {
			if mask&(1<<i) != 0 {
				cb.cost += r.cost
				cb.n++
			}
		}
		combos = append(combos, cb)
	}
	sort.Slice(combos, func(i, j int) bool {
		if combos[i].cost != combos[j].cost {
			return combos[i].cost < combos[j].cost
		}
		if combos[i].n != combos[j].n {
			return combos[i].n < combos[j].n
		}
		return combos[i].mask < combos[j].mask
	})
	for _, cb := range combos {
		r := q
		dropped = dropped[:0]
		for i, rl := range have {
			if cb.mask&(1<<i) != 0 {
				rl.drop(&r)
				dropped = append(dropped, rl.name)
			}
		}
		if items = c.Search(r, limit); len(items) > 0 {
			return items, dropped
		}
	}
	return nil, nil
}

// The constraints Find may give up.
const (
	relaxSize  = "size"
	relaxColor = "color"
	relaxType  = "type"
	relaxPrice = "price"
)

// relaxation is one constraint Find may drop, with its cost.
type relaxation struct {
	name    string
	cost    int
	present func(Query) bool
	drop    func(*Query)
}

var relaxations = []relaxation{
	{relaxSize, 1, func(q Query) bool { return q.Size != "" }, func(q *Query) { q.Size = "" }},
	{relaxColor, 2, func(q Query) bool { return q.Color != "" }, func(q *Query) { q.Color = "" }},
	{relaxType, 3, func(q Query) bool { return len(q.Terms) > 1 }, func(q *Query) { q.Terms = q.Terms[len(q.Terms)-1:] }},
	{relaxPrice, 5, func(q Query) bool { return q.MinPrice != nil || q.MaxPrice != nil }, func(q *Query) { q.MinPrice, q.MaxPrice = nil, nil }},
}

// relaxedNames says, in the shopper's language, what the closest items
// differ in: "colour and type (running)", "颜色、款式".
func relaxedNames(lang string, q Query, dropped []string) string {
	names := make([]string, 0, len(dropped))
	for _, d := range dropped {
		switch {
		case lang == "zh":
			names = append(names, map[string]string{relaxSize: "尺码", relaxColor: "颜色", relaxType: "款式", relaxPrice: "价格"}[d])
		case d == relaxType:
			var mods []string
			for _, alts := range q.Terms[:len(q.Terms)-1] {
				if len(alts) > 0 {
					mods = append(mods, alts[0])
				}
			}
			names = append(names, "type (not "+strings.Join(mods, " ")+")")
		case d == relaxColor:
			names = append(names, "colour")
		default:
			names = append(names, d)
		}
	}
	if lang == "zh" {
		return strings.Join(names, "、")
	}
	if len(names) > 1 {
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return strings.Join(names, "")
}

// TopBrands returns up to n brands, most items first.
func (c *Catalog) TopBrands(n int) []string {
	names := make([]string, 0, len(c.byBrand))
	for b := range c.byBrand {
		names = append(names, b)
	}
	sort.Slice(names, func(i, j int) bool {
		if len(c.byBrand[names[i]]) != len(c.byBrand[names[j]]) {
			return len(c.byBrand[names[i]]) > len(c.byBrand[names[j]])
		}
		return names[i] < names[j]
	})
	if len(names) > n {
		names = names[:n]
	}
	for i, b := range names {
		names[i] = c.brands[b]
	}
	return names
}

// unknownWords returns the content words of a search the catalog did not
// know ("xyzzy" of "do you sell xyzzy?"), or "".
func unknownWords(text string) string {
	var out []string
	for _, w := range words(strings.ToLower(text)) {
		if nlp.IsStopWord(w) || notTypeWords[w] || notTypeWords[Stem(w)] || searchWords[w] || containsDigit(w) {
			continue
		}
		out = append(out, w)
	}
	if len(out) > 4 {
		out = out[:4]
	}
	if len(out) == 0 && Language(text) == "zh" {
		return strings.TrimSpace(strings.Trim(text, "?？!！。有吗没卖你们请问"))
	}
	return strings.Join(out, " ")
}

// searchWords are request words of a search, not what is searched for.
var searchWords = map[string]bool{"do": true, "you": true, "sell": true, "selling": true, "carry": true, "looking": true,
	"searching": true, "search": true, "got": true, "shop": true, "store": true, "hi": true, "hello": true, "hey": true,
	"pls": true, "there": true, "like": true, "would": true, "i'm": true, "i'd": true, "buy": true, "purchase": true}

// list shows items and remembers them for "the second one".
func (t *turn) list(items []*shopmind.Item) { t.listFrom(items, 1) }

// listFrom is list numbering the items from `from` on.
func (t *turn) listFrom(items []*shopmind.Item, from int) {
	ids := make([]string, len(items))
	lines := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
		lines[i] = fmt.Sprintf("%d. %s — %s", from+i, it.Title, money(it.Price, it.Currency))
	}
	t.parts = append(t.parts, strings.Join(lines, "; ")+".")
	t.st.Shown, t.st.ShownFrom = ids, 0
	if from > 1 {
		t.st.ShownFrom = from
	}
	if len(ids) == 1 {
		t.st.Focus = ids[0]
	} else {
		t.st.Focus = ""
	}
	t.act(shopmind.Action{Type: "show_items", ItemIDs: ids})
}

// question answers a question about one product: the one named, or the
// one in focus.
func (t *turn) question() error {
	c := t.e.catalog()
	var it *shopmind.Item
	if c != nil {
		if p := t.found[SlotProduct]; p != "" {
			it = c.Item(p)
		} else if t.st.Focus != "" {
			it = c.Item(t.st.Focus)
		} else if len(t.st.Shown) == 1 {
			it = c.Item(t.st.Shown[0])
		}
	}
	if it == nil {
		if t.found[SlotCategory] != "" || t.found[SlotBrand] != "" || t.found[SlotType] != "" {
			t.intent = "product_search"
			return t.search()
		}
		t.say("which_product", nil)
		return nil
	}
	t.st.Focus = it.ID
	t.answerAbout(it)
	return nil
}

var (
	priceWords = []string{"how much", "price", "cost", "多少钱", "价格", "几块", "贵"}
	stockWords = []string{"in stock", "available", "left", "有货", "库存", "还有", "缺货"}
)

// answerAbout answers the message about it: price, stock, a colour or
// size, or a summary.
func (t *turn) answerAbout(it *shopmind.Item) {
	if it == nil {
		t.say("which_product", nil)
		return
	}
	vars := map[string]string{"title": it.Title, "brand": it.Brand, "price": money(it.Price, it.Currency),
		"stock": strconv.Itoa(it.Stock), "description": firstSentence(it.Description)}
	t.act(shopmind.Action{Type: "show_items", ItemIDs: []string{it.ID}})
	for _, k := range []struct{ slot, attr string }{{SlotColor, "color"}, {SlotSize, "size"}} {
		v := t.found[k.slot]
		if v == "" {
			continue
		}
		vars["value"] = v
		if HasAttribute(it, k.attr, v) {
			t.say("attr_yes", vars)
		} else {
			vars["available"] = attributeValues(it, k.attr)
			t.say("attr_no", vars)
		}
		return
	}
	switch {
	case hasAny(t.lower, priceWords):
		t.say("price", vars)
	case hasAny(t.lower, stockWords):
		if it.Stock > 0 {
			t.say("stock_yes", vars)
		} else {
			t.say("stock_no", vars)
		}
	default:
		t.say("product_info", vars)
	}
}

func attributeValues(it *shopmind.Item, key string) string {
	for _, k := range []string{key, key + "s", strings.ReplaceAll(key, "color", "colour")} {
		if v, ok := it.Attributes[k]; ok {
			return v
		}
	}
	return "-"
}

func hasAny(s string, ws []string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func firstSentence(s string) string {
	if i := strings.IndexAny(s, ".。!?"); i >= 0 {
		return strings.TrimSpace(s[:i+1])
	}
	return strings.TrimSpace(s)
}

// money formats a price: "$89.99", "¥199.00", "89.99 EUR".
func money(p float64, currency string) string {
	switch currency {
	case "", "USD":
		return fmt.Sprintf("$%.2f", p)
	case "CNY":
		return fmt.Sprintf("¥%.2f", p)
	case "EUR":
		return fmt.Sprintf("€%.2f", p)
	case "GBP":
		return fmt.Sprintf("£%.2f", p)
	}
	return fmt.Sprintf("%.2f %s", p, currency)
}

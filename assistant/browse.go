package assistant

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/nlp"
)

// SlotBrowse is a request to move within the last search rather than start
// a new one: BrowseCheaper ("anything cheaper?", 有没有便宜点的),
// BrowsePricier ("something more expensive / better quality?", 贵一点的,
// 好一点的) or BrowseMore ("show me more", 还有吗, 换一批, 其他的呢).
const SlotBrowse = "browse"

// Values of SlotBrowse.
const (
	BrowseCheaper = "cheaper"
	BrowsePricier = "pricier"
	BrowseMore    = "more"
)

var (
	// reCheaper asks for lower prices than those shown.
	reCheaper = regexp.MustCompile(`(?i)\b(?:cheaper|cheapest|less expensive|lower[- ]priced|lower prices?|more affordable|less pricey|too expensive|too pricey|not so expensive|not as expensive|inexpensive)\b|便宜|实惠|划算|价格低|低价|平价|太贵|没那么贵|不那么贵|不要那么贵`)
	// rePricier asks for higher prices or better quality than those shown.
	rePricier = regexp.MustCompile(`(?i)\b(?:more expensive|pricier|higher[- ]end|high[- ]end|premium|(?:better|higher|top|best)[- ]quality|better ones?|something better|anything better|nicer ones?|something nicer|fancier|more upmarket)\b|贵一点|贵点|贵一些|更贵|好一点|好点|好一些|更好|质量好|质量更好|高档|高端|档次高|档次更高`)
	// reMoreEN is a whole message asking for further results: "show me
	// more", "more please", "any others?", "what else do you have?".
	reMoreEN = regexp.MustCompile(`(?i)^\W*(?:ok\W+|okay\W+|and\W+|hmm+\W+)?(?:(?:can|could) you\s+)?(?:please\s+)?(?:show|give|send|let me see|see|display|list)?\s*(?:me\s+|us\s+)?(?:some\s+|any\s+|a few\s+)?(?:more|others|other ones|other options|another few|next(?: page| ones?| few)?|(?:are there|is there|do you have|have you got|got) (?:any )?(?:more|others|other ones|other options|anything else)|anything else|what else(?: (?:do|have) you (?:have|got))?)(?:\s+(?:ones?|options?|items?|results?|products?|of them|of those|like that|like these|like this))?(?:\s+please|\s+pls)?\W*$`)
	// reMoreZH asks for further results in Chinese.
	reMoreZH = regexp.MustCompile(`换一批|换一些|换几个|换几款|再来几|更多|下一批|下一页|还有吗|还有么|还有嘛|还有呢|还有别的|还有其他|其他的呢|其它的呢|别的呢|其他的吗|其它的吗|别的吗|有没有别的|有没有其他|有没有其它|看看别的|看看其他|看看其它|再看看|其他款|别的款|再(?:给我|帮我)?(?:看|来|推荐|找|发)(?:几|一些|一批|点|些)|多(?:给我|帮我)?(?:看|推荐|来|找)(?:几|一些|点)`)
	// reAttributeWords mark a question about a colour or size ("有别的颜色吗"),
	// not a request for more items.
	reAttributeWords = regexp.MustCompile(`(?i)colou?rs?|sizes?|颜色|尺码|码数|型号|号码`)
)

// browseRequest returns the SlotBrowse value of a message, or "". A message
// that names a price ("cheaper than $50") is a price constraint, not a
// move relative to what was shown.
func browseRequest(text, lower string, found map[string]string) string {
	if found[SlotMinPrice] != "" || found[SlotMaxPrice] != "" || found[SlotOrderID] != "" {
		return ""
	}
	switch {
	case reCheaper.MatchString(lower):
		return BrowseCheaper
	case rePricier.MatchString(lower):
		return BrowsePricier
	case reAttributeWords.MatchString(lower):
		return ""
	case reMoreEN.MatchString(lower), reMoreZH.MatchString(text):
		return BrowseMore
	}
	return ""
}

// browseFiller are words that add nothing to a move within a search
// ("those are too expensive", "got any cheaper options"), and zhFiller the
// Chinese characters that do the same (太贵了, 有便宜一些的吗).
var (
	browseFiller = map[string]bool{"ones": true, "one": true, "options": true, "option": true, "items": true,
		"stuff": true, "something": true, "anything": true, "please": true, "pls": true, "show": true, "see": true,
		"got": true, "have": true, "bit": true, "little": true, "for": true, "me": true, "those": true, "these": true,
		"them": true, "they": true, "that's": true, "it's": true, "they're": true, "those're": true, "way": true, "kind": true}
	zhFiller = regexp.MustCompile(`[了吗嘛么呢吧啊呀的有没些一点再还要给我看你们能不这那个款是都太\s\p{P}]`)
)

// browseOnly reports a message that says nothing besides the move within
// the search: the classifier's label for it (say "delivery" for "those
// are too expensive") does not matter, while "is there a cheaper shipping
// option?" is about shipping.
func browseOnly(text, lower string) bool {
	rest := reCheaper.ReplaceAllString(lower, " ")
	rest = rePricier.ReplaceAllString(rest, " ")
	rest = reMoreZH.ReplaceAllString(rest, " ")
	if reMoreEN.MatchString(lower) {
		rest = ""
	}
	if Language(text) == "zh" {
		return strings.TrimSpace(zhFiller.ReplaceAllString(rest, "")) == ""
	}
	for _, w := range words(rest) {
		if !nlp.IsStopWord(w) && !browseFiller[w] && !searchWords[w] {
			return false
		}
	}
	return true
}

// browsesAwayFromForm reports a message that is nothing but a move within
// the last search ("show me more", 还有吗) while a form other than guided
// shopping is open: no answer to the form, but a change of topic.
func (t *turn) browsesAwayFromForm() bool {
	st := t.st
	if t.found[SlotBrowse] == "" || st.LastQuery == nil || len(st.Shown) == 0 || t.answersProof() || !browseOnly(t.text, t.lower) {
		return false
	}
	f := t.e.Script.flowByName(st.Form.Flow)
	return f != nil && f.Action != "recommend"
}

// browses reports whether the message moves within the last search and
// the classifier does not confidently say it is about something else (an
// order, delivery, a person...).
func (t *turn) browses(confident bool) bool {
	if t.found[SlotBrowse] == "" || t.st.Form != nil {
		return false
	}
	switch t.intent {
	case "product_search", "product_question", "recommendation", OutOfScope:
	default:
		if confident && !browseOnly(t.text, t.lower) {
			return false
		}
	}
	if t.st.LastQuery == nil {
		// No search yet: ask what the shopper is looking for, unless one
		// item is being talked about ("is it cheaper than …?").
		return t.st.Focus == ""
	}
	// A product type or brand other than the last search's is a new
	// search ("any cheaper jackets?" after shoes).
	for _, k := range []string{SlotBrand, SlotType} {
		if v := t.found[k]; v != "" && !strings.EqualFold(v, t.st.LastQuery[k]) {
			return false
		}
	}
	return t.found[SlotProduct] == "" && t.found[SlotOrdinal] == ""
}

// browse answers a move within the last search: the next items of it
// ("show me more", never one shown before for it, and "that's all N" at
// the end), or items of it cheaper than the cheapest shown or dearer than
// the dearest shown, or, when there are none, that those were already the
// cheapest (dearest) with the cheapest (dearest) price.
func (t *turn) browse() {
	st := t.st
	t.intent, t.confidence = "product_search", 1
	c := t.e.catalog()
	if st.LastQuery == nil || c == nil {
		t.say("ask_product", map[string]string{"categories": t.categoryList()})
		return
	}
	q := copyVars(st.LastQuery)
	for _, k := range []string{SlotColor, SlotSize} {
		if v, ok := t.found[k]; ok {
			q[k] = v // "anything cheaper in black?"
		}
	}
	query := QueryFromSlots(q)
	if query.Empty() {
		t.say("ask_product", map[string]string{"categories": t.categoryList()})
		return
	}
	move := t.found[SlotBrowse]
	var shown []*shopmind.Item
	for _, id := range st.Shown {
		if it := c.Item(id); it != nil {
			shown = append(shown, it)
		}
	}
	if move != BrowseMore && len(shown) > 0 {
		t.browsePrice(c, q, shown, move == BrowseCheaper)
		return
	}
	all, _ := c.Find(st.Band.apply(query), 0)
	all = st.Band.keep(all) // should Find relax the price, the band still holds
	st.LastQuery = q
	seen := map[string]bool{}
	for _, id := range st.Browsed {
		seen[id] = true
	}
	var page []*shopmind.Item
	for _, it := range all {
		if !seen[it.ID] && len(page) < shownItems {
			page = append(page, it)
		}
	}
	count := strconv.Itoa(len(all))
	if len(page) == 0 {
		if len(all) == 0 {
			t.say("items_none", nil)
		} else {
			t.say("browse_none_left", map[string]string{"count": count})
		}
		return
	}
	from := len(st.Browsed) + 1
	if from > len(all) {
		from = len(all) - len(page) + 1 // the catalog changed under the search
	}
	t.say("browse_more", map[string]string{"from": strconv.Itoa(from), "to": strconv.Itoa(from + len(page) - 1), "count": count})
	browsed := st.Browsed
	t.listFrom(page, from)
	st.Browsed = append(browsed, st.Shown...)
	if len(st.Browsed) >= len(all) {
		t.say("browse_end", map[string]string{"count": count})
	}
}

// PriceBand narrows the last search to the prices of a "cheaper" or "more
// expensive" move; a zero bound does not narrow.
type PriceBand struct {
	Below float64 `json:"below,omitempty"` // at most this price
	Above float64 `json:"above,omitempty"` // at least this price
}

// apply narrows q to the band; a nil band leaves q as it is.
func (b *PriceBand) apply(q Query) Query {
	if b == nil {
		return q
	}
	if b.Below > 0 && (q.MaxPrice == nil || b.Below < *q.MaxPrice) {
		v := b.Below
		q.MaxPrice = &v
	}
	if b.Above > 0 && (q.MinPrice == nil || b.Above > *q.MinPrice) {
		v := b.Above
		q.MinPrice = &v
	}
	return q
}

// keep returns the items within the band.
func (b *PriceBand) keep(items []*shopmind.Item) []*shopmind.Item {
	if b == nil {
		return items
	}
	var out []*shopmind.Item
	for _, it := range items {
		if (b.Below <= 0 || it.Price <= b.Below) && (b.Above <= 0 || it.Price >= b.Above) {
			out = append(out, it)
		}
	}
	return out
}

// browsePrice shows the items of the search q (the shopper's own
// constraints, not an earlier move's band) cheaper than the cheapest of
// shown (cheaper) or dearer than the dearest, and makes that band the one
// "show me more" continues in. With none, it says the shown ones were already
// the cheapest (dearest) and names the cheapest (dearest) item of q.
func (t *turn) browsePrice(c *Catalog, q map[string]string, shown []*shopmind.Item, cheaper bool) {
	st := t.st
	bound := shown[0].Price
	for _, it := range shown {
		if cheaper && it.Price < bound || !cheaper && it.Price > bound {
			bound = it.Price
		}
	}
	all, _ := c.Find(QueryFromSlots(q), 0)
	var match []*shopmind.Item
	for _, it := range all {
		if cheaper && it.Price < bound || !cheaper && it.Price > bound {
			match = append(match, it)
		}
	}
	vars := map[string]string{"price": money(bound, shown[0].Currency)}
	if len(match) == 0 {
		if len(all) == 0 {
			t.say("items_none", nil)
			return
		}
		end := all[0]
		key := "browse_cheapest"
		if !cheaper {
			end, key = all[len(all)-1], "browse_priciest"
		}
		vars["title"], vars["price"] = end.Title, money(end.Price, end.Currency)
		t.say(key, vars)
		return
	}
	// "Show me more" goes on strictly below (above) the bound, in cents.
	if cheaper {
		st.Band = &PriceBand{Below: (math.Round(bound*100) - 1) / 100}
		t.say("browse_cheaper", vars)
	} else {
		st.Band = &PriceBand{Above: (math.Round(bound*100) + 1) / 100}
		t.say("browse_pricier", vars)
	}
	st.LastQuery = q
	page := match
	if len(page) > shownItems {
		page = page[:shownItems]
	}
	t.list(page)
	st.Browsed = append([]string(nil), st.Shown...)
}

package assistant

import (
	"sort"
	"strings"

	"github.com/shopmind/shopmind/nlp"
)

// Product-type words ("running shoes", "跑鞋", "外套") constrain a catalog
// search: every item shown must carry each word in its category path, title
// or tags, compared after Stem. A term is one word with its alternatives
// ("jacket|coat" for 外套); the query's terms are joined by spaces in the
// type slot, the head noun last ("running shoe").

// Stem reduces an English word to a singular form shared by its plural
// ("shoes" → "shoe", "accessories" → "accessory", "dresses" → "dress"),
// so a query and the catalog meet whatever number each uses.
func Stem(w string) string {
	w = strings.TrimSuffix(strings.ToLower(w), "'s")
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zzes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}

// typeSynonyms map a (stemmed) shopper word to the words a catalog may use
// for it.
var typeSynonyms = map[string]string{
	"run": "running", "runner": "running", "jog": "running", "jogging": "running",
	"hike": "hiking", "hiker": "hiking", "trek": "hiking|trekking", "trekking": "hiking|trekking",
	"bike": "cycling|bike", "biking": "cycling", "cycle": "cycling", "cyclist": "cycling",
	"trainer": "sneaker|trainer", "kick": "sneaker", "sneaker": "sneaker|trainer",
	"sweater": "pullover|sweater|jumper", "jumper": "pullover|sweater|jumper", "pullover": "pullover|sweater|jumper",
	"hoody": "hoodie", "hoodie": "hoodie",
	"pant": "trouser|pant", "trouser": "trouser|pant",
	"tee": "t-shirt", "tshirt": "t-shirt",
	"headset": "headphone|earphone|headset", "earphone": "headphone|earphone", "earbud": "headphone|earbud",
	"headphone": "headphone|earphone|headset",
	"perfume":   "parfum|perfume|fragrance", "scent": "fragrance|parfum",
	"purse": "handbag|purse", "rucksack": "backpack|rucksack",
	"jacket": "jacket", "coat": "coat",
}

// typeWordsZH are Chinese product words and the English terms they stand
// for, head noun last; longer words are matched first.
var typeWordsZH = map[string][]string{
	"跑鞋": {"running", "shoe"}, "跑步鞋": {"running", "shoe"}, "运动鞋": {"sneaker|trainer|running", "shoe"}, "球鞋": {"sneaker|trainer", "shoe"},
	"登山鞋": {"hiking", "shoe"}, "徒步鞋": {"hiking", "shoe"}, "凉鞋": {"sandal"}, "拖鞋": {"sandal|slipper"},
	"靴": {"boot"}, "短靴": {"ankle", "boot"}, "鞋": {"shoe"},
	"跑步外套": {"running", "jacket"}, "外套": {"jacket|coat"}, "夹克": {"jacket"}, "大衣": {"coat"}, "风衣": {"coat|jacket"},
	"背包": {"backpack"}, "双肩包": {"backpack"}, "书包": {"backpack"}, "手提包": {"handbag"}, "旅行包": {"travel|duffel"}, "包": {"bag"},
	"耳机": {"headphone|earphone|headset"}, "手机壳": {"phone", "case"}, "相机": {"camera"}, "插座": {"plug"},
	"t恤": {"t-shirt"}, "卫衣": {"hoodie|pullover|sweater"}, "毛衣": {"pullover|sweater|jumper"}, "衬衫": {"shirt"},
	"连衣裙": {"dress"}, "裙": {"dress|skirt"}, "裤": {"trouser|pant"}, "袜": {"sock"},
	"瑜伽垫": {"yoga", "mat"}, "手套": {"glove"}, "登山杖": {"trekking", "pole"},
	"锅": {"pan|pot"}, "咖啡": {"coffee"}, "被套": {"duvet", "cover"}, "台灯": {"lamp"}, "灯": {"lamp|lighting"},
	"面霜": {"face", "cream"}, "洗发水": {"shampoo"}, "香水": {"parfum|perfume|fragrance"},
	"桌游": {"board", "game"}, "拼图": {"puzzle"}, "积木": {"building", "set"}, "玩具": {"toy"},
}

// typeWordsZHByLength is typeWordsZH's keys, longest first.
var typeWordsZHByLength = func() []string {
	ks := make([]string, 0, len(typeWordsZH))
	for k := range typeWordsZH {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if len(ks[i]) != len(ks[j]) {
			return len(ks[i]) > len(ks[j])
		}
		return ks[i] < ks[j]
	})
	return ks
}()

// notTypeWords are words that never constrain a search even when a title
// uses them: request words, sizes and the like.
var notTypeWords = map[string]bool{
	"have": true, "any": true, "show": true, "find": true, "looking": true, "look": true, "want": true, "need": true,
	"buy": true, "sell": true, "carry": true, "stock": true, "get": true, "something": true, "anything": true, "thing": true,
	"item": true, "product": true, "price": true, "size": true, "color": true, "colour": true, "cheap": true,
	"cheaper": true, "cheapest": true, "good": true, "best": true, "new": true, "please": true, "dollar": true,
	"usd": true, "one": true, "pair": true, "piece": true, "de": true, "co": true, "under": true, "over": true,
	"below": true, "above": true, "less": true, "more": true, "than": true, "between": true, "much": true,
	"recommend": true, "suggest": true, "gift": true, "order": true, "help": true, "available": true,
}

// phraseBreaks end the phrase whose last product word is the head: in
// "shoes for running" the head is "shoe".
var phraseBreaks = map[string]bool{"for": true, "with": true, "to": true, "from": true, "that": true, "which": true, "under": true, "below": true, "in": true}

// term is one product-type word of a message with its alternatives.
type term struct {
	alts []string
	core bool // before any phrase break: a candidate head
}

func (tm term) String() string { return strings.Join(tm.alts, "|") }

// expand returns the alternatives of a stemmed word.
func expand(stem string) []string {
	if s, ok := typeSynonyms[stem]; ok {
		return strings.Split(s, "|")
	}
	return []string{stem}
}

// typeTerms returns the product-type words of lower that the catalog's
// vocabulary knows, in message order, head noun last. Brand names are
// removed first.
func (c *Catalog) typeTerms(lower string) []term {
	for b := range c.brands {
		lower = replaceWord(lower, b, " ")
	}
	var out []term
	seen := map[string]bool{}
	add := func(alts []string, core bool) {
		var known []string
		for _, a := range alts {
			if c.vocab[a] {
				known = append(known, a)
			}
		}
		if len(known) == 0 {
			return
		}
		k := strings.Join(known, "|")
		if !seen[k] {
			seen[k] = true
			out = append(out, term{alts: known, core: core})
		}
	}
	// Chinese product words, longest first, each character used once,
	// then put in message order.
	zh := lower
	for _, w := range []string{"包邮", "包装", "包括", "面包", "包裹"} {
		zh = strings.ReplaceAll(zh, w, strings.Repeat(" ", len(w)))
	}
	type found struct {
		pos  int
		alts []string
	}
	var zhs []found
	for _, w := range typeWordsZHByLength {
		for {
			i := strings.Index(zh, w)
			if i < 0 {
				break
			}
			for _, t := range typeWordsZH[w] {
				zhs = append(zhs, found{i, strings.Split(t, "|")})
			}
			zh = zh[:i] + strings.Repeat(" ", len(w)) + zh[i+len(w):]
		}
	}
	sort.SliceStable(zhs, func(i, j int) bool { return zhs[i].pos < zhs[j].pos })
	for _, f := range zhs {
		add(f.alts, true)
	}
	core := true
	ws := words(lower)
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if phraseBreaks[w] && len(out) > 0 {
			core = false
		}
		if nlp.IsStopWord(w) || notTypeWords[w] || colors[w] != "" || containsDigit(w) {
			continue
		}
		if w == "t" && i+1 < len(ws) && ws[i+1] == "shirt" || w == "t" && i+1 < len(ws) && ws[i+1] == "shirts" {
			add([]string{"t-shirt"}, core)
			i++
			continue
		}
		s := Stem(w)
		if notTypeWords[s] {
			continue
		}
		add(expand(s), core)
	}
	// The head is the last word of the first phrase: move it last.
	head := -1
	for i, tm := range out {
		if tm.core {
			head = i
		}
	}
	if head >= 0 && head != len(out)-1 {
		h := out[head]
		out = append(append(out[:head:head], out[head+1:]...), h)
	}
	return out
}

// replaceWord replaces w in s at word boundaries.
func replaceWord(s, w, by string) string {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return s
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			s = s[:start] + by + s[end:]
			i = start + len(by)
			continue
		}
		i = start + 1
	}
}

// itemWords returns the stems an item answers to: its category levels,
// its title without the brand, and its tags.
func itemWords(title, brand string, category, tags []string) map[string]bool {
	out := map[string]bool{}
	addText := func(s string) {
		ws := words(strings.ToLower(s))
		for i, w := range ws {
			if w == "t" && i+1 < len(ws) && strings.HasPrefix(ws[i+1], "shirt") {
				out["t-shirt"] = true
				continue
			}
			if containsDigit(w) || nlp.IsStopWord(w) || colors[w] != "" {
				continue
			}
			out[Stem(w)] = true
		}
	}
	t := strings.ToLower(title)
	if b := strings.ToLower(strings.TrimSpace(brand)); b != "" {
		t = replaceWord(t, b, " ")
	}
	addText(t)
	for _, s := range category {
		addText(s)
	}
	for _, s := range tags {
		addText(s)
	}
	return out
}

// parseTerms reads the type slot: terms separated by spaces, alternatives
// by "|".
func parseTerms(s string) [][]string {
	var out [][]string
	for _, f := range strings.Fields(s) {
		out = append(out, strings.Split(f, "|"))
	}
	return out
}

// formatTerms writes terms as the type slot.
func formatTerms(ts []term) string {
	parts := make([]string, len(ts))
	for i, tm := range ts {
		parts[i] = tm.String()
	}
	return strings.Join(parts, " ")
}

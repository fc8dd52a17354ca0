package nlp

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AspectLexicon maps the words a review may use for an aspect to the
// aspect's canonical name ("shipping" -> "delivery", "电池" -> "battery").
type AspectLexicon struct {
	Terms map[string]string
}

// seedAspects are aspects every shop has, in English and Chinese.
var seedAspects = map[string][]string{
	"battery":  {"battery", "batteries", "charge", "charging", "charger", "电池", "电量", "续航", "充电"},
	"screen":   {"screen", "display", "屏幕", "屏", "显示屏", "显示"},
	"size":     {"size", "sizes", "sizing", "尺寸", "尺码", "大小", "码"},
	"fit":      {"fit", "fits", "fitting", "合身", "版型"},
	"delivery": {"delivery", "shipping", "shipped", "arrived", "package", "packaging", "courier", "物流", "快递", "送货", "发货", "包装", "配送"},
	"price":    {"price", "prices", "cost", "value", "money", "expensive", "cheap", "价格", "价钱", "性价比", "价位"},
	"quality":  {"quality", "material", "materials", "durable", "质量", "品质", "做工", "材质", "面料"},
	"service":  {"service", "support", "seller", "customer", "服务", "客服", "态度", "售后", "卖家"},
	"sound":    {"sound", "audio", "volume", "speaker", "音质", "声音", "音量"},
	"comfort":  {"comfort", "comfortable", "舒适", "舒服"},
	"color":    {"color", "colour", "colors", "颜色", "色差"},
	"taste":    {"taste", "flavor", "flavour", "口感", "味道", "口味"},
	"speed":    {"speed", "fast", "slow", "速度", "运行"},
}

// SeedAspects returns the lexicon of the built-in aspects.
func SeedAspects() *AspectLexicon {
	l := &AspectLexicon{Terms: map[string]string{}}
	for a, terms := range seedAspects {
		for _, t := range terms {
			l.Terms[t] = a
		}
	}
	return l
}

// Aspects returns the canonical aspect names, sorted.
func (l *AspectLexicon) Aspects() []string {
	set := map[string]bool{}
	for _, a := range l.Terms {
		set[a] = true
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// NounFinder returns the nouns of a Chinese text (*Chinese implements it).
type NounFinder interface {
	Nouns(text string) []string
}

// LearnOptions control LearnAspects.
type LearnOptions struct {
	MinDocs int // a candidate must appear in this many reviews (default 3)
	Max     int // at most this many learned aspects (default 30)
	// Nouns finds Chinese noun candidates; nil skips Chinese.
	Nouns NounFinder
}

// englishDeterminers introduce the noun phrases taken as aspect candidates.
var englishDeterminers = map[string]bool{
	"the": true, "this": true, "its": true, "my": true, "their": true, "these": true, "those": true, "your": true, "his": true, "her": true,
}

// LearnAspects returns l extended with the aspects the shop's reviews talk
// about most: English nouns after a determiner ("the zipper", "its
// strap"), and Chinese dictionary nouns, kept when at least MinDocs reviews
// use them and they are neither stop words nor opinion words. A candidate
// that is already a seed term keeps its seed aspect.
func LearnAspects(l *AspectLexicon, tok *Tokenizer, texts []string, opt LearnOptions) *AspectLexicon {
	if opt.MinDocs <= 0 {
		opt.MinDocs = 3
	}
	if opt.Max <= 0 {
		opt.Max = 30
	}
	df := map[string]int{}
	for _, text := range texts {
		seen := map[string]bool{}
		toks := tok.Tokens(text)
		for i := 1; i < len(toks); i++ {
			w := toks[i].Text
			if toks[i].Han || !englishDeterminers[toks[i-1].Text] {
				continue
			}
			// Skip a superlative in "the best pockets": take the next word.
			if strings.HasSuffix(w, "est") && i+1 < len(toks) && toks[i+1].Clause == toks[i].Clause && !toks[i+1].Han {
				w = toks[i+1].Text
			}
			if aspectLike(w) {
				seen[singular(w)] = true
			}
		}
		if opt.Nouns != nil && hasHanText(text) {
			for _, n := range opt.Nouns.Nouns(text) {
				if aspectLike(n) {
					seen[n] = true
				}
			}
		}
		for w := range seen {
			df[w]++
		}
	}
	type cand struct {
		w string
		n int
	}
	var cands []cand
	for w, n := range df {
		if n >= opt.MinDocs {
			if _, ok := l.Terms[w]; !ok {
				cands = append(cands, cand{w, n})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].n != cands[j].n {
			return cands[i].n > cands[j].n
		}
		return cands[i].w < cands[j].w
	})
	out := &AspectLexicon{Terms: make(map[string]string, len(l.Terms)+opt.Max)}
	for t, a := range l.Terms {
		out.Terms[t] = a
	}
	for i, c := range cands {
		if i >= opt.Max {
			break
		}
		out.Terms[c.w] = c.w
	}
	return out
}

// aspectLike reports whether w can name an aspect: a content word of at
// least 3 letters (2 Han characters), not a stop or opinion word.
func aspectLike(w string) bool {
	if IsStopWord(w) || IsNegation(w) || opinionWords[w] {
		return false
	}
	n := utf8.RuneCountInString(w)
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.Is(unicode.Han, r) {
		return n >= 2
	}
	return n >= 3 && unicode.IsLetter(r)
}

// opinionWords are frequent evaluative words that follow determiners but
// are not aspects.
var opinionWords = map[string]bool{
	"first": true, "last": true, "other": true, "whole": true, "same": true, "only": true, "next": true,
	"worst": true, "best": true, "new": true, "old": true, "way": true, "end": true, "day": true, "days": true,
	"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true, "people": true,
	"problem": true, "issue": true, "review": true, "reviews": true, "place": true, "movie": true, "film": true,
	"问题": true, "时候": true, "东西": true, "产品": true, "商品": true, "宝贝": true, "朋友": true,
}

// singular strips a plural "s" from longer English words.
func singular(w string) string {
	if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return strings.TrimSuffix(w, "s")
	}
	return w
}

func hasHanText(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Mention is an aspect found in a text with the clause that mentions it.
type Mention struct {
	Aspect string
	Term   string
	Clause []Token // the clause's tokens, for a sentiment classifier
}

// Find returns the aspects the tokens mention, once per aspect (the first
// mention), with their clause.
func (l *AspectLexicon) Find(toks []Token) []Mention {
	var out []Mention
	seen := map[string]bool{}
	for _, t := range toks {
		a, ok := l.Terms[t.Text]
		if !ok && !t.Han {
			a, ok = l.Terms[singular(t.Text)]
		}
		if !ok || seen[a] {
			continue
		}
		seen[a] = true
		var clause []Token
		for _, u := range toks {
			if u.Clause == t.Clause {
				clause = append(clause, u)
			}
		}
		out = append(out, Mention{Aspect: a, Term: t.Text, Clause: clause})
	}
	return out
}

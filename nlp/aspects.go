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
	"screen":   {"screen", "display", "屏幕", "显示屏", "显示"},
	"size":     {"size", "sizes", "sizing", "尺寸", "尺码", "大小", "码数", "鞋码", "偏大", "偏小"},
	"fit":      {"fit", "fits", "fitting", "合身", "版型", "修身"},
	"delivery": {"delivery", "shipping", "shipped", "arrived", "package", "packaging", "courier", "物流", "快递", "送货", "发货", "包装", "配送", "到货", "送到"},
	"price":    {"price", "prices", "cost", "value", "money", "expensive", "cheap", "价格", "价钱", "性价比", "价位", "划算", "便宜"},
	"quality":  {"quality", "material", "materials", "fabric", "durable", "workmanship", "质量", "品质", "做工", "材质", "面料", "用料", "布料", "线头"},
	"service":  {"service", "support", "seller", "customer", "服务", "客服", "态度", "售后", "卖家", "商家"},
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

// LearnOptions control LearnAspects; start from DefaultLearnOptions.
type LearnOptions struct {
	MinDocs int // a candidate must appear in this many reviews
	Max     int // at most this many learned aspects (0: none)
	// Nouns finds Chinese noun candidates; nil skips Chinese.
	Nouns NounFinder
}

// DefaultLearnOptions keeps up to 30 aspects found in at least 3 reviews.
func DefaultLearnOptions() LearnOptions { return LearnOptions{MinDocs: 3, Max: 30} }

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
// mention), with their clause. English words match whole (or without a
// plural s); Chinese terms of two or more characters match inside a
// clause's run of Chinese tokens, so they are found whether the text was
// segmented into words or cut into characters.
func (l *AspectLexicon) Find(toks []Token) []Mention {
	var out []Mention
	seen := map[string]bool{}
	add := func(a, term string, clause int) {
		if seen[a] {
			return
		}
		seen[a] = true
		var ct []Token
		for _, u := range toks {
			if u.Clause == clause {
				ct = append(ct, u)
			}
		}
		out = append(out, Mention{Aspect: a, Term: term, Clause: ct})
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.Han {
			a, ok := l.Terms[t.Text]
			if !ok {
				a, ok = l.Terms[singular(t.Text)]
			}
			if ok {
				add(a, t.Text, t.Clause)
			}
			continue
		}
		j := i
		var run []rune
		for j < len(toks) && toks[j].Han && toks[j].Clause == t.Clause {
			run = append(run, []rune(toks[j].Text)...)
			j++
		}
		for p := 0; p < len(run); {
			n := 0
			for k := min(maxHanTerm, len(run)-p); k >= 2; k-- {
				if a, ok := l.Terms[string(run[p:p+k])]; ok {
					add(a, string(run[p:p+k]), t.Clause)
					n = k
					break
				}
			}
			if n == 0 {
				n = 1
			}
			p += n
		}
		i = j - 1
	}
	return out
}

// maxHanTerm is the longest Chinese aspect term Find matches, in characters.
const maxHanTerm = 4

package nlp

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// Entity kinds.
const (
	EntityBrand   = "brand"
	EntityProduct = "product"
	EntityModel   = "model"
)

// Gazetteer finds brands, product names and model numbers in text: phrases
// from the catalog (matched on whole words, case-insensitively; Chinese by
// characters) plus a pattern for model numbers (a word mixing letters and
// digits, such as "SM-G960F" or "WH1000XM4", that is not a quantity such as
// "128GB").
type Gazetteer struct {
	phrases map[string][]gazPhrase // first word -> phrases starting with it
}

type gazPhrase struct {
	words  []string
	kind   string
	itemID string
}

// NewGazetteer builds a gazetteer from a catalog: each item's brand, its
// title, and its title without the brand cut to the first words up to and
// including the first number or code (a product line such as "iPhone 12"
// or "V11"), when those words are not only common catalog words.
func NewGazetteer(items []*shopmind.Item) *Gazetteer {
	g := &Gazetteer{phrases: map[string][]gazPhrase{}}
	seen := map[string]bool{}
	add := func(text, kind, itemID string) {
		ws := entityWords(text)
		if len(ws) == 0 {
			return
		}
		key := kind + "\x00" + strings.Join(wordTexts(ws), " ")
		if seen[key] {
			return
		}
		seen[key] = true
		p := gazPhrase{words: wordTexts(ws), kind: kind, itemID: itemID}
		g.phrases[p.words[0]] = append(g.phrases[p.words[0]], p)
	}
	for _, it := range items {
		brand := strings.TrimSpace(it.Brand)
		if brand != "" && !allCommon(entityWords(brand)) {
			add(brand, EntityBrand, "")
		}
		add(it.Title, EntityProduct, it.ID)
		if short := productLine(it.Title, brand); short != "" {
			add(short, EntityProduct, "")
		}
	}
	for k, ps := range g.phrases {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
		g.phrases[k] = ps
	}
	return g
}

// productLine returns the title without a leading brand, cut after its
// first word with a digit within the first four words, or "".
func productLine(title, brand string) string {
	ws := entityWords(title)
	bw := entityWords(brand)
	if len(bw) > 0 && len(ws) > len(bw) && strings.Join(wordTexts(ws[:len(bw)]), " ") == strings.Join(wordTexts(bw), " ") {
		ws = ws[len(bw):]
	}
	for i := 0; i < len(ws) && i < 4; i++ {
		w := ws[i].text
		if !hasDigit(w) || (isQuantity(w) && hasLetter(w)) {
			continue
		}
		switch {
		case i == 0 && hasLetter(w) && !hasHanText(w) && !isQuantity(w):
			return title[ws[0].start:ws[0].end] // a bare model such as "V11"
		case i == 0 || allCommon(ws[:i]):
			return ""
		}
		return title[ws[0].start:ws[i].end]
	}
	return ""
}

// word is a lower-cased word of text with its byte span.
type word struct {
	text       string
	start, end int
}

// entityWords splits text into lower-cased words of letters, digits and
// inner hyphens; each Han character is a word.
func entityWords(text string) []word {
	var out []word
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, word{strings.ToLower(strings.Trim(text[start:end], "-")), start, end})
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flush(i)
			out = append(out, word{string(r), i, i + utf8.RuneLen(r)})
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '-' && start >= 0):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(text))
	return out
}

func wordTexts(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.text
	}
	return out
}

func allCommon(ws []word) bool {
	for _, w := range ws {
		if !IsStopWord(w.text) && !commonWords[w.text] {
			return false
		}
	}
	return true
}

// commonWords are catalog words that are not names on their own.
var commonWords = map[string]bool{
	"men": true, "mens": true, "women": true, "womens": true, "kids": true, "boys": true, "girls": true, "baby": true,
	"shoes": true, "shoe": true, "shirt": true, "pack": true, "set": true, "new": true, "size": true, "black": true,
	"white": true, "blue": true, "red": true, "classic": true, "original": true, "fresh": true, "organic": true,
	"running": true, "toy": true, "toys": true, "kit": true, "pro": true, "plus": true, "mini": true, "max": true,
	"fresho": false, "home": true, "natural": true, "premium": true, "super": true, "style": true, "unisex": true,
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// quantityUnits end words that are amounts, not model numbers.
var quantityUnits = []string{"gb", "tb", "mb", "kb", "mah", "mm", "cm", "m", "km", "kg", "g", "mg", "ml", "l", "oz", "lb", "lbs",
	"in", "ft", "w", "kw", "v", "hz", "khz", "mhz", "ghz", "pcs", "pc", "pk", "x", "s", "th", "st", "nd", "rd", "p", "k", "yr", "yrs", "am", "pm", "d", "h", "min", "sec", "pack", "ct"}

// isQuantity reports whether w is a number followed by a unit ("128gb", "2pcs", "4k").
func isQuantity(w string) bool {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == '.') {
		i++
	}
	if i == 0 {
		return false
	}
	rest := w[i:]
	if rest == "" {
		return true
	}
	for _, u := range quantityUnits {
		if rest == u {
			return true
		}
	}
	return false
}

// isModelNumber reports whether w looks like a model number.
func isModelNumber(w string) bool {
	n := len(w)
	return n >= 4 && n <= 24 && hasDigit(w) && hasLetter(w) && !isQuantity(w) && !hasHanText(w)
}

// Find returns the entities in text, longest catalog match first and
// without overlaps, then model numbers, in text order.
func (g *Gazetteer) Find(text string) []shopmind.Entity {
	ws := entityWords(text)
	var out []shopmind.Entity
	for i := 0; i < len(ws); {
		matched := 0
		for _, p := range g.phrases[ws[i].text] {
			if i+len(p.words) > len(ws) {
				continue
			}
			ok := true
			for k, pw := range p.words {
				if ws[i+k].text != pw {
					ok = false
					break
				}
			}
			// Han phrases must not start or end inside a longer Han run only by
			// accident of one character: require at least two characters.
			if ok && len(p.words) == 1 && hasHanText(p.words[0]) {
				ok = false
			}
			if ok {
				end := ws[i+len(p.words)-1].end
				out = append(out, shopmind.Entity{Text: text[ws[i].start:end], Kind: p.kind, Start: ws[i].start, End: end, ItemID: p.itemID})
				matched = len(p.words)
				break
			}
		}
		if matched > 0 {
			i += matched
			continue
		}
		if isModelNumber(ws[i].text) {
			out = append(out, shopmind.Entity{Text: text[ws[i].start:ws[i].end], Kind: EntityModel, Start: ws[i].start, End: ws[i].end})
		}
		i++
	}
	return out
}

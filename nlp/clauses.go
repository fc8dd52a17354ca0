package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// englishContrasts start a clause that may turn the opinion around ("great
// fabric but the zipper broke").
var englishContrasts = map[string]bool{
	"but": true, "however": true, "although": true, "though": true, "whereas": true, "except": true, "yet": true,
}

// chineseContrasts do the same in Chinese, longest first.
var chineseContrasts = []string{"但是", "不过", "可是", "然而", "只是", "可惜", "但", "却"}

// Clauses splits a sentence into clauses: at commas, semicolons and colons
// (also the Chinese ones and 、) and before a contrast word such as "but",
// "although", 但是 or 不过 (the word stays with the clause it starts). Each
// clause is trimmed; empty ones are dropped.
func Clauses(sentence string) []string { return splitClauses(sentence, true) }

// Contrasts splits a sentence only before its contrast words: the parts
// that may hold opposite opinions ("great fabric" | "but the zipper broke").
func Contrasts(sentence string) []string { return splitClauses(sentence, false) }

func splitClauses(sentence string, punct bool) []string {
	var out []string
	start := 0
	cut := func(end int) {
		if c := strings.TrimSpace(sentence[start:end]); c != "" && !onlyPunct(c) {
			out = append(out, c)
		}
		start = end
	}
	for i := 0; i < len(sentence); {
		r, size := utf8.DecodeRuneInString(sentence[i:])
		switch {
		case punct && (r == ',' || r == ';' || r == ':' || r == '，' || r == '；' || r == '：' || r == '、'):
			cut(i)
			start = i + size
			i += size
			continue
		case unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) && (i == 0 || !isLatinWordRune(sentence[:i])):
			// The start of a Latin word: a contrast word begins a clause.
			j := i
			for j < len(sentence) {
				r2, s2 := utf8.DecodeRuneInString(sentence[j:])
				if !unicode.IsLetter(r2) || unicode.Is(unicode.Han, r2) {
					break
				}
				j += s2
			}
			if englishContrasts[strings.ToLower(sentence[i:j])] && i > start {
				cut(i)
			}
			i = j
			continue
		case unicode.Is(unicode.Han, r):
			for _, w := range chineseContrasts {
				if strings.HasPrefix(sentence[i:], w) && i > start && !strings.HasSuffix(sentence[:i], "不") {
					cut(i)
					break
				}
			}
		}
		i += size
	}
	cut(len(sentence))
	return out
}

// isLatinWordRune reports whether s ends in a letter that is not Han (so the
// next letter continues a word).
func isLatinWordRune(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r)
}

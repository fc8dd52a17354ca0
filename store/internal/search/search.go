// Package search builds the text both stores keep per item for
// ItemFilter.Query, and turns a query into the patterns to look for in it,
// so SQLite and PostgreSQL find the same items.
//
// An item's search text is Marker, then its lower-cased id, title, brand,
// category levels and tags (for plain substring matches), then every word
// of those fields once more, each preceded by Sep: English words by their
// stem (Porter's steps 1 and 5a: "shoes" and "shoe" give "shoe", "dresses"
// "dress", "running" "run"), other words as written, and runs of Chinese,
// Japanese or Korean characters whole.
//
// A query matches an item when its lower-cased text is a substring of the
// item's fields, or when every query word matches: an English or other word
// when its stem starts a stemmed word of the item (Sep+stem is a substring),
// a CJK run when it is a substring of the item's text ("鞋" finds "跑鞋").
// Both texts go through Unicode NFKC first, so full-width "ＮＩＫＥ" is "nike".
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/shopmind/shopmind"
)

// Marker starts every search text Text builds. A stored text without it was
// built by an older version; stores rebuild those rows when they open.
// Change the second byte whenever Text changes.
const Marker = "\x1e\x02"

// Sep precedes each word of the stemmed part of a search text.
const Sep = "\x1f"

// maxTerms bounds the words of a query that become patterns.
const maxTerms = 16

// Text returns the search text of an item (see the package comment).
func Text(it *shopmind.Item) string {
	fields := []string{it.ID, it.Title, it.Brand, strings.Join(it.Category, " / "), strings.Join(it.Tags, " ")}
	var b strings.Builder
	b.WriteString(Marker)
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(clean(f))
	}
	b.WriteByte('\n')
	seen := map[string]bool{}
	for _, f := range fields {
		for _, w := range words(clean(f)) {
			if !seen[w] {
				seen[w] = true
				b.WriteString(Sep)
				b.WriteString(w)
			}
		}
	}
	return b.String()
}

// Query is what a store looks for in search texts for one ItemFilter.Query.
type Query struct {
	// Raw is the cleaned, lower-cased query: an item matches when it is a
	// substring of its search text.
	Raw string
	// Terms are the patterns of the query's words: an item matches when
	// every one is a substring of its search text. Empty when Raw alone
	// decides: a query without words (only punctuation, say), or one word
	// that is its own stem, whose pattern can only match where Raw does.
	Terms []string
}

// Parse turns an ItemFilter.Query into the patterns to look for; ok is
// false for a query with nothing to look for (blank, or control characters
// only).
func Parse(q string) (Query, bool) {
	raw := strings.TrimSpace(clean(q))
	if raw == "" {
		return Query{}, false
	}
	out := Query{Raw: raw}
	seen := map[string]bool{}
	for _, w := range words(raw) {
		t := w
		if !isCJK(firstRune(w)) {
			t = Sep + w
		}
		if !seen[t] && len(out.Terms) < maxTerms {
			seen[t] = true
			out.Terms = append(out.Terms, t)
		}
	}
	if len(out.Terms) == 1 && strings.TrimPrefix(out.Terms[0], Sep) == raw {
		out.Terms = nil // one scan instead of two for "shoe", "p00012", "鞋"
	}
	return out, true
}

// clean lower-cases s after NFKC and turns control characters (Marker and
// Sep among them) into spaces.
func clean(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// words splits cleaned text into stemmed words and CJK runs.
func words(s string) []string {
	var out []string
	var cur []rune
	cjk := false
	flush := func() {
		if len(cur) > 0 {
			w := string(cur)
			if !cjk {
				w = strings.NewReplacer("'", "", "’", "").Replace(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
				w = Stem(w)
			}
			if w != "" {
				out = append(out, w)
			}
		}
		cur = cur[:0]
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			if !cjk {
				flush()
			}
			cjk = true
			cur = append(cur, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) ||
			((r == '\'' || r == '’') && len(cur) > 0 && !cjk):
			if cjk {
				flush()
			}
			cjk = false
			cur = append(cur, r)
		default:
			flush()
			cjk = false
		}
	}
	flush()
	return out
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// isCJK reports whether r is a Chinese, Japanese or Korean character: text
// in those scripts has no spaces between words, so runs of them are matched
// as substrings instead of words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

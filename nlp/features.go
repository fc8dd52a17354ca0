package nlp

import (
	"strings"
	"unicode/utf8"
)

// FeatureVersion changes when the hashed features of a token list change,
// so stored FastText models are retrained rather than misread (2: negated
// words' character n-grams have their own kind).
const FeatureVersion = 2

// feature is one hashed n-gram of a document; group names what an
// explanation reports it as (a word gathers its character n-grams).
type feature struct {
	hash  uint32
	group string
}

// Feature kinds, mixed into the hash so a word and an n-gram never share it.
const (
	kindWord   = 'w'
	kindBigram = 'b'
	kindChar   = 'c'
	// kindNegChar: character n-grams of a negated word ("not_bad"), kept
	// apart from the plain word's ("bad") so negation is not read as the
	// word itself.
	kindNegChar = 'n'
)

// fnv32 is FNV-1a over a kind byte and the parts, separated by a space.
func fnv32(kind byte, parts ...string) uint32 {
	h := uint32(2166136261)
	h ^= uint32(kind)
	h *= 16777619
	for i, p := range parts {
		if i > 0 {
			h ^= ' '
			h *= 16777619
		}
		for j := 0; j < len(p); j++ {
			h ^= uint32(p[j])
			h *= 16777619
		}
	}
	return h
}

// fnv32Runes is fnv32(kind, string(rs)) without building the string.
func fnv32Runes(kind byte, rs []rune) uint32 {
	h := uint32(2166136261)
	h ^= uint32(kind)
	h *= 16777619
	var buf [utf8.UTFMax]byte
	for _, r := range rs {
		n := utf8.EncodeRune(buf[:], r)
		for j := 0; j < n; j++ {
			h ^= uint32(buf[j])
			h *= 16777619
		}
	}
	return h
}

// ngramConfig says which n-grams a hashed model uses.
type ngramConfig struct {
	WordNgrams int // 1: words only; 2: words and word bigrams
	MinN, MaxN int // character n-gram lengths (in runes) of "<word>"; MaxN 0 disables
}

// extract appends the hashed features of doc to dst; with names it also
// fills the group of each feature (slower; used for explanations).
func (c ngramConfig) extract(dst []feature, doc []string, names bool) []feature {
	var runes []rune
	for i, w := range doc {
		f := feature{hash: fnv32(kindWord, w)}
		if names {
			f.group = w
		}
		dst = append(dst, f)
		if c.WordNgrams >= 2 && i > 0 {
			f := feature{hash: fnv32(kindBigram, doc[i-1], w)}
			if names {
				f.group = doc[i-1] + " " + w
			}
			dst = append(dst, f)
		}
		if c.MaxN > 0 {
			kind := byte(kindChar)
			base := w
			if rest, ok := strings.CutPrefix(w, "not_"); ok && rest != "" {
				kind, base = kindNegChar, rest
			}
			runes = append(runes[:0], '<')
			runes = append(runes, []rune(base)...)
			runes = append(runes, '>')
			for n := c.MinN; n <= c.MaxN; n++ {
				for s := 0; s+n <= len(runes); s++ {
					if n == len(runes) {
						continue // the whole "<word>" is the word feature
					}
					f := feature{hash: fnv32Runes(kind, runes[s:s+n])}
					if names {
						f.group = w
					}
					dst = append(dst, f)
				}
			}
		}
	}
	return dst
}

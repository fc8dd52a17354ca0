package nlp

import (
	"math"
	"slices"
)

// charMark starts a character n-gram term, so "ab" the word and "ab" the
// n-gram of a longer word are different terms (no token holds a NUL byte).
const charMark = 0

// sparse is a TF-IDF vector.
type sparse struct {
	idx []int32
	val []float32
}

// eachTerm calls fn with each n-gram of doc, in buf (reused and returned;
// fn must not keep the slice), and the word it belongs to (at, an index of
// doc; a bigram belongs to its second word, with at = -1-index): words, word bigrams ("a b") with WordNgrams
// 2, and with MaxN > 0 the character MinN..MaxN-grams of "<word>" (not the
// whole "<word>", which is the word, nor a lone "<" or ">").
func (m *LogReg) eachTerm(doc []string, buf []byte, fn func(t []byte, at int)) []byte {
	p := m.Params
	for i, w := range doc {
		buf = append(buf[:0], w...)
		fn(buf, i)
		if p.WordNgrams >= 2 && i > 0 {
			buf = append(append(append(buf[:0], doc[i-1]...), ' '), w...)
			fn(buf, -1-i)
		}
	}
	if p.MaxN <= 0 {
		return buf
	}
	var bounds [64]int // byte offsets of the runes of "<word>"
	for i, w := range doc {
		word := make([]byte, 0, len(w)+2)
		word = append(append(append(word, '<'), w...), '>')
		at := bounds[:0]
		for o := range string(word) {
			at = append(at, o)
		}
		runes := len(at)
		at = append(at, len(word))
		if runes > len(bounds)-1 {
			runes = len(bounds) - 1 // very long tokens: n-grams of the start only
		}
		for n := p.MinN; n <= p.MaxN && n < runes; n++ {
			for s := 0; s+n <= runes; s++ {
				if n == 1 && (s == 0 || s == runes-1) {
					continue // "<" or ">"
				}
				buf = append(append(buf[:0], charMark), word[at[s]:at[s+n]]...)
				fn(buf, i)
			}
		}
	}
	return buf
}

// terms returns the n-grams of doc as eachTerm gives them.
func (m *LogReg) terms(doc []string) []string {
	var out []string
	m.eachTerm(doc, nil, func(t []byte, _ int) { out = append(out, string(t)) })
	return out
}

// vector returns the unit TF-IDF vector of doc over the vocabulary.
func (m *LogReg) vector(doc []string) sparse {
	var ids []int32
	m.eachTerm(doc, nil, func(t []byte, _ int) {
		if i, ok := m.vocab[string(t)]; ok {
			ids = append(ids, i)
		}
	})
	return m.tfidf(ids)
}

// tfidf returns the unit TF-IDF vector of a document's term ids (repeats
// count): sublinear term frequency 1 + ln(tf) times the idf. ids is sorted
// in place.
func (m *LogReg) tfidf(ids []int32) sparse {
	slices.Sort(ids)
	v := sparse{idx: make([]int32, 0, len(ids)), val: make([]float32, 0, len(ids))}
	var norm float64
	for k := 0; k < len(ids); {
		n := 1
		for k+n < len(ids) && ids[k+n] == ids[k] {
			n++
		}
		x := (1 + math.Log(float64(n))) * float64(m.idf[ids[k]])
		v.idx = append(v.idx, ids[k])
		v.val = append(v.val, float32(x))
		norm += x * x
		k += n
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for k := range v.val {
			v.val[k] *= inv
		}
	}
	return v
}

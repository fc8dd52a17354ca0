package assistant

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
)

// FAQEntry is one question of the shop's FAQ with its answer.
type FAQEntry struct {
	ID        string   `json:"id"`
	Lang      string   `json:"lang"`      // "en" or "zh"
	Intent    string   `json:"intent"`    // the intent it answers, e.g. "delivery"
	Questions []string `json:"questions"` // ways shoppers ask it
	Answer    string   `json:"answer"`
}

// FAQMatch is a retrieved FAQ entry.
type FAQMatch struct {
	Entry *FAQEntry
	Score float64 // BM25
	// Confidence in [0, 1] is the share of the query's information (IDF
	// mass) found in the entry: 1 when every query term occurs in it.
	Confidence float64
}

// FAQ retrieves answers with BM25 over each entry's questions and answer.
// English is indexed by words (stop words dropped), Chinese by character
// unigrams and bigrams, so it needs no segmenter.
type FAQ struct {
	K1, B   float64
	entries []*FAQEntry
	docs    []map[string]int // term counts per entry
	lens    []float64
	avgLen  float64
	df      map[string]int
}

// ParseFAQ reads FAQ entries from JSON (an array of FAQEntry).
func ParseFAQ(b []byte) (*FAQ, error) {
	var es []*FAQEntry
	if err := json.Unmarshal(b, &es); err != nil {
		return nil, fmt.Errorf("parse faq: %w", err)
	}
	for i, e := range es {
		if e.ID == "" || e.Answer == "" || len(e.Questions) == 0 {
			return nil, fmt.Errorf("parse faq: entry %d needs an id, questions and an answer", i)
		}
	}
	return NewFAQ(es), nil
}

// NewFAQ indexes entries.
func NewFAQ(entries []*FAQEntry) *FAQ {
	f := &FAQ{K1: 1.2, B: 0.75, entries: entries, df: map[string]int{}}
	total := 0.0
	for _, e := range entries {
		// Questions count twice: they are how shoppers phrase it.
		text := strings.Join(e.Questions, " ") + " " + strings.Join(e.Questions, " ") + " " + e.Answer
		tf := map[string]int{}
		n := 0
		for _, t := range faqTerms(text) {
			tf[t]++
			n++
		}
		for t := range tf {
			f.df[t]++
		}
		f.docs = append(f.docs, tf)
		f.lens = append(f.lens, float64(n))
		total += float64(n)
	}
	if len(entries) > 0 {
		f.avgLen = total / float64(len(entries))
	}
	return f
}

func (f *FAQ) idf(t string) float64 {
	n := float64(len(f.entries))
	df := float64(f.df[t])
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// Search returns the best k entries for query in language lang ("" for
// any), best first.
func (f *FAQ) Search(query, lang string, k int) []FAQMatch {
	terms := dedupe(faqTerms(query))
	if len(terms) == 0 {
		return nil
	}
	mass := 0.0
	for _, t := range terms {
		mass += f.idf(t)
	}
	var out []FAQMatch
	for i, e := range f.entries {
		if lang != "" && e.Lang != lang {
			continue
		}
		score, found := 0.0, 0.0
		for _, t := range terms {
			tf := float64(f.docs[i][t])
			if tf == 0 {
				continue
			}
			idf := f.idf(t)
			found += idf
			score += idf * tf * (f.K1 + 1) / (tf + f.K1*(1-f.B+f.B*f.lens[i]/f.avgLen))
		}
		if score > 0 {
			out = append(out, FAQMatch{Entry: e, Score: score, Confidence: found / mass})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// faqStop are English words too common to retrieve by.
var faqStop = map[string]bool{
	"a": true, "an": true, "the": true, "is": true, "are": true, "do": true, "does": true, "i": true, "you": true,
	"my": true, "your": true, "to": true, "of": true, "in": true, "on": true, "for": true, "it": true, "can": true,
	"how": true, "what": true, "me": true, "we": true, "be": true, "and": true, "or": true, "with": true, "there": true,
	"this": true, "that": true, "please": true, "will": true, "at": true, "if": true, "have": true, "any": true,
	"的": true, "吗": true, "了": true, "我": true, "你": true, "是": true, "么": true, "呢": true,
}

// faqTerms returns English words (lower-cased, stop words dropped, a final
// "s" trimmed) and Chinese character unigrams and bigrams.
func faqTerms(s string) []string {
	var out []string
	var word []rune
	var prevHan rune
	flush := func() {
		if len(word) > 0 {
			w := string(word)
			if !faqStop[w] {
				if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
					w = w[:len(w)-1]
				}
				out = append(out, w)
			}
			word = word[:0]
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			if !faqStop[string(r)] {
				out = append(out, string(r))
			}
			if prevHan != 0 {
				out = append(out, string(prevHan)+string(r))
			}
			prevHan = r
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, r)
		default:
			flush()
		}
		prevHan = 0
	}
	flush()
	return out
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

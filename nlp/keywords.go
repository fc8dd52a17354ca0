package nlp

import (
	"math"
	"sort"
)

// Keyword is a word with its score.
type Keyword struct {
	Word  string  `json:"word"`
	Score float64 `json:"score"`
}

// DocFreq counts in how many documents each word appears, for TF-IDF.
type DocFreq struct {
	N  int
	DF map[string]int
}

// NewDocFreq returns an empty DocFreq.
func NewDocFreq() *DocFreq { return &DocFreq{DF: map[string]int{}} }

// Add counts one document's words.
func (d *DocFreq) Add(doc []string) {
	d.N++
	seen := map[string]bool{}
	for _, w := range doc {
		if !seen[w] {
			seen[w] = true
			d.DF[w]++
		}
	}
}

// IDF is the smoothed inverse document frequency of w.
func (d *DocFreq) IDF(w string) float64 {
	return math.Log(float64(d.N+1)/float64(d.DF[w]+1)) + 1
}

// keywordCandidate reports whether w may be a keyword or tag.
func keywordCandidate(w string) bool { return aspectLike(w) }

// Keywords returns the k words of docs (one product's reviews) with the
// highest TF-IDF against the corpus df: frequent here, rare elsewhere.
// Words in fewer than minDocs of docs are skipped.
func Keywords(docs [][]string, df *DocFreq, k, minDocs int) []Keyword {
	tf := map[string]int{}
	in := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, w := range d {
			if !keywordCandidate(w) {
				continue
			}
			tf[w]++
			if !seen[w] {
				seen[w] = true
				in[w]++
			}
		}
	}
	var out []Keyword
	for w, n := range tf {
		if in[w] < minDocs {
			continue
		}
		out = append(out, Keyword{Word: w, Score: (1 + math.Log(float64(n))) * df.IDF(w)})
	}
	return topKeywords(out, k)
}

// TextRank ranks the words of docs by PageRank on their co-occurrence graph
// (words within window positions of each other in a clause-free token
// list; Mihalcea and Tarau 2004) and returns the top k candidates.
func TextRank(docs [][]string, window, k int) []Keyword {
	if window < 2 {
		window = 2
	}
	idx := map[string]int{}
	var words []string
	var edges []map[int]float64
	id := func(w string) int {
		if i, ok := idx[w]; ok {
			return i
		}
		idx[w] = len(words)
		words = append(words, w)
		edges = append(edges, map[int]float64{})
		return len(words) - 1
	}
	for _, d := range docs {
		var kept []int
		for _, w := range d {
			if keywordCandidate(w) {
				kept = append(kept, id(w))
			}
		}
		for i := range kept {
			for j := i + 1; j < len(kept) && j < i+window; j++ {
				if kept[i] != kept[j] {
					edges[kept[i]][kept[j]]++
					edges[kept[j]][kept[i]]++
				}
			}
		}
	}
	n := len(words)
	if n == 0 {
		return nil
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	const d = 0.85
	sum := make([]float64, n)
	for i, e := range edges {
		for _, w := range e {
			sum[i] += w
		}
	}
	next := make([]float64, n)
	for it := 0; it < 50; it++ {
		delta := 0.0
		for i := range next {
			next[i] = 1 - d
		}
		for j, e := range edges {
			if sum[j] == 0 {
				continue
			}
			for i, w := range e {
				next[i] += d * w / sum[j] * out[j]
			}
		}
		for i := range out {
			delta += math.Abs(next[i] - out[i])
			out[i] = next[i]
		}
		if delta < 1e-6*float64(n) {
			break
		}
	}
	kw := make([]Keyword, n)
	for i, w := range words {
		kw[i] = Keyword{Word: w, Score: out[i]}
	}
	return topKeywords(kw, k)
}

func topKeywords(kw []Keyword, k int) []Keyword {
	sort.Slice(kw, func(i, j int) bool {
		if kw[i].Score != kw[j].Score {
			return kw[i].Score > kw[j].Score
		}
		return kw[i].Word < kw[j].Word
	})
	if len(kw) > k {
		kw = kw[:k]
	}
	return kw
}

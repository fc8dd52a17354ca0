package recommend

import (
	"container/heap"
	"context"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/shopmind/shopmind"
)

// ContentParams are the hyper-parameters of Content.
type ContentParams struct {
	K int // neighbours kept per item
	// Field weights multiply the TF-IDF of tokens from each field.
	TitleWeight, DescriptionWeight, CategoryWeight, BrandWeight, AttributeWeight float32
}

// DefaultContentParams returns K=100 and title 1, description 0.5, category
// 1, brand 0.5, attributes 0.5.
func DefaultContentParams() ContentParams {
	return ContentParams{K: 100, TitleWeight: 1, DescriptionWeight: 0.5, CategoryWeight: 1, BrandWeight: 0.5, AttributeWeight: 0.5}
}

// Content is content-based filtering: items are TF-IDF vectors over their
// title, description, category path, brand, tags and attributes, and an
// item's score is the sum of its cosine similarities to the user's history
// items, over each history item's K nearest neighbours. It needs no
// interactions, so it recommends new items and serves unknown users.
type Content struct {
	Params ContentParams
	state  itemKNNState
}

// NewContent returns a Content model with default parameters.
func NewContent() *Content { return &Content{Params: DefaultContentParams()} }

// Name implements Model.
func (m *Content) Name() string { return "content" }

// Tokens splits text into lowercase letter/digit runs of at least two runes,
// without common English stop words.
func Tokens(text string) []string {
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := f[:0]
	for _, t := range f {
		if len([]rune(t)) >= 2 && !stopWords[t] {
			out = append(out, t)
		}
	}
	return out
}

var stopWords = map[string]bool{"the": true, "and": true, "for": true, "with": true, "of": true, "to": true, "in": true,
	"on": true, "an": true, "is": true, "it": true, "this": true, "that": true, "or": true, "by": true, "at": true,
	"from": true, "as": true, "be": true, "are": true, "your": true, "you": true}

// features returns an item's weighted term counts.
func (p ContentParams) features(it *shopmind.Item) map[string]float32 {
	tf := map[string]float32{}
	add := func(prefix string, toks []string, w float32) {
		for _, t := range toks {
			tf[prefix+t] += w
		}
	}
	add("", Tokens(it.Title), p.TitleWeight)
	add("", Tokens(it.Description), p.DescriptionWeight)
	for d, c := range it.Category {
		// The whole path prefix is one feature: "Shoes/Running" is more
		// specific than "Shoes".
		tf["cat:"+strings.ToLower(strings.Join(it.Category[:d+1], "/"))] += p.CategoryWeight
		add("", Tokens(c), p.CategoryWeight/2)
	}
	for _, t := range it.Tags {
		tf["tag:"+strings.ToLower(t)] += p.CategoryWeight
	}
	if it.Brand != "" {
		tf["brand:"+strings.ToLower(it.Brand)] += p.BrandWeight
	}
	for k, v := range it.Attributes {
		tf["attr:"+strings.ToLower(k)+"="+strings.ToLower(v)] += p.AttributeWeight
	}
	return tf
}

// Fit implements Model. It needs d.Catalog; items without metadata get no
// neighbours. It returns EINVALID when no item has metadata.
func (m *Content) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	p := m.Params
	if p.K < 1 {
		return shopmind.FieldErrorf("k", "k must be >= 1")
	}
	n := d.NumItems()
	vocab := map[string]int32{}
	var df []int
	rows := make([]map[int32]float32, n)
	known := 0
	for i := 0; i < n; i++ {
		it := d.Item(i)
		if it == nil {
			continue
		}
		known++
		row := map[int32]float32{}
		for t, c := range p.features(it) {
			id, ok := vocab[t]
			if !ok {
				id = int32(len(df))
				vocab[t] = id
				df = append(df, 0)
			}
			df[id]++
			row[id] = c
		}
		rows[i] = row
	}
	if known == 0 {
		return shopmind.Errorf(shopmind.EINVALID, "content: no item has catalog metadata")
	}
	// TF-IDF with sublinear tf, L2-normalised; then an inverted index.
	type entry struct {
		item int32
		w    float32
	}
	postings := make([][]entry, len(df))
	vecs := make([][]entry, n) // term, weight
	// Terms shared by very many items (a top-level category of a large
	// catalog) cost time quadratic in their frequency and, with a low IDF,
	// barely move a ranking: they count in each item's norm but are left out
	// of the inverted index. Catalogs under 40,000 items keep every term.
	maxDF := max(2000, known/20)
	for i, row := range rows {
		var norm float64
		for t, c := range row {
			tfw := float64(c) // field weights below 1 stay linear
			if c > 1 {
				tfw = 1 + math.Log(float64(c))
			}
			w := float32(tfw * (math.Log(float64(known+1)/float64(df[t]+1)) + 1))
			row[t] = w
			norm += float64(w * w)
		}
		if norm == 0 {
			continue
		}
		s := float32(1 / math.Sqrt(norm))
		terms := make([]int32, 0, len(row))
		for t := range row {
			terms = append(terms, t)
		}
		sort.Slice(terms, func(a, b int) bool { return terms[a] < terms[b] })
		for _, t := range terms {
			w := row[t] * s
			vecs[i] = append(vecs[i], entry{t, w})
			if df[t] <= maxDF {
				postings[t] = append(postings[t], entry{int32(i), w})
			}
		}
	}
	sims := make([][]Scored, n)
	// Each worker accumulates into a dense scratch row and clears only what
	// it touched; the top K are kept in a heap and copied out, so no item
	// holds on to its whole candidate list.
	type scratch struct {
		acc     []float32
		touched []int32
	}
	pool := sync.Pool{New: func() any { return &scratch{acc: make([]float32, n)} }}
	err := parallelBlocks(ctx, n, 512, "content similarities", progress, func(i int) {
		if len(vecs[i]) == 0 {
			return
		}
		sc := pool.Get().(*scratch)
		defer pool.Put(sc)
		for _, e := range vecs[i] {
			for _, q := range postings[e.item] {
				if int(q.item) == i {
					continue
				}
				if sc.acc[q.item] == 0 {
					sc.touched = append(sc.touched, q.item)
				}
				sc.acc[q.item] += e.w * q.w
			}
		}
		h := make(minHeap, 0, p.K+1)
		for _, j := range sc.touched {
			c := Scored{int(j), sc.acc[j]}
			sc.acc[j] = 0
			if len(h) < p.K {
				heap.Push(&h, c)
			} else if better(c, h[0]) {
				h[0] = c
				heap.Fix(&h, 0)
			}
		}
		sc.touched = sc.touched[:0]
		top := make([]Scored, len(h))
		for k := len(h) - 1; k >= 0; k-- {
			top[k] = heap.Pop(&h).(Scored)
		}
		sims[i] = top
	})
	if err != nil {
		return err
	}
	nl := neighbourList{Ptr: make([]int, n+1)}
	for i, c := range sims {
		nl.Ptr[i+1] = nl.Ptr[i] + len(c)
		for _, s := range c {
			nl.Idx = append(nl.Idx, int32(s.Item))
			nl.Sim = append(nl.Sim, s.Score)
		}
	}
	m.state = itemKNNState{Params: KNNParams{K: p.K, Similarity: Cosine}, NItems: n, N: nl}
	return nil
}

// Score implements Model.
func (m *Content) Score(user int, history []int, dst []float32) {
	(&ItemKNN{state: m.state}).Score(user, history, dst)
}

// Neighbours returns the items most similar in content to item i, best
// first, at most n.
func (m *Content) Neighbours(i, n int) []Scored { return (&ItemKNN{state: m.state}).Neighbours(i, n) }

type contentState struct {
	Params ContentParams
	KNN    itemKNNState
}

// Marshal implements Model.
func (m *Content) Marshal(w io.Writer) error {
	return writeModel(w, m.Name(), &contentState{m.Params, m.state})
}

// Unmarshal implements Model.
func (m *Content) Unmarshal(r io.Reader) error {
	var s contentState
	if err := readModel(r, m.Name(), &s); err != nil {
		return err
	}
	m.Params, m.state = s.Params, s.KNN
	return nil
}

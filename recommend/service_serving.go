package recommend

import (
	"bytes"
	"context"
	"encoding/gob"
	"sort"

	"github.com/shopmind/shopmind"
)

// serving is one loaded model version with everything a request needs. It
// is immutable once built, so requests share it without locks; Service
// swaps whole servings.
type serving struct {
	meta     *shopmind.Model // without Data
	bundle   *Bundle
	art      *artifact
	catalog  []*shopmind.Item // by item index; nil for items the store does not hold
	servable []bool           // by item index: in the store's catalog and active
	anyItems bool             // the store has a catalog: recommend only items in it
	popScore []float32        // Recent + 0.1 * Pop
	popOrder []int32          // items by popScore, best first
	sparse   *sparseModel     // nil: score densely
	explain  []explainPart    // parts whose item-item weights explain a score
}

// newServing decodes a stored model and reads the current catalog.
func (s *Service) newServing(ctx context.Context, m *shopmind.Model) (*serving, error) {
	var art artifact
	if err := gob.NewDecoder(bytes.NewReader(m.Data)).Decode(&art); err != nil {
		return nil, shopmind.Errorf(shopmind.EINVALID, "model %s v%d is not a recommendation model: %v", m.Name, m.Version, err)
	}
	b, err := LoadBundle(bytes.NewReader(art.Bundle))
	if err != nil {
		return nil, err
	}
	n := len(b.Items)
	if len(art.Pop) != n || len(art.Recent) != n || len(art.Also.Ptr) != n+1 {
		return nil, shopmind.Errorf(shopmind.EINVALID, "model %s v%d is inconsistent: %d items", m.Name, m.Version, n)
	}
	items, err := readItems(ctx, s.Store, nil)
	if err != nil {
		return nil, err
	}
	meta := *m
	meta.Data = nil
	return newServingOf(&meta, b, &art, items), nil
}

// newServingOf builds the serving of a bundle and its artifact over the
// catalog items.
func newServingOf(meta *shopmind.Model, b *Bundle, art *artifact, items []*shopmind.Item) *serving {
	n := len(b.Items)
	sv := &serving{meta: meta, bundle: b, art: art}
	sv.setCatalog(items)
	sv.popScore = make([]float32, n)
	sv.popOrder = make([]int32, n)
	for i := range sv.popScore {
		sv.popScore[i] = art.Recent[i] + 0.1*art.Pop[i]
		sv.popOrder[i] = int32(i)
	}
	sort.SliceStable(sv.popOrder, func(a, c int) bool { return sv.popScore[sv.popOrder[a]] > sv.popScore[sv.popOrder[c]] })
	sv.sparse = newSparseModel(b.Model)
	sv.explain = explainParts(b.Model)
	return sv
}

// setCatalog indexes the store's items by model item index.
func (sv *serving) setCatalog(items []*shopmind.Item) {
	sv.catalog = make([]*shopmind.Item, len(sv.bundle.Items))
	sv.servable = make([]bool, len(sv.bundle.Items))
	sv.anyItems = len(items) > 0
	for _, it := range items {
		if i, ok := sv.bundle.itemIdx[it.ID]; ok {
			sv.catalog[i] = it
			sv.servable[i] = it.Active
		}
	}
}

// candidates returns the predicate of items a request may return: in the
// store's catalog (when it has one) and active, passing opt's filters, and
// not in excl.
func (sv *serving) candidates(opt shopmind.RecommendOptions, excl map[int]bool) func(int) bool {
	for _, id := range opt.Exclude {
		if i, ok := sv.bundle.itemIdx[id]; ok {
			excl[i] = true
		}
	}
	inCategory := shopmind.CategoryMatcher(opt.Category)
	byCategory := len(shopmind.ParseCategory(opt.Category)) > 0
	needMeta := byCategory || opt.MinPrice != nil || opt.MaxPrice != nil || opt.InStock
	return func(i int) bool {
		if len(excl) > 0 && excl[i] {
			return false
		}
		if sv.anyItems && !sv.servable[i] {
			return false
		}
		if !needMeta {
			return true
		}
		it := sv.catalog[i]
		if it == nil {
			return false
		}
		if byCategory && !inCategory(it.Category) {
			return false
		}
		if opt.MinPrice != nil && it.Price < *opt.MinPrice || opt.MaxPrice != nil && it.Price > *opt.MaxPrice {
			return false
		}
		return !opt.InStock || it.Stock > 0
	}
}

// rank returns the need best items for a history of item indices.
func (sv *serving) rank(history []int, need int, ok func(int) bool) []Scored {
	if sv.sparse != nil {
		return sv.sparse.rank(history, need, ok)
	}
	scores := make([]float32, len(sv.bundle.Items))
	sv.bundle.Model.Score(-1, history, scores)
	return TopN(scores, need, nil, ok)
}

// popular returns the need most popular items ok accepts.
func (sv *serving) popular(need int, ok func(int) bool) []Scored {
	out := make([]Scored, 0, need)
	for _, i := range sv.popOrder {
		if len(out) == need {
			break
		}
		if ok(int(i)) {
			out = append(out, Scored{int(i), sv.popScore[i]})
		}
	}
	return out
}

// similar returns the need items most like item.
func (sv *serving) similar(item, need int, ok func(int) bool) []Scored {
	if sv.sparse != nil && sv.sparse.hasNeighbours() {
		return sv.sparse.similar(item, need, ok)
	}
	scores := make([]float32, len(sv.bundle.Items))
	sv.bundle.Model.Score(-1, []int{item}, scores)
	return TopN(scores, need, []int{item}, ok)
}

// alsoBought returns the need items most often bought with item.
func (sv *serving) alsoBought(item, need int, ok func(int) bool) []Scored {
	idx, sim := sv.art.Also.row(item)
	out := make([]Scored, 0, need)
	for k, i := range idx {
		if len(out) == need {
			break
		}
		if ok(int(i)) {
			out = append(out, Scored{int(i), sim[k]})
		}
	}
	return out
}

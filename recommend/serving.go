package recommend

import (
	"sort"

	"github.com/shopmind/shopmind"
)

// Serving is one loaded model version with everything a request needs: it
// ranks a user's history, similar and co-bought items and popular items
// among the catalog's, and explains them. It is immutable once built, so
// requests share it without locks; the serving service (recommend/serve)
// swaps whole Servings. Evaluate ranks through the same ForUser, so the
// offline metrics describe the served lists.
type Serving struct {
	meta     *shopmind.Model // without Data
	bundle   *Bundle
	art      *Artifact
	catalog  []*shopmind.Item // by item index; nil for items the store does not hold
	servable []bool           // by item index: in the store's catalog and active
	anyItems bool             // the store has a catalog: recommend only items in it
	popScore []float32        // Recent + 0.1 * Pop
	popOrder []int32          // items by popScore, best first
	sparse   *sparseModel     // nil: score densely
	explain  []explainPart    // parts whose item-item weights explain a score
}

// NewServing builds the serving of a bundle and its artifact over the
// catalog items; meta is the stored model's metadata (without Data).
func NewServing(meta *shopmind.Model, b *Bundle, art *Artifact, items []*shopmind.Item) *Serving {
	n := len(b.Items)
	sv := &Serving{meta: meta, bundle: b, art: art}
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

// Meta returns the served model's metadata (without Data).
func (sv *Serving) Meta() *shopmind.Model { return sv.meta }

// Bundle returns the served model with its ids.
func (sv *Serving) Bundle() *Bundle { return sv.bundle }

// Artifact returns the stored statistics the serving was built from.
func (sv *Serving) Artifact() *Artifact { return sv.art }

// Item returns the catalog item of model item index i, nil when the store
// does not hold it.
func (sv *Serving) Item(i int) *shopmind.Item { return sv.catalog[i] }

// AnyItems reports whether the store had a catalog: then only its items
// are recommended.
func (sv *Serving) AnyItems() bool { return sv.anyItems }

// Latent reports whether the model's item similarity is latent (a factor
// model): no part of it explains one item by another.
func (sv *Serving) Latent() bool { return sv.sparse == nil && len(sv.explain) == 0 }

// WithCatalog returns a copy of sv over the store's current items (stock,
// prices, titles, active), the model unchanged.
func (sv *Serving) WithCatalog(items []*shopmind.Item) *Serving {
	n := *sv
	n.setCatalog(items)
	return &n
}

// setCatalog indexes the store's items by model item index.
func (sv *Serving) setCatalog(items []*shopmind.Item) {
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

// Candidates returns the predicate of items a request may return: in the
// store's catalog (when it has one) and active, passing opt's filters, and
// not in excl.
func (sv *Serving) Candidates(opt shopmind.RecommendOptions, excl map[int]bool) func(int) bool {
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
func (sv *Serving) rank(history []int, need int, ok func(int) bool) []Scored {
	if sv.sparse != nil {
		return sv.sparse.rank(history, need, ok)
	}
	scores := make([]float32, len(sv.bundle.Items))
	sv.bundle.Model.Score(-1, history, scores)
	return TopN(scores, need, nil, ok)
}

// Popular returns the need most popular items ok accepts.
func (sv *Serving) Popular(need int, ok func(int) bool) []Scored {
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

// Similar returns the need items most like item.
func (sv *Serving) Similar(item, need int, ok func(int) bool) []Scored {
	if sv.sparse != nil && sv.sparse.hasNeighbours() {
		return sv.sparse.similar(item, need, ok)
	}
	scores := make([]float32, len(sv.bundle.Items))
	sv.bundle.Model.Score(-1, []int{item}, scores)
	return TopN(scores, need, []int{item}, ok)
}

// AlsoBought returns the need items most often bought with item.
func (sv *Serving) AlsoBought(item, need int, ok func(int) bool) []Scored {
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

// ForUser ranks the opt.Offset+opt.N best items for a user with history h:
// the model scores their positive items (popular items when they have none:
// cold), among the items opt's filters accept, less the items h has that x
// excludes (all of them but the disliked when opt.IncludeBought). Serving
// and Evaluate both rank through it, so the offline metrics describe the
// served lists.
func (sv *Serving) ForUser(h *UserHistory, x *Excluder, opt shopmind.RecommendOptions) (top []Scored, cold bool) {
	ok := sv.Candidates(opt, sv.Excluded(h, x, opt.IncludeBought))
	need := opt.Offset + opt.N
	if len(h.items) == 0 {
		return sv.Popular(need, ok), true
	}
	hist := make([]int, len(h.items))
	for k, it := range h.items {
		hist[k] = it.index
	}
	return sv.rank(hist, need, ok), false
}

// Excluded returns the items of h that lists for its user leave out: the
// disliked, and, unless keep, those x excludes.
func (sv *Serving) Excluded(h *UserHistory, x *Excluder, keep bool) map[int]bool {
	excl := make(map[int]bool, len(h.disliked))
	for i := range h.disliked {
		excl[i] = true
	}
	if keep {
		return excl
	}
	for i, set := range h.types {
		if x.excludes(set, sv.catalog[i]) {
			excl[i] = true
		}
	}
	return excl
}

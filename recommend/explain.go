package recommend

import (
	"fmt"
	"strings"

	"github.com/shopmind/shopmind"
)

// explainPart is a model part whose item-item weights say how much one
// history item contributed to a recommended item's score.
type explainPart struct {
	content bool           // the weight is content similarity
	nl      *neighbourList // kNN-like parts
	ease    *easeState     // EASE
}

// weight returns how much history item h contributes to item i.
func (p explainPart) weight(h, i int) float32 {
	if p.ease != nil {
		n := p.ease.N
		if h < 0 || h >= n || i < 0 || i >= n {
			return 0
		}
		return p.ease.B[h*n+i]
	}
	if h < 0 || h+1 >= len(p.nl.Ptr) {
		return 0
	}
	idx, sim := p.nl.row(h)
	for k, j := range idx {
		if int(j) == i {
			return sim[k]
		}
	}
	return 0
}

// explainParts lists the explainable parts of m.
func explainParts(m Model) []explainPart {
	switch mm := m.(type) {
	case *ItemKNN:
		return []explainPart{{nl: &mm.state.N}}
	case *SparseEASE:
		return []explainPart{{nl: &mm.state.N}}
	case *Content:
		return []explainPart{{nl: &mm.state.N, content: true}}
	case *EASE:
		return []explainPart{{ease: &mm.state}}
	case *Hybrid:
		var out []explainPart
		for _, p := range mm.Parts {
			out = append(out, explainParts(p.Model)...)
		}
		return out
	}
	return nil
}

// maxExplainHistory bounds the history items an Explanation looks at (the
// most recent ones), so a long history does not make answers slow.
const maxExplainHistory = 50

// histItem is one item of a user's history as a request sees it.
type histItem struct {
	index    int                // model item index
	strength shopmind.EventType // the strongest event type seen: purchase > cart > like > click > view
}

// Explanation is the reason shown with one recommended item.
type Explanation struct {
	Text    string // for the shopper: "Because you bought ..."
	Reason  string // what kind: bought, similar, trending, popular...
	Because string // the item id it refers to, if any
}

// ExplainForUser explains item i for a user with history h (most recent
// first): by the history item that contributed most through collaborative
// parts, then through content, else by matching category, else by
// popularity. Only the maxExplainHistory most recent items are considered.
func (sv *Serving) ExplainForUser(i int, h *UserHistory) Explanation {
	hist := h.items
	if len(hist) > maxExplainHistory {
		hist = hist[:maxExplainHistory]
	}
	for _, content := range []bool{false, true} {
		best, bestW := -1, float32(0)
		for _, p := range sv.explain {
			if p.content != content {
				continue
			}
			for k, h := range hist {
				if w := p.weight(h.index, i); w > bestW {
					best, bestW = k, w
				}
			}
		}
		if best >= 0 {
			h := hist[best]
			if content {
				return Explanation{Text: sv.SimilarText(h.index, i), Reason: "similar", Because: sv.bundle.Items[h.index]}
			}
			return sv.becauseYou(h)
		}
	}
	// No part explains it: a history item of the same category, if any.
	if it := sv.catalog[i]; it != nil && len(it.Category) > 0 {
		for _, h := range hist {
			if src := sv.catalog[h.index]; src != nil && sameCategory(src, it) {
				return sv.becauseYou(h)
			}
		}
	}
	if len(hist) > 0 && sv.sparse == nil {
		return Explanation{Text: "Picked for you from your recent activity", Reason: "history"}
	}
	return sv.ExplainPopular(i)
}

// becauseYou says what the user did with h.
func (sv *Serving) becauseYou(h histItem) Explanation {
	name := sv.Title(h.index)
	id := sv.bundle.Items[h.index]
	switch h.strength {
	case shopmind.EventPurchase:
		return Explanation{Text: "Because you bought " + name, Reason: "bought", Because: id}
	case shopmind.EventCart:
		return Explanation{Text: "Because you added " + name + " to your cart", Reason: "carted", Because: id}
	case shopmind.EventLike, shopmind.EventRating:
		return Explanation{Text: "Because you liked " + name, Reason: "liked", Because: id}
	}
	return Explanation{Text: "Because you viewed " + name, Reason: "viewed", Because: id}
}

// ExplainPopular explains a popularity pick.
func (sv *Serving) ExplainPopular(i int) Explanation {
	where := ""
	if it := sv.catalog[i]; it != nil && len(it.Category) > 0 {
		where = " in " + it.Category[len(it.Category)-1]
	}
	if sv.art.Recent[i] > 0 {
		return Explanation{Text: "Popular" + where + " this week", Reason: "trending"}
	}
	return Explanation{Text: "Popular" + where, Reason: "popular"}
}

// SimilarText describes how item i resembles src.
func (sv *Serving) SimilarText(src, i int) string {
	a, b := sv.catalog[src], sv.catalog[i]
	name := sv.Title(src)
	if a == nil || b == nil {
		return "Similar to " + name
	}
	brand := a.Brand != "" && strings.EqualFold(a.Brand, b.Brand)
	cat := sameCategory(a, b)
	switch {
	case brand && cat:
		return "Similar brand and category to " + name
	case cat:
		return "Same category as " + name
	case brand:
		return "Same brand as " + name
	}
	return "Similar to " + name
}

// sameCategory reports whether two items share their full category path.
func sameCategory(a, b *shopmind.Item) bool {
	if len(a.Category) == 0 || len(a.Category) != len(b.Category) {
		return false
	}
	for k := range a.Category {
		if !strings.EqualFold(a.Category[k], b.Category[k]) {
			return false
		}
	}
	return true
}

// Title names item i for a shopper: its title, else its id.
func (sv *Serving) Title(i int) string {
	if it := sv.catalog[i]; it != nil && it.Title != "" {
		return it.Title
	}
	return fmt.Sprintf("item %s", sv.bundle.Items[i])
}

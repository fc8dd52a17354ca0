package assistant

import (
	"fmt"
	"strings"

	"github.com/shopmind/shopmind"
)

// recommend ends guided shopping: it asks the recommender for items in the
// chosen category and budget (personalised when the shopper is known),
// keeps those that fit the size, colour and brand asked for, and shows the
// best few. Without a recommender, or before one is trained, it falls back
// to the catalog.
func (t *turn) recommend() error {
	c := t.e.catalog()
	if c == nil {
		t.say("items_none", nil)
		return nil
	}
	slots := copyVars(t.st.Slots)
	if slots[SlotMaxPrice] == "any" {
		delete(slots, SlotMaxPrice)
	}
	q := QueryFromSlots(slots)
	q.InStock = true
	opt := shopmind.RecommendOptions{N: 50, Category: c.CategoryPath(q.Category), InStock: true, MinPrice: q.MinPrice, MaxPrice: q.MaxPrice}
	var items []*shopmind.Item
	source := "catalog"
	if r := t.e.Recommender; r != nil {
		var list *shopmind.RecommendationList
		var err error
		if t.userID != "" {
			list, err = r.RecommendForUser(t.ctx, t.userID, opt)
		} else {
			list, err = r.Popular(t.ctx, opt)
		}
		switch code := shopmind.ErrorCode(err); {
		case err == nil:
			source = "recommender"
			match, _ := c.Find(q, 0)
			ok := make(map[string]bool, len(match))
			for _, it := range match {
				ok[it.ID] = true
			}
			for _, rec := range list.Items {
				if ok[rec.ItemID] && len(items) < shownItems {
					items = append(items, c.Item(rec.ItemID))
				}
			}
		case code == shopmind.EUNAVAILABLE || code == shopmind.ENOTFOUND:
			// no model yet: use the catalog
		default:
			return fmt.Errorf("guided shopping: %w", err)
		}
	}
	if len(items) == 0 {
		items, _ = c.Find(q, shownItems)
		source = "catalog"
	}
	// Guided shopping is done; the next search starts from its answers.
	t.st.LastQuery, t.st.Browsed, t.st.Band = map[string]string{}, nil, nil
	for _, k := range catalogSlots {
		if v, ok := slots[k]; ok {
			t.st.LastQuery[k] = v
		}
	}
	for _, k := range []string{SlotCategory, SlotType, SlotMaxPrice} {
		delete(t.st.Slots, k)
	}
	if len(items) == 0 {
		t.say("items_none", nil)
		return nil
	}
	t.say("recommend", nil)
	t.list(items)
	t.st.Browsed = append([]string(nil), t.st.Shown...)
	t.actions[len(t.actions)-1].Data = map[string]string{"source": source}
	return nil
}

// CategoryPath returns the "/"-joined category path down to the level
// named w (any depth), as RecommendOptions.Category expects, or "".
func (c *Catalog) CategoryPath(w string) string {
	if w == "" {
		return ""
	}
	w = strings.ToLower(w)
	for _, id := range c.byCategory[w] {
		it := c.items[id]
		for i, level := range it.Category {
			for _, cw := range categoryWords(level) {
				if cw == w {
					return strings.Join(it.Category[:i+1], "/")
				}
			}
		}
	}
	return ""
}

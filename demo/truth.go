package demo

import (
	"strings"
	"time"
)

// The hidden truths of the demo shop, for tests that check what shopmind
// tells the owner against what the simulation planted (see the acceptance
// suite, docs/demo.md "Acceptance suite"). shopmind itself never reads them.

// Departments returns the names of the shop's departments (the first level
// of its category paths), in the order of DepartmentPreferences.
func (m *ShopperModel) Departments() []string {
	deps := departments()
	out := make([]string, len(deps))
	for i, d := range deps {
		out[i] = d.name
	}
	return out
}

// DepartmentPreferences returns shopper userID's hidden department
// preferences: the probability that a session browses each department, in
// the order of Departments, summing to 1 (a copy). It returns nil for an
// unknown user.
func (m *ShopperModel) DepartmentPreferences(userID string) []float64 {
	i, ok := m.index[userID]
	if !ok {
		return nil
	}
	return append([]float64(nil), m.tastes[i].dept...)
}

// Quality returns an item's hidden quality, in [0, 1], which drives its
// star ratings and returns; false for an unknown item.
func (m *ShopperModel) Quality(itemID string) (float64, bool) {
	i, ok := m.items[itemID]
	if !ok {
		return 0, false
	}
	return m.world.infos[i].quality, true
}

// Discount returns the fraction taken off an item's price at time t: 0.2
// over Black Friday week, a department promotion's 15-25% on its days, 0
// otherwise (and for an unknown item). Demand on days with a discount is a
// promotion spike.
func (m *ShopperModel) Discount(itemID string, t time.Time) float64 {
	i, ok := m.items[itemID]
	if !ok {
		return 0
	}
	return m.world.discount(i, t)
}

// ReviewTone counts the sentences of a demo review text that the demo drew
// from its positive and from its negative phrases (aspects, delivery and
// price remarks; see docs/demo.md). A text of the demo with positive > 0
// and negative == 0 was written as clearly positive, and the reverse as
// clearly negative. Texts not written by the demo give 0, 0.
func ReviewTone(text string) (positive, negative int) {
	for _, s := range reviewSentences(text) {
		switch phraseTone(s) {
		case 1:
			positive++
		case -1:
			negative++
		}
	}
	return positive, negative
}

// AspectTones returns, for each aspect sentence of a demo review text, the
// demo's aspect name (e.g. "fit", "battery") and whether the sentence was
// drawn as the aspect's positive (+1) or negative (-1) phrase, keyed by the
// sentence.
func AspectTones(text string) map[string]AspectTone {
	out := map[string]AspectTone{}
	for _, s := range reviewSentences(text) {
		for _, phrases := range aspectPhrases {
			for _, a := range phrases {
				switch s {
				case a[1]:
					out[s] = AspectTone{Aspect: a[0], Tone: 1}
				case a[2]:
					out[s] = AspectTone{Aspect: a[0], Tone: -1}
				}
			}
		}
	}
	return out
}

// AspectTone is what the demo meant by one aspect sentence.
type AspectTone struct {
	Aspect string // the demo's aspect name, e.g. "fit"
	Tone   int    // +1 positive, -1 negative
}

// PhraseTone reports whether sentence is one of the demo's positive (+1)
// or negative (-1) review phrases or titles (titles of 4 and 5 stars are
// positive, of 1 and 2 negative); 0 when it is neither.
func PhraseTone(sentence string) int { return phraseTone(strings.TrimSpace(sentence)) }

func phraseTone(s string) int {
	for _, phrases := range aspectPhrases {
		for _, a := range phrases {
			if s == a[1] {
				return 1
			}
			if s == a[2] {
				return -1
			}
		}
	}
	for _, p := range append(append([]string(nil), deliveryGood...), priceGood...) {
		if p != "" && s == p {
			return 1
		}
	}
	for _, p := range append(append([]string(nil), deliveryBad...), priceBad...) {
		if p != "" && s == p {
			return -1
		}
	}
	for stars, ts := range titles {
		for _, title := range ts {
			switch {
			case s != title && s != title+".":
			case stars >= 4:
				return 1
			case stars <= 2:
				return -1
			}
		}
	}
	return 0
}

// reviewSentences splits a demo review text into its phrases: the demo
// joins phrases, each ending in "." or "!", with one space.
func reviewSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		if (text[i] == '.' || text[i] == '!') && (i+1 == len(text) || text[i+1] == ' ') {
			out = append(out, strings.TrimSpace(text[start:i+1]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

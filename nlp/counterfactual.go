package nlp

// Rules of SentimentFeatures that read a sentence's structure before the
// model sees its words: a contrast ends a negation's scope, 不过 is a
// contrast rather than a negated 过, and an unfulfilled expectation ("I
// wanted to love these", "should have been great") negates what was
// expected, as the reader takes it: it did not happen.

// scopeContrasts end a negation's (and an expectation's) scope: "not cheap
// but worth it" negates cheap, not worth.
var scopeContrasts = map[string]bool{
	"but": true, "however": true, "although": true, "though": true, "whereas": true,
	"但": true, "但是": true, "却": true, "然而": true, "不过": true, "可是": true, "可惜": true, "只是": true,
}

// readContrasts rewrites tokens in place: 不 followed by 过 (not 不过分,
// "not excessive") becomes the contrast 不过, and a contrast clears the
// negation marks after it up to the next negation word or the end of the
// clause (a negation marks the words right after it, so the clearing stops
// at the first word not marked: a text of many contrasts stays linear). It
// returns the tokens.
func readContrasts(toks []Token) []Token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Text == "不" && i+1 < len(toks) && toks[i+1].Text == "过" && toks[i+1].Clause == t.Clause &&
			!(i+2 < len(toks) && toks[i+2].Text == "分" && toks[i+2].Clause == t.Clause) {
			t.Text = "不过"
			i++
		}
		out = append(out, t)
	}
	for i, t := range out {
		if !scopeContrasts[t.Text] {
			continue
		}
		out[i].Negated = false
		for j := i + 1; j < len(out) && out[j].Clause == t.Clause && out[j].Negated; j++ {
			out[j].Negated = false
		}
	}
	return out
}

// expectationScope is how many opinion words (function words not counted)
// after an unfulfilled expectation it negates, within the clause.
const expectationScope = 3

// readExpectations negates, in place, the words after an unfulfilled
// expectation in English: "wanted (it) to", "hoped ... to/would/for", "was
// hoping for", "expected it to", "thought ... would", "was supposed to",
// "was meant to", "should/could/would have been". These are past forms
// only: "it does what it is supposed to do" and "hoping it lasts" expect
// nothing that failed. A word already negated is un-negated ("hoped it
// would not break" reads break). The scope ends at the clause's end or a
// contrast word ("wanted to love these | but they fell apart").
func readExpectations(toks []Token) {
	for i := range toks {
		start := expectationStart(toks, i)
		if start < 0 {
			continue
		}
		words := 0
		for j := start; j < len(toks) && toks[j].Clause == toks[i].Clause && !scopeContrasts[toks[j].Text] && words < expectationScope; j++ {
			if IsNegation(toks[j].Text) {
				continue
			}
			toks[j].Negated = !toks[j].Negated
			if !functionWords[toks[j].Text] {
				words++
			}
		}
	}
}

// expectationStart returns the index of the first word an expectation
// starting at toks[i] is about, or -1 when toks[i] starts none.
func expectationStart(toks []Token, i int) int {
	word := func(k int) string {
		if k < 0 || k >= len(toks) || toks[k].Clause != toks[i].Clause {
			return ""
		}
		return toks[k].Text
	}
	// marker finds one of the words within n tokens after i.
	marker := func(n int, words ...string) int {
		for k := i + 1; k <= i+n; k++ {
			for _, w := range words {
				if word(k) == w {
					return k + 1
				}
			}
		}
		return -1
	}
	past := word(i-1) == "was" || word(i-1) == "were"
	switch word(i) {
	case "wanted":
		return marker(3, "to")
	case "hoped":
		return marker(3, "to", "would", "for")
	case "hoping":
		if past || word(i-1) == "been" {
			return marker(3, "to", "would", "for")
		}
	case "expected":
		return marker(3, "to", "would")
	case "thought":
		return marker(4, "would")
	case "supposed", "meant":
		if past && word(i+1) == "to" {
			return i + 2
		}
	case "should", "could", "would":
		if word(i+1) == "have" && word(i+2) == "been" {
			return i + 3
		}
	case "shouldve", "couldve", "wouldve":
		if word(i+1) == "been" {
			return i + 2
		}
	}
	return -1
}

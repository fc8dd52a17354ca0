package nlp

import "strings"

// failurePhrases are how shoppers report that a product failed; the
// labelled sentences the model learns from (phones, films, restaurants)
// hold few of them, and the shop's star labels may teach them otherwise.
// Words that also name a style or a state ("faded jeans", "stained
// glass") are left out or need what follows ("faded after").
var failurePhrases = []string{
	"fell apart", "falling apart", "came apart", "come apart", "came undone", "came off", "fell off",
	"stopped working", "quit working", "stopped charging", "stopped turning on", "broke", "broken",
	"ripped", "tore", "cracked", "leaked", "leaking", "shrank", "shrunk", "peeled", "peeling", "frayed",
	"snapped", "unraveled", "died", "dies", "rusted", "malfunctioned", "faded after", "wore out", "worn out",
	"坏了", "开线", "开胶", "脱胶", "褪色", "掉色", "起球", "缩水", "断了", "裂了", "漏水", "掉漆", "生锈", "死机", "失灵",
}

// fulfilmentPhrases are how shoppers say a product did what it promised.
// A model trained on the shop's own reviews can learn their words as
// complaints: "supposed" and "described" occur mostly in "was supposed
// to" and "not as described", so "It does what it is supposed to do."
// read negative. Negated ("not as described", 与描述不一致 has no phrase)
// or expected ("hoped it would work as described") they report nothing.
var fulfilmentPhrases = []string{
	"does what it is supposed to", "does what it's supposed to", "did what it was supposed to",
	"does what it should", "does what it says", "does exactly what", "works as expected", "worked as expected",
	"works as described", "works as advertised", "as advertised", "exactly as described", "as described",
	"exactly as pictured", "as pictured", "true to size", "worth every penny", "worth the money",
	"物有所值", "物超所值", "货真价实", "名副其实", "与描述一致", "和描述一致", "跟描述一样", "和描述一样", "和图片一样", "与图片一致",
}

// A reported failure pulls a text's positive probability halfway to
// failurePositive, when lower; a reported fulfilment halfway to
// fulfilmentPositive, when higher.
const (
	failurePositive    = 0.05
	fulfilmentPositive = 0.95
)

// phraseRule is a set of phrases that, reported in a clause, pull the
// model's reading of a text towards target.
type phraseRule struct {
	phrases []string
	tokens  [][]string // the phrases as Tokenizer reads them (Chinese as characters)
	words   [][]string // the words of each phrase a text must contain (see mentions)
	target  float64
}

func newPhraseRule(phrases []string, target float64) *phraseRule {
	var plain Tokenizer
	r := &phraseRule{phrases: phrases, target: target}
	for _, p := range phrases {
		var ws []string
		for _, t := range plain.Tokens(p) {
			ws = append(ws, t.Text)
		}
		r.tokens = append(r.tokens, ws)
		var must []string
		for _, w := range strings.Fields(p) {
			if !strings.ContainsRune(w, '\'') {
				must = append(must, w)
			}
		}
		r.words = append(r.words, must)
	}
	return r
}

var (
	failureRule    = newPhraseRule(failurePhrases, failurePositive)
	fulfilmentRule = newPhraseRule(fulfilmentPhrases, fulfilmentPositive)
)

// reports reports whether text reports one of the phrases: within one
// clause, none of its words negated ("never fell apart", 没有开线, "not as
// described") nor expected ("I was afraid it would break" has no phrase;
// "hoped it would not break" does not report one either).
func (r *phraseRule) reports(text string) bool {
	if !r.mentions(text) {
		return false
	}
	var plain Tokenizer
	toks := readContrasts(plain.Tokens(text))
	readExpectations(toks)
	for i := range toks {
		for _, p := range r.tokens {
			if matchesPhrase(toks[i:], p) {
				return true
			}
		}
	}
	return false
}

func matchesPhrase(toks []Token, phrase []string) bool {
	if len(toks) < len(phrase) {
		return false
	}
	for k, w := range phrase {
		if toks[k].Text != w || toks[k].Negated || toks[k].Clause != toks[0].Clause {
			return false
		}
	}
	return true
}

// read moves p, the model's reading of text, halfway to the rule's target
// when text reports one of its phrases and the model reads it the other
// way of the target.
func (r *phraseRule) read(p float64, text string) float64 {
	q := (p + r.target) / 2
	if (r.target < p && q < p || r.target > p && q > p) && r.reports(text) {
		return q
	}
	return p
}

// mentions is a quick check before reports tokenizes: every word of a
// phrase occurs in text (but those with an apostrophe, which the
// tokenizer may read from a typographic one). Checking the first word only
// tokenized nearly every English sentence: "as" of "as described" is in
// "was" and "has".
func (r *phraseRule) mentions(text string) bool {
	lower := strings.ToLower(text)
	for _, words := range r.words {
		all := true
		for _, w := range words {
			if !strings.Contains(lower, w) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// reportsFailure reports whether text reports a product failure.
func reportsFailure(text string) bool { return failureRule.reports(text) }

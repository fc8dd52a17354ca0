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

// failureTokens are the phrases as Tokenizer reads them (Chinese as
// characters), longest first.
var failureTokens = func() [][]string {
	var plain Tokenizer
	out := make([][]string, 0, len(failurePhrases))
	for _, p := range failurePhrases {
		var ws []string
		for _, t := range plain.Tokens(p) {
			ws = append(ws, t.Text)
		}
		out = append(out, ws)
	}
	return out
}()

// failurePositive is where a reported failure pulls a text's positive
// probability: halfway there from the model's reading, when lower.
const failurePositive = 0.05

// reportsFailure reports whether text reports a product failure: a
// failure phrase within one clause, none of its words negated ("never
// fell apart", 没有开线) nor expected ("I was afraid it would break" has no
// phrase; "hoped it would not break" does not report one either).
func reportsFailure(text string) bool {
	var plain Tokenizer
	toks := readContrasts(plain.Tokens(text))
	readExpectations(toks)
	for i := range toks {
		for _, p := range failureTokens {
			if matchesFailure(toks[i:], p) {
				return true
			}
		}
	}
	return false
}

func matchesFailure(toks []Token, phrase []string) bool {
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

// failureRead lowers p, the model's reading of text, halfway to
// failurePositive when text reports a failure.
func failureRead(p float64, text string) float64 {
	if q := (p + failurePositive) / 2; q < p && reportsFailure(text) {
		return q
	}
	return p
}

// hasFailureWord is a quick check before reportsFailure tokenizes.
func hasFailureWord(text string) bool {
	lower := strings.ToLower(text)
	for _, p := range failurePhrases {
		if strings.Contains(lower, strings.Fields(p)[0]) {
			return true
		}
	}
	return false
}

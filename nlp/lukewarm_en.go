package nlp

import (
	"strings"
	"unicode"
)

// lukewarmSentencesEN are English sentences that are a lukewarm verdict and
// nothing else, with the positive probability they read as (inside
// DefaultNeutralBand, except "does the job", a mild yes). The labelled
// sentences the model learns from are all praise or complaint: it read
// "So-so." 0.96 and "Not bad, not great." 0.00 on the demo shop. Only a
// whole sentence counts ("It's okay." is lukewarm; "The strap is okay but
// the zip broke" is read as before), after a subject such as "it's" or
// "quality is" and before "I guess" or "for the price".
var lukewarmSentencesEN = map[string]float64{
	"so-so": 0.45, "so so": 0.45, "meh": 0.42, "average": 0.45, "just average": 0.45, "nothing special": 0.45,
	"not bad, not great": 0.5, "not great, not bad": 0.5, "not bad but not great": 0.5, "not great but not bad": 0.5,
	"neither good nor bad": 0.5, "ok": 0.55, "okay": 0.55, "just ok": 0.5, "just okay": 0.5, "fine": 0.55,
	"alright": 0.55, "all right": 0.55, "decent": 0.6, "does the job": 0.65, "does its job": 0.65,
}

// lukewarmSubjectsEN may open such a sentence, lukewarmTailsEN end it.
var (
	lukewarmSubjectsEN = []string{"it's ", "it is ", "it was ", "its ", "this is ", "this one is ", "they're ", "they are ",
		"quality is ", "the quality is ", "overall ", "overall, ", "honestly ", "honestly, ", "it ", "product is ", "the product is "}
	lukewarmTailsEN = []string{", i guess", " i guess", " for the price", ", for the price", " overall", " i suppose", ", i suppose"}
)

// lukewarmSentenceEN returns the positive probability of an English
// sentence that is only a lukewarm verdict, and whether it is one.
func lukewarmSentenceEN(sentence string) (float64, bool) {
	s := strings.ToLower(strings.TrimSpace(sentence))
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) && r != '-' || unicode.IsSpace(r) })
	s = strings.NewReplacer("’", "'", "…", "").Replace(s)
	for _, t := range lukewarmTailsEN {
		s = strings.TrimSuffix(s, t)
	}
	for _, p := range lukewarmSubjectsEN {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	s = strings.TrimSpace(strings.TrimRight(s, ".!,;: "))
	p, ok := lukewarmSentencesEN[s]
	return p, ok
}

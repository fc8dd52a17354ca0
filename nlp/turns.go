package nlp

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// How a text's opinion turns: the model reads a text whole, which lets a
// strong word anywhere carry it ("I wanted to love these but they fell
// apart" read positive). turnedPositive reads the parts of a text that a
// contrast word separates, weighs the part after "but" (但是, 不过...) more
// than the part before it and a concession ("although...") less, and reads
// lukewarm Chinese verdicts (还行, 还可以, 一般般, 凑合...) as the mild
// opinions they are instead of through the model, whose labelled sentences
// are all either positive or negative.

// Weights of the parts of a sentence in its sentiment (their positive
// probabilities averaged with these weights), after the rule of thumb of
// VADER (Hutto and Gilbert, ICWSM 2014): what follows "but" counts three
// times what precedes it. Probabilities, not log-odds, are averaged: the
// model is sure of itself on short parts ("Looks great" 1.00), and one
// part's certainty must not outvote the rest.
const (
	contrastWeight   = 3.0 // a part that starts with but, however, 但是, 不过...
	concessionWeight = 0.5 // a clause that starts with although, though, 虽然...
)

// turnWeights are the contrast words that start a weightier part; words
// of englishContrasts and chineseContrasts not here ("except") weigh 1.
var turnWeights = map[string]float64{
	"but": contrastWeight, "however": contrastWeight, "yet": contrastWeight,
	"although": concessionWeight, "though": concessionWeight, "whereas": concessionWeight,
	"但是": contrastWeight, "但": contrastWeight, "不过": contrastWeight, "可是": contrastWeight, "然而": contrastWeight,
	"可惜": contrastWeight, "只是": contrastWeight, "却": contrastWeight,
}

// concessions start a clause that concedes what the rest of the sentence
// outweighs ("Although it was cheap, it works perfectly", 虽然便宜，但是...).
var concessions = []string{"although", "though", "even though", "虽然", "虽说", "尽管", "虽"}

// lukewarmVerdicts are Chinese verdicts that are neither praise nor
// complaint when they end a clause (质量还行, 一般般吧), with the positive
// probability they read as: inside DefaultNeutralBand, a little above 0.5
// for the ones shoppers use for "fine" (还行, 还可以), a little below for
// "mediocre" (一般, 凑合). Longest first.
var lukewarmVerdicts = []struct {
	term     string
	positive float64
}{
	{"说得过去", 0.55}, {"马马虎虎", 0.45}, {"中规中矩", 0.5}, {"普普通通", 0.45}, {"不好不坏", 0.5},
	{"还凑合", 0.5}, {"凑合用", 0.45}, {"将就用", 0.45}, {"还可以", 0.55}, {"过得去", 0.55}, {"一般般", 0.45},
	{"还行", 0.55}, {"尚可", 0.55}, {"凑合", 0.45}, {"将就", 0.45}, {"一般", 0.45}, {"平平", 0.45},
}

// lukewarmParticles may follow a verdict at the end of a clause (还行吧).
const lukewarmParticles = "吧啦啊呀的了呢哦嘛喔哈吖~～ \t"

// lukewarmBlockers before a verdict make it something else: a degree word
// makes 一般 a complaint (很一般, 太一般), a negation praise (不一般, 非同一般).
var lukewarmBlockers = []string{"很", "太", "非常", "特别", "十分", "真", "超", "极", "好", "不", "同", "挺"}

// lukewarmVerdict returns the positive probability of a clause that ends
// in a lukewarm verdict, and whether it does.
func lukewarmVerdict(clause string) (float64, bool) {
	c := strings.TrimRightFunc(clause, func(r rune) bool {
		return strings.ContainsRune(lukewarmParticles, r) || unicode.IsPunct(r)
	})
	for _, v := range lukewarmVerdicts {
		rest, ok := strings.CutSuffix(c, v.term)
		if !ok {
			continue
		}
		for _, b := range lukewarmBlockers {
			if strings.HasSuffix(rest, b) {
				return 0, false
			}
		}
		return v.positive, true
	}
	return 0, false
}

// turnedPositive returns P(positive) of text given positive, the model's
// reading of a text. A text none of whose sentences has a contrast, a
// concession or a lukewarm verdict is read whole, as before. Otherwise
// each such sentence is read by sentencePositive and counts as one sentence,
// and the other sentences are read together and count as many as they
// are: the positive probabilities are averaged.
func turnedPositive(positive func(string) float64, text string) float64 {
	var plain []string
	var sum float64
	turned := 0
	for _, s := range Sentences(text) {
		if p, ok := sentencePositive(positive, s); ok {
			sum += p
			turned++
			continue
		}
		plain = append(plain, s)
	}
	if turned == 0 {
		return positive(text)
	}
	if len(plain) > 0 {
		sum += float64(len(plain)) * positive(strings.Join(plain, " "))
	}
	return sum / float64(turned+len(plain))
}

// sentencePositive reads a sentence that turns: each part (Contrasts) on its
// own, their probabilities averaged with turnWeights; within a part, a clause
// that starts with a concession weighs concessionWeight, and lukewarm
// verdict clauses count with their own mild reading, the rest of the part
// being read by the model; an English sentence that is only a lukewarm
// verdict reads as that (lukewarmSentenceEN). It returns false for a
// sentence that does not turn.
func sentencePositive(positive func(string) float64, sentence string) (float64, bool) {
	if p, ok := lukewarmSentenceEN(sentence); ok {
		return p, true
	}
	parts := turnParts(sentence)
	lukewarm := false
	if hasHanText(sentence) {
		for _, c := range Clauses(sentence) {
			if _, ok := lukewarmVerdict(c); ok {
				lukewarm = true
				break
			}
		}
	}
	failure, fulfilment := failureRule.reports(sentence), fulfilmentRule.reports(sentence)
	if len(parts) < 2 && !lukewarm && !failure && !fulfilment && !startsWithAny(sentence, concessions) {
		return 0, false
	}
	read := func(s string) float64 {
		p := positive(s)
		if failure {
			p = failureRule.read(p, s)
		}
		if fulfilment {
			p = fulfilmentRule.read(p, s)
		}
		return p
	}
	var sum, weights float64
	add := func(l, w float64) { sum, weights = sum+w*l, weights+w }
	for _, part := range parts {
		w := 1.0
		if tw, ok := turnWeights[firstWord(part)]; ok {
			w = tw
		}
		var rest []string
		for i, c := range Clauses(part) {
			if p, ok := lukewarmVerdict(c); ok {
				add(p, w)
				continue
			}
			if i == 0 && startsWithAny(c, concessions) && c != part {
				// "Although it was cheap, | it works perfectly."
				add(read(c), w*concessionWeight)
				continue
			}
			rest = append(rest, c)
		}
		if len(rest) > 0 {
			add(read(strings.Join(rest, ", ")), w)
		}
	}
	if weights == 0 {
		return 0, false
	}
	return sum / weights, true
}

// turnParts is Contrasts, except that a contrast word with nothing after
// it in its clause stays with the part before it: "No problems yet.",
// "A bit pricey though." do not turn.
func turnParts(sentence string) []string {
	var out []string
	for _, part := range Contrasts(sentence) {
		if len(out) > 0 && bareContrast(part) {
			out[len(out)-1] += " " + part
			continue
		}
		out = append(out, part)
	}
	return out
}

// bareContrast reports whether part is a contrast word and nothing else
// before the end of its first clause ("yet.", "though, ").
func bareContrast(part string) bool {
	w := firstWord(part)
	if w == "" || !englishContrasts[w] && !slices.Contains(chineseContrasts, w) {
		return false
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(part)), w))
	if c := Clauses(rest); len(c) == 0 || !strings.HasPrefix(rest, c[0]) {
		return true
	}
	return false
}

// firstWord returns the lower-cased first English word of s, or the
// contrast word of chineseContrasts it starts with.
func firstWord(s string) string {
	s = strings.TrimSpace(s)
	for _, w := range chineseContrasts {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) || unicode.Is(unicode.Han, r) })
	if end < 0 {
		end = len(s)
	}
	return strings.ToLower(s[:end])
}

// startsWithAny reports whether s starts with one of words (a whole
// English word, or a Chinese prefix).
func startsWithAny(s string, words []string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, w := range words {
		rest, ok := strings.CutPrefix(s, w)
		if !ok {
			continue
		}
		if hasHanText(w) {
			return true
		}
		if r, _ := utf8.DecodeRuneInString(rest); rest == "" || !unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

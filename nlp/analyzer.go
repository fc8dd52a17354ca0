package nlp

import (
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// Analyzer reads one review: language, sentiment, aspects and entities.
type Analyzer struct {
	Tokenizer *Tokenizer
	// Sentiment classifies reviews and clauses; its positive label is
	// LabelPositive. Nil falls back to the opinion-word Lexicon.
	Sentiment *Classifier
	Aspects   *AspectLexicon
	Gazetteer *Gazetteer // nil: no entities
	// NeutralBand: a review whose positive probability is within this
	// distance of 0.5 is neutral (default 0.15).
	NeutralBand float64
	Now         func() time.Time
}

// positive returns P(positive) of a token list.
func (a *Analyzer) positive(toks []Token) float64 {
	if a.Sentiment == nil {
		return Lexicon{}.Positive(toks)
	}
	f := make([]string, len(toks))
	for i, t := range toks {
		f[i] = t.Feature()
	}
	return a.Sentiment.Probability(f, LabelPositive)
}

func (a *Analyzer) label(p float64) string {
	band := a.NeutralBand
	if band == 0 {
		band = 0.15
	}
	switch {
	case p >= 0.5+band:
		return shopmind.SentimentPositive
	case p <= 0.5-band:
		return shopmind.SentimentNegative
	}
	return shopmind.SentimentNeutral
}

// ratingPositive is the share of positive reviews at each star rating,
// blended with the text's sentiment when a review has a rating.
var ratingPositive = [6]float64{0, 0.03, 0.15, 0.5, 0.85, 0.97}

// Analyze analyses r. The review's sentiment is the text's, averaged with
// its star rating's when it has one; aspect sentiment is that of the
// clause mentioning the aspect.
func (a *Analyzer) Analyze(r *shopmind.Review) *shopmind.ReviewAnalysis {
	text := strings.TrimSpace(r.Text)
	full := text
	if r.Title != "" {
		full = r.Title + ". " + text
	}
	toks := a.Tokenizer.Tokens(full)
	lang := r.Language
	if lang == "" {
		lang = Language(full)
	}
	p := a.positive(toks)
	if r.Rating >= 1 && r.Rating <= 5 {
		p = (p + ratingPositive[r.Rating]) / 2
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	out := &shopmind.ReviewAnalysis{ReviewID: r.ID, ItemID: r.ItemID, Language: lang, Positive: p,
		Sentiment: a.label(p), Aspects: []shopmind.AspectMention{}, Entities: []shopmind.Entity{}, CreatedAt: now()}
	if a.Sentiment != nil {
		f := make([]string, len(toks))
		for i, t := range toks {
			f[i] = t.Feature()
		}
		for _, c := range a.Sentiment.Explain(f, LabelPositive, 5) {
			out.Why = append(out.Why, c.Ngram)
		}
	}
	if a.Aspects != nil {
		sentences := Sentences(full)
		for _, m := range a.Aspects.Find(toks) {
			// A clause without opinion ("the battery died") takes the
			// review's sentiment.
			cp := a.positive(m.Clause)
			if a.label(cp) == shopmind.SentimentNeutral {
				cp = p
			}
			out.Aspects = append(out.Aspects, shopmind.AspectMention{Aspect: m.Aspect, Term: m.Term,
				Sentiment: a.label(cp), Positive: cp, Text: sentenceWith(sentences, m.Term)})
		}
		sort.Slice(out.Aspects, func(i, j int) bool { return out.Aspects[i].Aspect < out.Aspects[j].Aspect })
	}
	if a.Gazetteer != nil {
		out.Entities = append(out.Entities, a.Gazetteer.Find(full)...)
	}
	return out
}

// sentenceWith returns the first sentence containing term (case-insensitive).
func sentenceWith(sentences []string, term string) string {
	for _, s := range sentences {
		if strings.Contains(strings.ToLower(s), term) {
			return s
		}
	}
	return ""
}

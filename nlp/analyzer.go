package nlp

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// DefaultNeutralBand is the distance from 0.5 within which a positive
// probability reads as neutral.
const DefaultNeutralBand = 0.1

// Analyzer reads one review: language, sentiment, aspects and entities.
type Analyzer struct {
	// Tokenizer finds aspect terms and tags (with a Segmenter, Chinese
	// words); sentiment reads SentimentFeatures whatever it is.
	Tokenizer *Tokenizer
	// Sentiment classifies reviews, sentences and clauses; its positive
	// label is LabelPositive. Nil falls back to the opinion-word Lexicon.
	Sentiment *Classifier
	Aspects   *AspectLexicon
	Gazetteer *Gazetteer // nil: no entities
	// NeutralBand: a text whose positive probability is within this
	// distance of 0.5 is neutral (0: only exactly 0.5).
	NeutralBand float64
	Now         func() time.Time
}

// NewAnalyzer returns an analyzer with DefaultNeutralBand and no entities.
func NewAnalyzer(tok *Tokenizer, sentiment *Classifier, aspects *AspectLexicon) *Analyzer {
	return &Analyzer{Tokenizer: tok, Sentiment: sentiment, Aspects: aspects, NeutralBand: DefaultNeutralBand}
}

// Positive returns P(positive) of a text: the model's (or, without one,
// the Lexicon's) reading of its parts, turned at contrast words and
// lukewarm verdicts (turnedPositive).
func (a *Analyzer) Positive(text string) float64 {
	if a.Sentiment == nil {
		return turnedPositive(func(s string) float64 { return Lexicon{}.Positive(a.Tokenizer.Tokens(s)) }, text)
	}
	return turnedPositive(func(s string) float64 { return a.Sentiment.Probability(SentimentFeatures(s), LabelPositive) }, text)
}

// Label is the sentiment label of a positive probability.
func (a *Analyzer) Label(p float64) string {
	switch {
	case p >= 0.5+a.NeutralBand && p > 0.5:
		return shopmind.SentimentPositive
	case p <= 0.5-a.NeutralBand && p < 0.5:
		return shopmind.SentimentNegative
	}
	return shopmind.SentimentNeutral
}

// ratingPositive is the share of positive reviews at each star rating,
// blended with the text's sentiment when a review has a rating.
var ratingPositive = [6]float64{0, 0.03, 0.15, 0.5, 0.85, 0.97}

// ScoredSentence is a sentence of a review with its positive probability.
type ScoredSentence struct {
	Text     string
	Positive float64
	Title    bool // the review's title
}

// reading is everything an Analyzer reads in a review.
type reading struct {
	analysis  *shopmind.ReviewAnalysis
	sentences []ScoredSentence
	words     []string // token texts, for tags
}

// Analyze analyses r. The review's sentiment is its text's, averaged with
// its star rating's when it has one. Each aspect takes the sentiment of the
// clause that mentions it (clauses end at commas and before "but", 但是...),
// or of its part of the sentence (up to a contrast word) when the clause
// alone has no clear opinion, and quotes that sentence.
func (a *Analyzer) Analyze(r *shopmind.Review) *shopmind.ReviewAnalysis {
	return a.read(r).analysis
}

func (a *Analyzer) read(r *shopmind.Review) reading {
	text := strings.TrimSpace(r.Text)
	title := strings.TrimSpace(r.Title)
	full := text
	if title != "" {
		full = title + ". " + text
	}
	lang := r.Language
	if lang == "" {
		lang = Language(full)
	}
	p := a.Positive(full)
	if r.Rating >= 1 && r.Rating <= 5 {
		p = (p + ratingPositive[r.Rating]) / 2
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	out := &shopmind.ReviewAnalysis{ReviewID: r.ID, ItemID: r.ItemID, Language: lang, Positive: p,
		Sentiment: a.Label(p), Aspects: []shopmind.AspectMention{}, Entities: []shopmind.Entity{}, CreatedAt: now()}
	if a.Sentiment != nil {
		for _, c := range a.Sentiment.Explain(SentimentFeatures(full), LabelPositive, 5) {
			out.Why = append(out.Why, DisplayFeature(c.Ngram))
		}
	}
	rd := reading{analysis: out}
	var sentences []ScoredSentence
	if title != "" {
		for _, s := range Sentences(title) {
			sentences = append(sentences, ScoredSentence{Text: s, Title: true})
		}
	}
	for _, s := range Sentences(text) {
		sentences = append(sentences, ScoredSentence{Text: s})
	}
	seen := map[string]bool{}
	for i := range sentences {
		s := &sentences[i]
		s.Positive = a.Positive(s.Text)
		for _, part := range Contrasts(s.Text) {
			pp := s.Positive
			if part != s.Text {
				pp = a.Positive(part)
			}
			for _, c := range Clauses(part) {
				toks := a.Tokenizer.Tokens(c)
				for _, t := range toks {
					rd.words = append(rd.words, t.Text)
				}
				if a.Aspects == nil {
					continue
				}
				var cp float64
				scored := false
				for _, m := range a.Aspects.Find(toks) {
					if seen[m.Aspect] {
						continue
					}
					seen[m.Aspect] = true
					if !scored {
						// A clause without a clear opinion ("the fit is
						// off, it runs small") takes that of its part of
						// the sentence (up to a "but").
						cp, scored = a.Positive(c), true
						if a.Label(cp) == shopmind.SentimentNeutral {
							cp = pp
						}
					}
					out.Aspects = append(out.Aspects, shopmind.AspectMention{Aspect: m.Aspect, Term: m.Term,
						Sentiment: a.Label(cp), Positive: cp, Text: s.Text})
				}
			}
		}
	}
	sort.Slice(out.Aspects, func(i, j int) bool { return out.Aspects[i].Aspect < out.Aspects[j].Aspect })
	rd.sentences = sentences
	if a.Gazetteer != nil {
		out.Entities = append(out.Entities, a.Gazetteer.Find(full)...)
	}
	return rd
}

// DisplayFeature turns a classifier feature into words a shop owner reads:
// the negation mark "not_good" becomes "not good" ("not_好" becomes "不好").
func DisplayFeature(f string) string {
	words := strings.Fields(f)
	for i, w := range words {
		if rest, ok := strings.CutPrefix(w, "not_"); ok && rest != "" {
			if r, _ := utf8.DecodeRuneInString(rest); hasHanText(string(r)) {
				words[i] = "不" + rest
			} else {
				words[i] = "not " + rest
			}
		}
	}
	return strings.Join(words, " ")
}

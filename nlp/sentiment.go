package nlp

import (
	"context"
	"math"

	"github.com/shopmind/shopmind"
)

// Sentiment labels used by TrainSentiment.
const (
	LabelPositive = "positive"
	LabelNegative = "negative"
)

// MinSentimentExamples is how many rated reviews of each polarity
// TrainSentiment needs.
const MinSentimentExamples = 10

// RatingLabel is the sentiment label of a star rating: 4-5 positive, 1-2
// negative, and "" for 3 or no rating.
func RatingLabel(rating int) string {
	switch {
	case rating >= 4:
		return LabelPositive
	case rating >= 1 && rating <= 2:
		return LabelNegative
	}
	return ""
}

// TrainSentiment learns the shop's review sentiment from its rated reviews
// (see RatingLabel) with a FastText model, holding out 10% to calibrate.
// It returns an EINVALID error when either polarity has fewer than
// MinSentimentExamples reviews.
func TrainSentiment(ctx context.Context, tok *Tokenizer, reviews []*shopmind.Review, p FastTextParams) (*Classifier, error) {
	var docs [][]string
	var labels []string
	count := map[string]int{}
	for _, r := range reviews {
		l := RatingLabel(r.Rating)
		if l == "" {
			continue
		}
		d := tok.Words(r.Title + ". " + r.Text)
		if len(d) == 0 {
			continue
		}
		docs = append(docs, d)
		labels = append(labels, l)
		count[l]++
	}
	if count[LabelPositive] < MinSentimentExamples || count[LabelNegative] < MinSentimentExamples {
		return nil, shopmind.Errorf(shopmind.EINVALID, "sentiment needs at least %d rated reviews of 4-5 and of 1-2 stars, got %d and %d",
			MinSentimentExamples, count[LabelPositive], count[LabelNegative])
	}
	return Train(ctx, NewFastText(p), docs, labels, TrainOptions{CalibrationFraction: 0.1, Seed: p.Seed})
}

// Lexicon scores sentiment from opinion words, with negation: the fallback
// before a shop has enough rated reviews to learn from.
type Lexicon struct{}

var lexiconWeights = func() map[string]float64 {
	m := map[string]float64{}
	for _, w := range []string{"good", "great", "excellent", "love", "loved", "perfect", "amazing", "awesome", "nice", "happy",
		"comfortable", "recommend", "best", "fast", "works", "beautiful", "fantastic", "worth", "satisfied", "easy", "sturdy",
		"好", "不错", "满意", "喜欢", "推荐", "好用", "舒服", "漂亮", "快", "值得", "实惠", "很好", "很快", "挺好", "流畅", "耐用", "给力", "完美", "清晰", "方便", "赞"} {
		m[w] = 1
	}
	for _, w := range []string{"bad", "poor", "terrible", "awful", "broke", "broken", "worst", "waste", "disappointed", "cheap",
		"return", "returned", "refund", "slow", "useless", "horrible", "defective", "hate", "fake", "flimsy", "late", "small", "uncomfortable",
		"差", "失望", "垃圾", "退货", "慢", "坏", "差评", "后悔", "破", "假货", "问题", "难用", "退款", "糟糕", "不好", "太差", "很差", "太慢", "很慢", "不行", "卡", "有灰"} {
		m[w] = -1
	}
	return m
}()

// Positive returns the probability-like score that tokens are positive.
func (Lexicon) Positive(toks []Token) float64 {
	var s float64
	for _, t := range toks {
		w := lexiconWeights[t.Text]
		if t.Negated {
			w = -w
		}
		s += w
	}
	return 1 / (1 + math.Exp(-1.5*s))
}

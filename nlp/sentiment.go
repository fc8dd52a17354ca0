package nlp

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/shopmind/shopmind"
)

// Sentiment labels of the sentiment classifier.
const (
	LabelPositive = "positive"
	LabelNegative = "negative"
)

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

// SentimentFeatures returns the classifier features of text for the
// sentiment model: lower-cased words with negation marks ("not_good"), and
// Chinese as single characters (with word bigrams, character pairs), so the
// model needs no dictionary and reads the same with or without the gse
// segmenter loaded. A negation word is left out when it marks the words
// after it: they carry it ("not bad" is "not_bad"), and "not" alone, which
// labelled sentences mostly use in complaints, would outweigh them.
// Function words in a negation's scope are left out, so "not bad at all"
// reads not_bad alone ("at all" follows complaints in most labelled
// sentences and would pull it down). A contrast word ends a negation's
// scope ("not cheap but worth it"), and an unfulfilled expectation negates
// what was expected ("I wanted to love these" reads not_love; see
// readExpectations).
func SentimentFeatures(text string) []string {
	var plain Tokenizer
	toks := readContrasts(plain.Tokens(text))
	readExpectations(toks)
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		if IsNegation(t.Text) && i+1 < len(toks) && toks[i+1].Negated {
			continue
		}
		if t.Negated && functionWords[t.Text] {
			continue
		}
		out = append(out, t.Feature())
	}
	return out
}

// functionWords carry no opinion of their own, negated or not.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the at all to of in on for with from by as about this that these those it its
		i me my we our you your he she they them their is am are was were be been being do does did have has had
		so too very really quite just even any anyone anything 的 了 是 也 都 就 很 太 这 那 个 一`) {
		m[w] = true
	}
	return m
}()

// SentimentOptions control TrainSentiment.
type SentimentOptions struct {
	Params FastTextParams
	// ShopReviews is the most rated shop reviews used as weak labels
	// (4-5 stars positive, 1-2 negative), half per polarity; 0 uses none.
	ShopReviews int
	// ChineseRepeat is how many times each Chinese training sentence is
	// seen per epoch (the hand-written set is small next to the English one).
	ChineseRepeat int
	// CalibrationFraction of the training examples fits the temperature.
	CalibrationFraction float64
	Seed                uint64
}

// DefaultSentimentOptions trains in about a second on one core: FastText
// with character n-grams on one thread (the same model every run), up to
// 2,000 shop reviews, Chinese sentences seen 3 times.
func DefaultSentimentOptions() SentimentOptions {
	p := DefaultFastTextParams()
	p.Threads = 1
	return SentimentOptions{Params: p, ShopReviews: 2000, ChineseRepeat: 3, CalibrationFraction: 0.1, Seed: 1}
}

// Hash names the training recipe, so a model trained otherwise (or on
// other bundled data) is retrained rather than served.
func (o SentimentOptions) Hash() string {
	p := o.Params
	return fmt.Sprintf("sentiment-v4-features%d-bundled-%08x-fasttext-%d-%d-%g-%d-%d-%d-shop-%d-zh%d-cal%g-seed%d",
		FeatureVersion, bundledDigest(), p.Dim, p.Epochs, p.LR, p.WordNgrams, p.MinN, p.MaxN, o.ShopReviews, o.ChineseRepeat, o.CalibrationFraction, o.Seed)
}

// bundledDigest is a hash of the bundled labelled sentences.
func bundledDigest() uint32 {
	h := fnv.New32a()
	ts, _ := BundledSentiment()
	for _, t := range ts {
		fmt.Fprintf(h, "%s\t%s\n", t.Text, t.Label)
	}
	return h.Sum32()
}

// TrainSentiment trains the served review sentiment model on the bundled
// labelled sentences in English and Chinese (BundledSentiment) outside
// their held-out fifth (HeldOut), plus the shop's rated reviews as weak
// labels (RatingLabel). It returns the model and its metrics on the
// held-out sentences, which it never saw: accuracy, macro_f1 and ece over
// both languages, accuracy_en and accuracy_zh, and the example counts.
func TrainSentiment(ctx context.Context, reviews []*shopmind.Review, opt SentimentOptions) (*Classifier, map[string]float64, error) {
	if opt.ShopReviews < 0 || opt.ChineseRepeat < 1 {
		return nil, nil, shopmind.FieldErrorf("chinese_repeat", "shop reviews must not be negative and chinese repeat must be at least 1")
	}
	bundled, err := BundledSentiment()
	if err != nil {
		return nil, nil, err
	}
	var docs, calDocs [][]string
	var labels, calLabels []string
	test := map[string]struct {
		docs   [][]string
		labels []string
	}{}
	var testDocs [][]string
	var testLabels []string
	var curated []LabelledText
	for _, t := range bundled {
		f := SentimentFeatures(t.Text)
		if len(f) == 0 {
			continue
		}
		if HeldOut(t.Text) {
			g := test[t.Language]
			g.docs, g.labels = append(g.docs, f), append(g.labels, t.Label)
			test[t.Language] = g
			testDocs, testLabels = append(testDocs, f), append(testLabels, t.Label)
			continue
		}
		curated = append(curated, t)
	}
	// The temperature is fitted on labelled sentences (not on the shop's
	// noisy weak labels, which would flatten every probability).
	y := make([]int, len(curated))
	for i, t := range curated {
		if t.Label == LabelPositive {
			y[i] = 1
		}
	}
	trainIdx, calIdx := stratifiedSplit(y, 2, opt.CalibrationFraction, opt.Seed)
	for _, i := range calIdx {
		calDocs, calLabels = append(calDocs, SentimentFeatures(curated[i].Text)), append(calLabels, curated[i].Label)
	}
	for _, i := range trainIdx {
		t := curated[i]
		n := 1
		if t.Language == LangChinese {
			n = opt.ChineseRepeat
		}
		f := SentimentFeatures(t.Text)
		for k := 0; k < n; k++ {
			docs, labels = append(docs, f), append(labels, t.Label)
		}
	}
	nCurated := len(trainIdx)
	// Negated opinion words ("not bad", 不差) are rare in labelled
	// sentences; the opinion lexicon supplies them, each word and its
	// negation with the opposite label.
	for _, d := range negationExamples() {
		docs, labels = append(docs, d.features), append(labels, d.label)
	}
	shop := weakLabels(reviews, opt.ShopReviews, opt.Seed)
	for _, r := range shop {
		// Each sentence takes its review's label: the model reads
		// sentences and clauses, and in a whole review the title and the
		// strongest words would carry the label alone.
		l := RatingLabel(r.Rating)
		for _, s := range append(Sentences(r.Title), Sentences(r.Text)...) {
			if f := SentimentFeatures(s); len(f) > 0 {
				docs, labels = append(docs, f), append(labels, l)
			}
		}
	}
	c, err := Train(ctx, NewFastText(opt.Params), docs, labels, TrainOptions{Seed: opt.Seed})
	if err != nil {
		return nil, nil, err
	}
	if len(calDocs) > 0 {
		logits := make([][]float64, len(calDocs))
		ys := make([]int, len(calDocs))
		for i, d := range calDocs {
			logits[i] = c.Model.Logits(d)
			for k, l := range c.Labels {
				if l == calLabels[i] {
					ys[i] = k
				}
			}
		}
		c.Temperature = FitTemperature(logits, ys)
	}
	sc := Evaluate(c, testDocs, testLabels)
	metrics := map[string]float64{
		"accuracy": sc.Accuracy, "macro_f1": sc.MacroF1, "ece": sc.ECE, "test_sentences": float64(sc.N),
		"train_sentences": float64(nCurated), "shop_reviews": float64(len(shop)),
	}
	for lang, g := range test {
		s := Evaluate(c, g.docs, g.labels)
		metrics["accuracy_"+lang] = s.Accuracy
		metrics["test_"+lang] = float64(s.N)
	}
	return c, metrics, nil
}

type example struct {
	features []string
	label    string
}

// negationExamples are the opinion lexicon's words with their label and
// each negated ("not_bad", "not_差") with the other label.
func negationExamples() []example {
	words := make([]string, 0, len(lexiconWeights))
	for w := range lexiconWeights {
		words = append(words, w)
	}
	sort.Strings(words)
	var out []example
	for _, w := range words {
		l, flip := LabelPositive, LabelNegative
		if lexiconWeights[w] < 0 {
			l, flip = flip, l
		}
		f := SentimentFeatures(w)
		if hasHanText(w) {
			// As SentimentFeatures reads 不 + the word: its characters negated.
			neg := SentimentFeatures("不" + w)
			out = append(out, example{f, l}, example{neg, flip})
			continue
		}
		out = append(out, example{f, l}, example{[]string{"not_" + w}, flip})
	}
	return out
}

// weakLabels picks up to max rated reviews with text, half per polarity
// (all of a polarity that has fewer), seeded.
func weakLabels(reviews []*shopmind.Review, max int, seed uint64) []*shopmind.Review {
	by := map[string][]*shopmind.Review{}
	for _, r := range reviews {
		if l := RatingLabel(r.Rating); l != "" && strings.TrimSpace(r.Title+r.Text) != "" {
			by[l] = append(by[l], r)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x3ea1))
	var out []*shopmind.Review
	for _, l := range []string{LabelNegative, LabelPositive} {
		rs := by[l]
		rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
		if len(rs) > max/2 {
			rs = rs[:max/2]
		}
		out = append(out, rs...)
	}
	return out
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

// Package nlptest holds review sentences with known answers, for tests
// of review analysis through any door (nlp.Service, the HTTP API, the demo
// shop's acceptance suite).
package nlptest

import (
	"testing"

	"github.com/shopmind/shopmind"
)

// Sentence is a hand-written review sentence with what a reader takes
// from it: its polarity ("" for a mixed sentence, judged only by its
// aspects) and the polarity of each aspect it names.
type Sentence struct {
	Text    string
	Want    string
	Aspects map[string]string
}

const (
	pos = shopmind.SentimentPositive
	neg = shopmind.SentimentNegative
)

// Sentences are written for these tests, in the words shoppers use; none
// is in the bundled training sentences (nlp's TestReviewSentences checks).
var Sentences = []Sentence{
	{"The fit is perfect.", pos, map[string]string{"fit": pos}},
	{"Not bad at all.", pos, nil},
	{"Great fabric but the delivery took three weeks.", "", map[string]string{"quality": pos, "delivery": neg}},
	{"Comfortable, but the size is too small.", "", map[string]string{"comfort": pos, "size": neg}},
	{"The battery died after two days.", neg, map[string]string{"battery": neg}},
	{"Shipping was quick and the package was well protected.", pos, map[string]string{"delivery": pos}},
	{"Way too expensive for what you get.", neg, map[string]string{"price": neg}},
	{"The customer service was rude and unhelpful.", neg, map[string]string{"service": neg}},
	{"I would not recommend this to anyone.", neg, nil},
	{"I love how soft this sweater is.", pos, nil},
	{"The screen is bright and sharp.", pos, map[string]string{"screen": pos}},
	{"The sound is terrible.", neg, map[string]string{"sound": neg}},
	{"It stopped working after a month.", neg, nil},
	{"Not worth the price.", neg, map[string]string{"price": neg}},
	{"The color is not what I expected.", neg, map[string]string{"color": neg}},
	{"Very comfortable and stylish.", pos, map[string]string{"comfort": pos}},
	{"Excellent quality, highly recommended.", pos, map[string]string{"quality": pos}},
	{"The material feels cheap and flimsy.", neg, map[string]string{"quality": neg}},
	{"Arrived late and the box was damaged.", neg, map[string]string{"delivery": neg}},
	{"I am very happy with this purchase.", pos, nil},
	{"Does not work as advertised.", neg, nil},
	{"Never had a problem with it.", pos, nil},
	{"The price is fair and the quality is good.", pos, map[string]string{"price": pos, "quality": pos}},
	{"Disappointed, it broke the first day.", neg, nil},
	{"Good value for money.", pos, map[string]string{"price": pos}},
	{"The seller was helpful and answered quickly.", pos, map[string]string{"service": pos}},
	{"质量很好，物流也很快。", pos, map[string]string{"quality": pos, "delivery": pos}},
	{"不太好，穿了一次就坏了。", neg, nil},
	{"尺码偏大，只能退货。", neg, map[string]string{"size": neg}},
	{"面料很舒服，做工也精细。", pos, map[string]string{"quality": pos}},
	{"客服态度非常差。", neg, map[string]string{"service": neg}},
	{"价格便宜，质量也不错。", pos, map[string]string{"price": pos, "quality": pos}},
	{"快递太慢了，等了十天。", neg, map[string]string{"delivery": neg}},
	{"颜色很好看，和图片一样。", pos, map[string]string{"color": pos}},
	{"一点也不好用。", neg, nil},
	{"没有任何问题，很满意。", pos, nil},
	{"电池续航很差。", neg, map[string]string{"battery": neg}},
	{"屏幕很清晰，反应也快。", pos, map[string]string{"screen": pos}},
	{"味道不错，还会再买。", pos, map[string]string{"taste": pos}},
	{"包装破了，东西也少了。", neg, map[string]string{"delivery": neg}},
	{"性价比很高，推荐购买。", pos, map[string]string{"price": pos}},
	{"做工粗糙，线头很多。", neg, map[string]string{"quality": neg}},
	{"穿着很舒服，尺码也合适。", pos, map[string]string{"comfort": pos, "size": pos}},
	{"不值这个价，后悔了。", neg, nil},
	{"衣服质量很好，但是物流太慢了。", "", map[string]string{"quality": pos, "delivery": neg}},
	{"音质一般，有杂音。", neg, map[string]string{"sound": neg}},
	{"鞋子很漂亮，老婆很喜欢。", pos, nil},
	{"发错了颜色，客服也不处理。", neg, map[string]string{"service": neg}},
}

// Allowed misses of Check, out of 48 sentences and 42 aspect mentions: a
// miss is a sentence or aspect read on the other side or as neutral (both
// directions count).
const (
	MaxSentenceMisses = 5
	MaxAspectMisses   = 5
)

// Check analyses every sentence with analyze (a door such as the API's
// analyze route) and fails t when more than the allowed sentences or
// aspect mentions are missed, or when "The fit is perfect." is not
// positive. It returns the misses.
func Check(t testing.TB, analyze func(text string) shopmind.ReviewAnalysis) (misses, aspectMisses int) {
	t.Helper()
	aspects := 0
	for _, s := range Sentences {
		got := analyze(s.Text)
		if s.Want != "" && got.Sentiment != s.Want {
			misses++
			t.Logf("MISS %q: %s (%.2f), want %s", s.Text, got.Sentiment, got.Positive, s.Want)
		}
		found := map[string]shopmind.AspectMention{}
		for _, m := range got.Aspects {
			found[m.Aspect] = m
		}
		for a, want := range s.Aspects {
			aspects++
			if m, ok := found[a]; !ok || m.Sentiment != want {
				aspectMisses++
				t.Logf("MISS %q: aspect %s %+v, want %s (aspects %v)", s.Text, a, m, want, got.Aspects)
			}
		}
	}
	t.Logf("%d of %d sentences and %d of %d aspect mentions missed", misses, len(Sentences), aspectMisses, aspects)
	if misses > MaxSentenceMisses {
		t.Errorf("%d sentences missed, want at most %d", misses, MaxSentenceMisses)
	}
	if aspectMisses > MaxAspectMisses {
		t.Errorf("%d aspect mentions missed, want at most %d", aspectMisses, MaxAspectMisses)
	}
	if got := analyze("The fit is perfect."); got.Sentiment != pos {
		t.Errorf("The fit is perfect.: %s (%.2f), want positive", got.Sentiment, got.Positive)
	}
	return misses, aspectMisses
}

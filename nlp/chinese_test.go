package nlp

import (
	"reflect"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestChineseSegmentation(t *testing.T) {
	zh := mustChinese(t)
	tok := &Tokenizer{Segmenter: zh}
	got := tok.Words("这款手机的电池续航很好，但是屏幕有点暗")
	want := []string{"这款", "手机", "的", "电池", "续航", "很", "好", "但是", "屏幕", "有点", "暗"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := tok.Words("质量不好"); !reflect.DeepEqual(got, []string{"质量", "不好"}) && !reflect.DeepEqual(got, []string{"质量", "不", "not_好"}) {
		t.Errorf("negation: %q", got)
	}
}

func TestChineseAspects(t *testing.T) {
	zh := mustChinese(t)
	tok := &Tokenizer{Segmenter: zh}
	reviews := []string{"电池很耐用", "电池不行", "手机的电池一般", "镜头很清晰", "镜头有灰", "镜头还可以"}
	opt := DefaultLearnOptions()
	opt.Nouns = zh
	l := LearnAspects(SeedAspects(), tok, reviews, opt)
	if l.Terms["镜头"] != "镜头" {
		t.Errorf("镜头 not learned: %q", l.Terms["镜头"])
	}
	a := NewAnalyzer(tok, nil, l)
	got := a.Analyze(&shopmind.Review{ID: "r", ItemID: "i", Text: "物流很快，但是质量太差了，失望"})
	sent := map[string]string{}
	for _, m := range got.Aspects {
		sent[m.Aspect] = m.Sentiment
	}
	if sent["delivery"] != "positive" || sent["quality"] != "negative" || got.Language != "zh" || got.Sentiment != "negative" {
		t.Errorf("analysis %+v", got)
	}
}

func BenchmarkChineseSegmentation(b *testing.B) {
	zh := mustChinese(b)
	text := "这款手机的电池续航很好，但是屏幕有点暗，物流很快，客服态度也不错。"
	n := len([]rune(text))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		zh.Cut(text)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "chars/s")
}

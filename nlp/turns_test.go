package nlp

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSentimentFeaturesTurns(t *testing.T) {
	tests := []struct {
		text      string
		want, not []string
	}{
		{"Not cheap but worth it.", []string{"not_cheap", "worth"}, []string{"not_worth", "not_but"}},
		{"I wanted to love these but they fell apart.", []string{"not_love", "fell", "apart"}, []string{"love", "not_fell"}},
		{"Should have been a great gift.", []string{"not_great", "not_gift"}, []string{"great"}},
		{"The color should've been navy.", []string{"not_navy"}, nil},
		{"It was supposed to be waterproof.", []string{"not_waterproof"}, nil},
		{"I hoped it would not break.", []string{"break"}, []string{"not_break"}},
		{"I thought the lamp would be perfect, then it stopped.", []string{"not_perfect", "stopped"}, []string{"not_stopped"}},
		// Present forms and a wish met expect nothing that failed.
		{"It does what it is supposed to do.", []string{"do"}, []string{"not_do"}},
		{"I wanted a warm coat and this one is perfect.", []string{"warm", "perfect"}, []string{"not_warm", "not_perfect"}},
		{"Hoping it lasts.", []string{"lasts"}, []string{"not_lasts"}},
		// 不过 is "but", not 不 + 过; 不过分 is "not excessive".
		{"物流慢了点，不过东西很好。", []string{"不过", "东", "西"}, []string{"not_东", "not_过"}},
		{"价格不过分。", []string{"not_过", "not_分"}, []string{"不过"}},
		{"不好但是便宜", []string{"not_好", "便"}, []string{"not_便"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := SentimentFeatures(tt.text)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%v lacks %s", got, w)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("%v has %s", got, w)
				}
			}
		})
	}
}

func TestLukewarmVerdict(t *testing.T) {
	tests := []struct {
		clause string
		ok     bool
		p      float64
	}{
		{"还行吧", true, 0.55}, {"还可以。", true, 0.55}, {"质量一般", true, 0.45}, {"一般般吧～", true, 0.45},
		{"凑合用吧", true, 0.45}, {"马马虎虎", true, 0.45}, {"不好不坏", true, 0.5},
		{"东西很一般", false, 0}, {"太一般了", false, 0}, {"不一般", false, 0}, {"非同一般", false, 0},
		{"还可以用来装水", false, 0}, {"还不错", false, 0}, {"good", false, 0},
	}
	for _, tt := range tests {
		p, ok := lukewarmVerdict(tt.clause)
		if ok != tt.ok || p != tt.p {
			t.Errorf("%s: %v %.2f, want %v %.2f", tt.clause, ok, p, tt.ok, tt.p)
		}
	}
}

func TestTurnedPositive(t *testing.T) {
	// A stand-in model: 0.9 for "great" or 好, 0.1 for "awful" or 差, else 0.5.
	var read []string
	model := func(s string) float64 {
		read = append(read, s)
		switch {
		case strings.Contains(strings.ToLower(s), "great") || strings.Contains(s, "好"):
			return 0.9
		case strings.Contains(s, "awful") || strings.Contains(s, "差"):
			return 0.1
		}
		return 0.5
	}
	tests := []struct {
		text  string
		want  float64
		reads int
	}{
		{"It was awful after a week.", 0.1, 1},                            // no turn: read whole
		{"Looks great but it was awful.", (0.9 + 3*0.1) / 4, 2},           // after "but" counts 3 times
		{"It was awful, but support was great.", (0.1 + 3*0.9) / 4, 2},    // both ways
		{"Although it was awful, it is great.", (0.5*0.1 + 0.9) / 1.5, 2}, // a concession counts half
		{"Great. Looks great but it was awful.", (0.9 + 0.3) / 2, 3},      // a turned sentence counts as one
		{"还行吧", 0.55, 0}, // lukewarm: not read by the model
		{"还行吧，就是质量差。", (0.55 + 0.1) / 2, 1},
		{"质量一般，但是很好用。", (0.45 + 3*0.9) / 4, 1},
		// A reported failure pulls its part halfway to failurePositive.
		{"It broke after a week.", (0.5 + failurePositive) / 2, 1},
		{"Looks great but it fell apart.", (0.9 + 3*(0.5+failurePositive)/2) / 4, 2},
		{"Great. It stopped working.", (0.9 + (0.5+failurePositive)/2) / 2, 2},
		{"It never fell apart.", 0.5, 1},
	}
	for _, tt := range tests {
		read = nil
		if got := turnedPositive(model, tt.text); math.Abs(got-tt.want) > 1e-9 || len(read) != tt.reads {
			t.Errorf("%s: %.3f after reading %q, want %.3f after %d reads", tt.text, got, read, tt.want, tt.reads)
		}
	}
}

// A text of many contrasts reads in linear time: 20,000 "but"s took 25 s
// through the analyze route when each cleared the rest of its clause.
func TestSentimentFeaturesManyContrasts(t *testing.T) {
	start := time.Now()
	f := SentimentFeatures(strings.Repeat("but ", 20000))
	if d := time.Since(start); d > time.Second || len(f) != 20000 {
		t.Errorf("%d features in %s", len(f), d)
	}
	if f := SentimentFeatures("not good but not good but good"); !slices.Equal(f, []string{"not_good", "but", "not_good", "but", "good"}) {
		t.Errorf("features %q", f)
	}
}

func TestReportsFailure(t *testing.T) {
	for text, want := range map[string]bool{
		"They fell apart in a week.":            true,
		"It stopped working after a month.":     true,
		"The strap ripped the first time.":      true,
		"穿了一次就开线了。":                             true,
		"The color faded after one wash.":       true,
		"It never fell apart.":                  false,
		"It hasn't broken yet.":                 false,
		"I hoped it would not break, it broke.": true,
		"没有开线，也不掉色。":                            false,
		"I love the faded look.":                false,
		"Fell, apart.":                          false,
	} {
		if got := reportsFailure(text); got != want {
			t.Errorf("%s: %v, want %v", text, got, want)
		}
	}
}

func TestReportsFulfilment(t *testing.T) {
	for text, want := range map[string]bool{
		"It does what it is supposed to do.":        true,
		"Does what it's supposed to, nothing more.": true,
		"Exactly as described, fast shipping.":      true,
		"Fits true to size.":                        true,
		"物有所值，下次还买。":                                true,
		"和描述一样，很满意。":                                true,
		"It doesn't do what it is supposed to.":     false,
		"Not as described at all.":                  false,
		"Not worth the money.":                      false,
		"I hoped it would work as advertised.":      false,
		"Described, as it was.":                     false,
	} {
		if got := fulfilmentRule.reports(text); got != want {
			t.Errorf("%s: %v, want %v", text, got, want)
		}
	}
}

func TestTurnParts(t *testing.T) {
	for text, want := range map[string][]string{
		"No problems yet.":                               {"No problems yet."},
		"A bit pricey though.":                           {"A bit pricey though."},
		"Fits well, though, and ships fast.":             {"Fits well, though, and ships fast."},
		"I haven't used it yet but it looks great.":      {"I haven't used it yet", "but it looks great."},
		"Looks great but it fell apart.":                 {"Looks great", "but it fell apart."},
		"衣服很好看，但是穿了一次就开线了。":                              {"衣服很好看，", "但是穿了一次就开线了。"},
		"Great fabric, however the zipper broke, sadly.": {"Great fabric,", "however the zipper broke, sadly."},
	} {
		if got := turnParts(text); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", text, got, want)
		}
	}
}

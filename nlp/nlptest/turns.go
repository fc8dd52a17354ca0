package nlptest

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// Turn is a hand-written review sentence whose opinion turns (an
// unfulfilled expectation followed by a failure, a "but" contrast, a
// lukewarm Chinese verdict) with the labels a reader accepts.
type Turn struct {
	Text   string
	Accept []string // SentimentPositive, SentimentNegative or SentimentNeutral
	Shape  string   // expectation, but-positive, lukewarm...
}

// TurnsFile is the path of the turns from a package folder of the
// repository (nlp/, demo/...).
const TurnsFile = "../testdata/nlp/review_turns.tsv"

// ReadTurns reads the turns of a tab-separated file: text, accepted labels
// separated by "|", shape; a header row, and lines starting with # are
// comments.
func ReadTurns(t testing.TB, path string) []Turn {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Turn
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("%s: %q has %d columns, want 3", path, line, len(cols))
		}
		out = append(out, Turn{Text: cols[0], Accept: strings.Split(cols[1], "|"), Shape: cols[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Allowed misses of CheckTurns, out of 60 turns: a miss is a label not
// accepted; the model is a bag of n-grams, and on the demo shop its weak
// labels leave a few contrasts neutral. At most MaxTurnsOpposite may land
// on the other side.
const (
	MaxTurnMisses   = 6
	MaxTurnOpposite = 2
)

// Reported are the two sentences a shop owner reported wrong, with the
// label each must not get: the complaint read positive (0.79 on the demo
// shop), 还行吧 read negative.
var Reported = map[string]string{
	"I wanted to love these but they fell apart in a week.": shopmind.SentimentPositive,
	"还行吧": shopmind.SentimentNegative,
}

// CheckTurns analyses every turn with analyze and fails t when more than
// MaxTurnMisses get a label not accepted (MaxTurnOpposite on the other
// side), or a Reported sentence gets the
// label it must not get (or neutral, for the complaint). It returns the
// misses.
func CheckTurns(t testing.TB, turns []Turn, analyze func(text string) shopmind.ReviewAnalysis) int {
	t.Helper()
	misses := map[string]int{}
	n, opposite := 0, 0
	for _, x := range turns {
		got := analyze(x.Text)
		ok := false
		for _, l := range x.Accept {
			ok = ok || got.Sentiment == l
		}
		if !ok {
			misses[x.Shape]++
			n++
			if got.Sentiment != shopmind.SentimentNeutral {
				opposite++
			}
			t.Logf("MISS %s %q: %s (%.2f), want %s", x.Shape, x.Text, got.Sentiment, got.Positive, strings.Join(x.Accept, " or "))
		}
	}
	t.Logf("%d of %d turns missed, %d on the other side: %v", n, len(turns), opposite, misses)
	for text, bad := range Reported {
		got := analyze(text)
		t.Logf("reported: %s %s (%.2f)", text, got.Sentiment, got.Positive)
		if got.Sentiment == bad || bad == shopmind.SentimentPositive && got.Sentiment == shopmind.SentimentNeutral {
			t.Errorf("%s: %s (%.2f)", text, got.Sentiment, got.Positive)
		}
	}
	if n > MaxTurnMisses || opposite > MaxTurnOpposite {
		t.Errorf("%d of %d turns missed and %d on the other side, want at most %d and %d", n, len(turns), opposite, MaxTurnMisses, MaxTurnOpposite)
	}
	return n
}

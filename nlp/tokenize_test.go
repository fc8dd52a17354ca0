package nlp

import (
	"reflect"
	"strings"
	"testing"
)

// fakeSegmenter cuts Chinese runs on a fixed word list, longest first.
type fakeSegmenter []string

func (f fakeSegmenter) Cut(s string) []string {
	var out []string
	for s != "" {
		best := ""
		for _, w := range f {
			if strings.HasPrefix(s, w) && len(w) > len(best) {
				best = w
			}
		}
		if best == "" {
			_, n := firstRune(s)
			best = s[:n]
		}
		out = append(out, best)
		s = s[len(best):]
	}
	return out
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

func TestTokenizerWords(t *testing.T) {
	tok := &Tokenizer{Segmenter: fakeSegmenter{"电池", "续航", "很", "好", "但是", "屏幕", "不", "清楚"}}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"lowercase", "Great PHONE", []string{"great", "phone"}},
		{"negation scope", "It is not good at all, but fine", []string{"it", "is", "not", "not_good", "not_at", "not_all", "but", "fine"}},
		{"contraction", "I didn't like it.", []string{"i", "did", "not", "not_like", "not_it"}},
		{"curly apostrophe", "doesn’t work", []string{"does", "not", "not_work"}},
		{"hyphen and digits", "wi-fi 5G", []string{"wi-fi", "5g"}},
		{"chinese", "电池续航很好，但是屏幕不清楚", []string{"电池", "续航", "很", "好", "但是", "屏幕", "不", "not_清楚"}},
		{"mixed", "iPhone电池很好", []string{"iphone", "电池", "很", "好"}},
		{"invalid utf8", "bad\xffbyte", []string{"bad", "byte"}},
		{"empty", "  ...  ", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tok.Words(tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTokenizerWithoutSegmenterCutsCharacters(t *testing.T) {
	got := (&Tokenizer{}).Words("好用")
	if want := []string{"好", "用"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestTokenClauses(t *testing.T) {
	toks := (&Tokenizer{}).Tokens("good screen, bad battery")
	clauses := []int{0, 0, 1, 1}
	for i, tk := range toks {
		if tk.Clause != clauses[i] {
			t.Errorf("token %q clause %d, want %d", tk.Text, tk.Clause, clauses[i])
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Works well. Battery lasts 4.5 days! Love it", []string{"Works well.", "Battery lasts 4.5 days!", "Love it"}},
		{"质量很好。物流太慢！", []string{"质量很好。", "物流太慢！"}},
		{"...", nil},
	}
	for _, tt := range tests {
		if got := Sentences(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The battery is great and the screen is bright", "en"},
		{"这款手机的电池续航很好", "zh"},
		{"iPhone 的电池很好", "zh"},
		{"Le produit est très bien et pas cher", "fr"},
		{"Das ist nicht gut und sehr teuer", "de"},
		{"El producto es muy bueno y no es caro", "es"},
		{"このスマホはとても良いです", "ja"},
		{"배터리가 좋아요", "ko"},
		{"Очень хороший телефон", "ru"},
		{"12345 !!!", ""},
	}
	for _, tt := range tests {
		if got := Language(tt.text); got != tt.want {
			t.Errorf("Language(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

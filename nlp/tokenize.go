package nlp

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segmenter cuts a run of Chinese text into words. *Chinese implements it;
// tests may use a fake.
type Segmenter interface {
	Cut(text string) []string
}

// Token is one word of a text.
type Token struct {
	Text    string // lower-cased word, or a Chinese word
	Negated bool   // inside the scope of a negation such as "not" or 不
	Han     bool   // a Chinese word
	Clause  int    // index of the clause (split at punctuation) it belongs to
}

// Tokenizer splits English and Chinese text into words. Its zero value
// tokenizes English and cuts Chinese into single characters; set Segmenter
// (LoadChinese) for Chinese word segmentation.
type Tokenizer struct {
	Segmenter Segmenter
	// NegationScope is how many words after a negation word are marked
	// negated, up to the end of the clause (0 means DefaultNegationScope).
	NegationScope int
}

// DefaultNegationScope is the number of words a negation applies to.
const DefaultNegationScope = 3

// englishNegations end a clause's positive reading: the words after them
// (within the scope) are negated.
var englishNegations = map[string]bool{
	"not": true, "no": true, "never": true, "nothing": true, "nobody": true, "none": true,
	"neither": true, "nor": true, "without": true, "hardly": true, "barely": true,
	"cannot": true, "dont": true, "didnt": true, "doesnt": true, "isnt": true, "wasnt": true,
	"arent": true, "werent": true, "wont": true, "wouldnt": true, "couldnt": true,
	"shouldnt": true, "cant": true, "havent": true, "hasnt": true, "hadnt": true, "aint": true,
}

// chineseNegations negate the Chinese words after them.
var chineseNegations = map[string]bool{
	"不": true, "没": true, "没有": true, "无": true, "别": true, "未": true, "不是": true,
	"不会": true, "不能": true, "不太": true, "不够": true, "并不": true, "毫无": true, "从不": true,
}

// IsNegation reports whether w (a lower-cased token) is a negation word.
func IsNegation(w string) bool {
	return englishNegations[w] || chineseNegations[w] || strings.HasSuffix(w, "n't")
}

// Tokens splits text into words with their negation and clause marks.
// Punctuation ends clauses and is dropped.
func (t *Tokenizer) Tokens(text string) []Token {
	scope := t.NegationScope
	if scope <= 0 {
		scope = DefaultNegationScope
	}
	var out []Token
	clause := 0
	negLeft := 0
	emit := func(w string, han bool) {
		if w == "" {
			return
		}
		if IsNegation(w) {
			out = append(out, Token{Text: w, Han: han, Clause: clause})
			negLeft = scope
			return
		}
		out = append(out, Token{Text: w, Han: han, Clause: clause, Negated: negLeft > 0})
		if negLeft > 0 && !(han && chineseDegreeWords[w]) {
			negLeft--
		}
	}
	endClause := func() {
		if len(out) > 0 && out[len(out)-1].Clause == clause {
			clause++
		}
		negLeft = 0
	}
	var word strings.Builder
	flushWord := func() {
		if word.Len() > 0 {
			w := strings.ReplaceAll(word.String(), "'", "")
			if strings.HasSuffix(word.String(), "n't") {
				w = strings.TrimSuffix(word.String(), "n't")
				emit(strings.ReplaceAll(w, "'", ""), false)
				w = "not"
			}
			emit(w, false)
			word.Reset()
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			flushWord()
			i++
		case unicode.Is(unicode.Han, r):
			flushWord()
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.Is(unicode.Han, r2) {
					break
				}
				j += s2
			}
			for _, w := range t.cut(text[i:j]) {
				emit(w, true)
			}
			i = j
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			word.WriteRune(unicode.ToLower(r))
			i += size
		case (r == '\'' || r == '’') && word.Len() > 0:
			word.WriteByte('\'')
			i += size
		case r == '-' && word.Len() > 0 && i+size < len(text) && isWordByte(text[i+size]):
			word.WriteByte('-')
			i += size
		default:
			flushWord()
			if isClauseBreak(r) {
				endClause()
			}
			i += size
		}
	}
	flushWord()
	return out
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// isClauseBreak reports whether r ends a clause (and a negation's scope).
func isClauseBreak(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '(', ')', '"', '\n',
		'。', '，', '；', '：', '！', '？', '、', '（', '）', '…', '～', '~':
		return true
	}
	return unicode.Is(unicode.Terminal_Punctuation, r)
}

// cut segments a Han run with the Segmenter, or into characters without one.
func (t *Tokenizer) cut(s string) []string {
	if t.Segmenter != nil {
		var out []string
		for _, w := range t.Segmenter.Cut(s) {
			if w = strings.TrimSpace(w); w != "" {
				out = append(out, w)
			}
		}
		return out
	}
	out := make([]string, 0, utf8.RuneCountInString(s))
	for i := 0; i < len(s); {
		w := chineseUnitAt(s[i:])
		out = append(out, w)
		i += len(w)
	}
	return out
}

// chineseDegreeWords (a copula and degree adverbs, as characters or
// words) do not use up a negation's scope: 不是很满意 negates 满意 as
// 不满意 does.
var chineseDegreeWords = map[string]bool{
	"是": true, "很": true, "太": true, "非": true, "常": true, "非常": true, "十": true, "分": true, "十分": true,
	"特别": true, "那": true, "么": true, "那么": true, "怎": true, "怎么": true, "都": true, "也": true,
	"挺": true, "蛮": true, "算": true, "够": true, "太过": true,
}

// chineseUnits are kept whole when Chinese is cut into characters (no
// segmenter): the negation words of more than one character, and words
// holding a negation character that negate nothing (特别 "especially" is
// no 别 "don't"; 无线 is "wireless").
var chineseUnits = func() []string {
	units := []string{"特别", "区别", "差别", "分别", "别的", "别人", "无论", "无线", "未来", "非常", "十分", "那么", "怎么", "太过"}
	for w := range chineseNegations {
		if utf8.RuneCountInString(w) > 1 {
			units = append(units, w)
		}
	}
	sort.Slice(units, func(i, j int) bool {
		if len(units[i]) != len(units[j]) {
			return len(units[i]) > len(units[j])
		}
		return units[i] < units[j]
	})
	return units
}()

// chineseUnitAt returns the unit s starts with: a chineseUnits word, else
// its first character.
func chineseUnitAt(s string) string {
	for _, u := range chineseUnits {
		if strings.HasPrefix(s, u) {
			return u
		}
	}
	_, size := utf8.DecodeRuneInString(s)
	return s[:size]
}

// Words returns the classifier features of text: its words, with "not_"
// before each negated one.
func (t *Tokenizer) Words(text string) []string {
	toks := t.Tokens(text)
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = tk.Feature()
	}
	return out
}

// Feature is the token as a classifier feature: "not_" + Text when negated.
func (tk Token) Feature() string {
	if tk.Negated {
		return "not_" + tk.Text
	}
	return tk.Text
}

// Sentences splits text into sentences at terminal punctuation and line
// breaks, trimming space; empty sentences are dropped.
func Sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		switch r {
		case '.', '!', '?', '\n', '。', '！', '？', '…':
			// Keep decimals such as "4.5" in one sentence.
			if r == '.' && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' {
				continue
			}
			if s := strings.TrimSpace(text[start : i+utf8.RuneLen(r)]); s != "" && !onlyPunct(s) {
				out = append(out, s)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" && !onlyPunct(s) {
		out = append(out, s)
	}
	return out
}

func onlyPunct(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

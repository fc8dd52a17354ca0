package nlp

import (
	"strings"
	"unicode"
)

// Language codes returned by Language.
const (
	LangEnglish  = "en"
	LangChinese  = "zh"
	LangJapanese = "ja"
	LangKorean   = "ko"
	LangRussian  = "ru"
	LangUnknown  = ""
)

// latinStopWords are frequent function words of Latin-script languages,
// used to tell them apart.
var latinStopWords = map[string][]string{
	"en": {"the", "and", "is", "it", "to", "of", "a", "this", "i", "was", "for", "not", "with", "very", "but", "my", "in", "are", "that", "you", "good", "great"},
	"fr": {"le", "la", "les", "et", "est", "un", "une", "des", "pas", "très", "du", "je", "ce", "pour", "que", "avec", "il", "bien", "mais"},
	"de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "ich", "sehr", "mit", "es", "zu", "auf", "für", "aber", "gut"},
	"es": {"el", "la", "los", "las", "y", "es", "un", "una", "no", "muy", "de", "que", "con", "para", "pero", "lo", "bien", "por"},
	"it": {"il", "la", "e", "è", "un", "una", "non", "molto", "di", "che", "con", "per", "ma", "sono", "questo", "bene"},
	"pt": {"o", "a", "os", "as", "e", "é", "um", "uma", "não", "muito", "de", "que", "com", "para", "mas", "bom"},
	"nl": {"de", "het", "een", "en", "is", "niet", "ik", "zeer", "heel", "met", "van", "voor", "maar", "goed", "dat"},
}

// Language detects the language of text: "zh", "ja", "ko" and "ru" from
// their scripts, "en", "fr", "de", "es", "it", "pt" or "nl" from stop words
// for Latin script, and "" when there are no letters. Text mixing scripts is
// given the language of its dominant script, counting each Han character as
// a word's worth of letters (Chinese words are one to three characters).
func Language(text string) string {
	var han, kana, hangul, cyrillic, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	cjk := han * 3 // a Han character carries about as much as 3 Latin letters
	switch {
	case han+kana+hangul+cyrillic+latin == 0:
		return LangUnknown
	case kana > 0 && kana*3+cjk >= latin:
		return LangJapanese
	case hangul > 0 && hangul*3 >= latin:
		return LangKorean
	case cjk >= latin && cjk >= cyrillic:
		return LangChinese
	case cyrillic > latin:
		return LangRussian
	}
	return latinLanguage(text)
}

// latinLanguage picks the Latin-script language whose stop words cover the
// most words of text, defaulting to English.
func latinLanguage(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	best, bestHits := LangEnglish, 0
	for _, lang := range []string{"en", "fr", "de", "es", "it", "pt", "nl"} {
		set := latinStopWords[lang]
		hits := 0
		for _, w := range words {
			for _, s := range set {
				if w == s {
					hits++
					break
				}
			}
		}
		if hits > bestHits {
			best, bestHits = lang, hits
		}
	}
	return best
}

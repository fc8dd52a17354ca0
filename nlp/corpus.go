package nlp

import (
	"bytes"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"strings"
)

// Data holds the labelled sentences bundled with shopmind (data/README.md):
// the English UCI Sentiment Labelled Sentences (CC BY 4.0, with their
// attribution) and a hand-written set of Chinese shop review sentences.
//
//go:embed data
var Data embed.FS

// LabelledText is a text with its sentiment label (LabelPositive or
// LabelNegative), its language and the set it comes from.
type LabelledText struct {
	Text     string
	Label    string
	Language string // LangEnglish or LangChinese
	Source   string // e.g. "uci/yelp", "zh_reviews"
}

// BundledSentiment returns the bundled labelled sentences: 3,000 English
// ones (UCI: Amazon phones, IMDb, Yelp) and the hand-written Chinese ones.
func BundledSentiment() ([]LabelledText, error) {
	var out []LabelledText
	for _, src := range []string{"amazon_cells", "imdb", "yelp"} {
		b, err := fs.ReadFile(Data, "data/uci/"+src+"_labelled.txt")
		if err != nil {
			return nil, fmt.Errorf("bundled sentiment: %w", err)
		}
		// Lines are "sentence \t 0|1"; split on \n only (the IMDb file
		// has U+0085 inside sentences) and at the last tab.
		for n, line := range strings.Split(string(b), "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.TrimSpace(line) == "" {
				continue
			}
			i := strings.LastIndexByte(line, '\t')
			if i < 0 {
				return nil, fmt.Errorf("bundled sentiment: uci/%s line %d has no label", src, n+1)
			}
			label := LabelNegative
			switch strings.TrimSpace(line[i+1:]) {
			case "1":
				label = LabelPositive
			case "0":
			default:
				return nil, fmt.Errorf("bundled sentiment: uci/%s line %d: label %q", src, n+1, line[i+1:])
			}
			out = append(out, LabelledText{Text: strings.TrimSpace(line[:i]), Label: label, Language: LangEnglish, Source: "uci/" + src})
		}
	}
	b, err := fs.ReadFile(Data, "data/zh_reviews.tsv")
	if err != nil {
		return nil, fmt.Errorf("bundled sentiment: %w", err)
	}
	texts, labels, _, err := ReadTable(bytes.NewReader(b), TableFormat{Comma: '\t'}, "text", "label")
	if err != nil {
		return nil, fmt.Errorf("bundled sentiment: zh_reviews.tsv: %w", err)
	}
	for i, t := range texts {
		if labels[i] != LabelPositive && labels[i] != LabelNegative {
			return nil, fmt.Errorf("bundled sentiment: zh_reviews.tsv row %d: label %q", i+2, labels[i])
		}
		out = append(out, LabelledText{Text: t, Label: labels[i], Language: LangChinese, Source: "zh_reviews"})
	}
	return out, nil
}

// HeldOut reports whether a bundled sentence belongs to the held-out fifth
// that the served sentiment model never trains on. It depends only on the
// text, so the split stays put when sentences are added.
func HeldOut(text string) bool {
	h := fnv.New32a()
	h.Write([]byte(text))
	return h.Sum32()%5 == 0
}

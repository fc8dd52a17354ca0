package nlp

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// ReadTableFile reads the text and label columns of a CSV or TSV file:
// tab-separated when its name ends in .tsv, .txt or .tab, gzipped when it
// ends in .gz (ReadTable reads the rows). Errors name the file.
func ReadTableFile(path string, noHeader bool, textCol, labelCol string) (texts, labels []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var r io.Reader = f
	name := strings.ToLower(path)
	if strings.HasSuffix(name, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
		name = strings.TrimSuffix(name, ".gz")
	}
	format := TableFormat{Comma: ',', NoHeader: noHeader}
	switch filepath.Ext(name) {
	case ".tsv", ".txt", ".tab":
		format.Comma = '\t'
	}
	texts, labels, _, err = ReadTable(r, format, textCol, labelCol)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return texts, labels, nil
}

// Pick returns xs at idx, in idx's order (the parts of SplitExamples).
func Pick(xs []string, idx []int) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}

// HasHan reports whether any text has a Chinese (Han) character.
func HasHan(texts []string) bool {
	for _, t := range texts {
		for _, r := range t {
			if unicode.Is(unicode.Han, r) {
				return true
			}
		}
	}
	return false
}

// WordsAll returns the Words of every text.
func (t *Tokenizer) WordsAll(texts []string) [][]string {
	out := make([][]string, len(texts))
	for i, s := range texts {
		out[i] = t.Words(s)
	}
	return out
}

// WriteFastText writes labelled token lists in fastText's format, one
// "__label__L tokens" line per document (spaces in labels become "_").
func WriteFastText(w io.Writer, docs [][]string, labels []string) error {
	var b strings.Builder
	for i, d := range docs {
		b.WriteString("__label__" + strings.ReplaceAll(labels[i], " ", "_") + " " + strings.Join(d, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

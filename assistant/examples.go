package assistant

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ReadExamples reads labelled utterances from CSV with a header row,
// taking the text and label from the named columns.
func ReadExamples(r io.Reader, textCol, labelCol string) ([]Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read examples: header: %w", err)
	}
	ti, li := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) {
		case textCol:
			ti = i
		case labelCol:
			li = i
		}
	}
	if ti < 0 || li < 0 {
		return nil, fmt.Errorf("read examples: columns %q and %q not both in header %q", textCol, labelCol, head)
	}
	var out []Example
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("read examples: %w", err)
		}
		if ti >= len(rec) || li >= len(rec) {
			return nil, fmt.Errorf("read examples: line %d has %d fields", line, len(rec))
		}
		text, label := strings.TrimSpace(rec[ti]), strings.TrimSpace(rec[li])
		if text == "" || label == "" {
			continue
		}
		out = append(out, Example{Text: text, Intent: label})
	}
}

// DefaultExamples returns the shipped shop intents in English and Chinese:
// data/intents_bitext.csv (from the Bitext customer-support set, CDLA-
// Sharing-1.0, see data/LICENSE-bitext.txt) and the hand-written
// data/intents.csv.
func DefaultExamples() ([]Example, error) {
	var all []Example
	for _, name := range []string{"data/intents_bitext.csv", "data/intents.csv"} {
		f, err := Data.Open(name)
		if err != nil {
			return nil, fmt.Errorf("default examples: %w", err)
		}
		exs, err := ReadExamples(f, "text", "intent")
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("default examples %s: %w", name, err)
		}
		all = append(all, exs...)
	}
	return all, nil
}

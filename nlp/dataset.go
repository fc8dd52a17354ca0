package nlp

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// TableFormat describes a labelled text table.
type TableFormat struct {
	Comma    rune // ',' for CSV (quoted fields), '\t' for TSV (no quoting)
	NoHeader bool // the first row is data; columns are then named by number
}

// ReadTable reads the text and label columns of a CSV or TSV table. A
// column is named by its header or by its 1-based number. Rows whose text
// is empty are skipped and counted; a missing column, a short row or
// invalid UTF-8 is an EINVALID error naming the row.
func ReadTable(r io.Reader, f TableFormat, textCol, labelCol string) (texts, labels []string, skipped int, err error) {
	next := tableRows(r, f.Comma)
	ti, li := -1, -1
	row := 0
	if !f.NoHeader {
		header, err := next()
		if err == io.EOF {
			return nil, nil, 0, shopmind.Errorf(shopmind.EINVALID, "the table is empty")
		} else if err != nil {
			return nil, nil, 0, err
		}
		row++
		for i, h := range header {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
			if h == textCol {
				ti = i
			}
			if h == labelCol {
				li = i
			}
		}
		if ti < 0 {
			ti = columnNumber(textCol, len(header))
		}
		if li < 0 {
			li = columnNumber(labelCol, len(header))
		}
		if ti < 0 {
			return nil, nil, 0, shopmind.FieldErrorf("text", "no column %q; the header has: %s", textCol, strings.Join(header, ", "))
		}
		if li < 0 {
			return nil, nil, 0, shopmind.FieldErrorf("label", "no column %q; the header has: %s", labelCol, strings.Join(header, ", "))
		}
	}
	for {
		rec, err := next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, 0, err
		}
		row++
		if ti < 0 {
			if ti = columnNumber(textCol, len(rec)); ti < 0 {
				return nil, nil, 0, shopmind.FieldErrorf("text", "no column %q: rows have %d columns (name them by number without a header)", textCol, len(rec))
			}
			if li = columnNumber(labelCol, len(rec)); li < 0 {
				return nil, nil, 0, shopmind.FieldErrorf("label", "no column %q: rows have %d columns (name them by number without a header)", labelCol, len(rec))
			}
		}
		if ti >= len(rec) || li >= len(rec) {
			return nil, nil, 0, shopmind.Errorf(shopmind.EINVALID, "row %d has %d columns", row, len(rec))
		}
		text, label := strings.TrimPrefix(rec[ti], "\ufeff"), strings.TrimSpace(rec[li])
		if !utf8.ValidString(text) || !utf8.ValidString(label) {
			return nil, nil, 0, shopmind.FieldErrorf("text", "row %d is not valid UTF-8", row)
		}
		if strings.TrimSpace(text) == "" {
			skipped++
			continue
		}
		if label == "" {
			return nil, nil, 0, shopmind.FieldErrorf("label", "row %d has an empty label", row)
		}
		texts = append(texts, text)
		labels = append(labels, label)
	}
	return texts, labels, skipped, nil
}

// columnNumber parses a 1-based column number no greater than n, or -1.
func columnNumber(s string, n int) int {
	i, err := strconv.Atoi(s)
	if err != nil || i < 1 || i > n {
		return -1
	}
	return i - 1
}

// tableRows returns a function yielding rows until io.EOF.
func tableRows(r io.Reader, comma rune) func() ([]string, error) {
	if comma == '\t' {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
		return func() ([]string, error) {
			for sc.Scan() {
				line := strings.TrimSuffix(sc.Text(), "\r")
				if line == "" {
					continue
				}
				return strings.Split(line, "\t"), nil
			}
			if err := sc.Err(); err != nil {
				return nil, fmt.Errorf("read tsv: %w", err)
			}
			return nil, io.EOF
		}
	}
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return func() ([]string, error) {
		rec, err := cr.Read()
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, shopmind.Errorf(shopmind.EINVALID, "read csv: %v", err)
		}
		return rec, err
	}
}

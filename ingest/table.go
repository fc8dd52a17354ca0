package ingest

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readTable reads a CSV, TSV or JSON Lines file of one entity. Each row is
// built with s, checked for a repeated id, validated, and handed to add;
// bad rows go to p.bad.
func readTable[T any](p *parser, f File, r io.Reader, s *schema[T], add func(t *T, line int)) error {
	seen := make(map[string]int)
	firsts := make(map[string]*T) // the first record of each id, when s.same is set
	idCol := "id"
	if s.entity == EntityPersonal || s.entity == EntityConsents {
		idCol = "user_id"
	}
	accept := func(t *T, line int) error {
		if id := s.id(t); id != "" {
			if first, ok := seen[id]; ok {
				if s.same != nil && s.same(firsts[id], t) {
					return nil // the same record again: kept once, as the API does
				}
				reason := fmt.Sprintf("duplicate id %s (first on line %d)", quoteShort(id), first)
				if s.same != nil {
					reason += " with different content"
				}
				return p.bad(&RowError{File: p.file, Line: line, Column: idCol, Reason: reason})
			}
			seen[id] = line
			if s.same != nil {
				firsts[id] = t
			}
		}
		if err := s.validate(t); err != nil {
			return p.bad(rowErr(p.file, line, "", err))
		}
		add(t, line)
		return p.added()
	}
	if f.Format == FormatJSONL {
		return readJSONL(p, r, s, accept)
	}
	return readCSV(p, f, r, s, accept, nil)
}

// readCSV reads a CSV or TSV file with a header row. When a row is bad and
// skipped, rejected (if set) is told the row's id cell, so that rows
// belonging with it can be skipped too.
func readCSV[T any](p *parser, f File, r io.Reader, s *schema[T], accept func(t *T, line int) error, rejected func(id string, line int)) error {
	cr := csv.NewReader(r)
	if f.Format == FormatTSV {
		cr.Comma = '\t'
	}
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil // an empty file imports nothing
	}
	if isReadError(err) {
		return p.readErr(0, err)
	}
	if err != nil {
		return csvError(p.file, err) // a bad header is fatal under either policy
	}
	bind, err := s.bind(header)
	if err != nil {
		var re *RowError
		if errors.As(err, &re) {
			re.File = p.file
			return re // a bad header is fatal under either policy
		}
		return err
	}
	nfields := len(header)
	idIdx := -1
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), "id") {
			idIdx = i
		}
	}
	reject := func(rec []string, line int) {
		if rejected != nil && idIdx >= 0 && idIdx < len(rec) {
			rejected(rec[idIdx], line)
		}
	}
	last := 1 // the line of the last record read
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if isReadError(err) {
			return p.readErr(last, err)
		}
		p.rows++
		if err != nil {
			re := csvError(p.file, err)
			if errors.Is(err, csv.ErrFieldCount) {
				re.Reason = fmt.Sprintf("wrong number of fields: %d, the header has %d", len(rec), nfields)
			}
			if e := p.bad(re); e != nil {
				return e
			}
			if errors.Is(err, csv.ErrFieldCount) {
				reject(rec, re.Line)
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		last = line
		t, col, err := s.fromCells(bind, rec)
		if err != nil {
			if e := p.bad(rowErr(p.file, line, col, err)); e != nil {
				return e
			}
			reject(rec, line)
			continue
		}
		if err := accept(t, line); err != nil {
			return err
		}
	}
}

// csvError turns an encoding/csv error into a RowError.
func csvError(file string, err error) *RowError {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &RowError{File: file, Reason: err.Error()}
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		return &RowError{File: file, Line: pe.StartLine, Reason: "wrong number of fields: the header has a different count"}
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		return &RowError{File: file, Line: pe.Line, Reason: fmt.Sprintf("malformed CSV at character %d: %v", pe.Column, pe.Err)}
	}
	return &RowError{File: file, Line: pe.Line, Reason: fmt.Sprintf("malformed CSV: %v", pe.Err)}
}

// maxJSONLine is the longest JSON Lines record accepted.
const maxJSONLine = 16 << 20

// readJSONL reads one JSON object per line; blank lines are skipped.
func readJSONL[T any](p *parser, r io.Reader, s *schema[T], accept func(t *T, line int) error) error {
	rec := &errRecorder{r: r}
	sc := bufio.NewScanner(rec)
	sc.Buffer(make([]byte, 0, 64<<10), maxJSONLine)
	line := 0
	for sc.Scan() {
		line++
		b := trimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if line == 1 && b[0] == '[' {
			return &RowError{File: p.file, Line: 1, Reason: "a JSON array is not JSON Lines; write one object per line (e.g. jq -c '.[]')"}
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
			if rec.failed() {
				return p.readErr(line-1, rec.err)
			}
			p.rows++
			reason := "not a JSON object"
			if err != nil {
				reason = "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
			}
			if e := p.bad(&RowError{File: p.file, Line: line, Reason: reason}); e != nil {
				return e
			}
			continue
		}
		p.rows++
		t, col, err := s.fromJSON(obj)
		if err != nil {
			if e := p.bad(rowErr(p.file, line, col, err)); e != nil {
				return e
			}
			continue
		}
		if err := accept(t, line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &RowError{File: p.file, Line: line + 1, Reason: fmt.Sprintf("line longer than %d bytes", maxJSONLine)}
		}
		return p.readErr(line, err)
	}
	return nil
}

package forecast

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// CSVOptions names the columns of a long-format CSV file (one row per
// series, date and value) and how to regularise it.
type CSVOptions struct {
	IDCol    string // default "id"
	DateCol  string // default "date"
	ValueCol string // default "value"
	// Fill says what goes in date gaps (default FillMissing).
	Fill Fill
}

// dateLayouts are the date formats ReadCSV accepts, tried in order.
var dateLayouts = []string{"2006-01-02", "2006-01", time.RFC3339, "2006-01-02 15:04:05", "2006/01/02", "2006 Jan"}

// ReadCSV reads long-format CSV with a header row, optionally gzip-compressed
// (detected from the content), and returns the series in first-seen order,
// each regularised on its inferred frequency (see InferFreq, Regularize).
// Empty, "NA" and "NaN" values are missing. Errors are EINVALID naming the
// column or row: a missing column, an unparseable date or value, a
// duplicate date.
func ReadCSV(r io.Reader, opt CSVOptions) ([]Series, error) {
	if opt.IDCol == "" {
		opt.IDCol = "id"
	}
	if opt.DateCol == "" {
		opt.DateCol = "date"
	}
	if opt.ValueCol == "" {
		opt.ValueCol = "value"
	}
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("open gzip: %w", err)
		}
		defer gz.Close()
		br = bufio.NewReader(gz)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, shopmind.FieldErrorf("header", "csv is empty")
		}
		return nil, fmt.Errorf("read header: %w", err)
	}
	col := func(name string) (int, error) {
		for i, h := range header {
			if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == name {
				return i, nil
			}
		}
		return 0, shopmind.FieldErrorf(name, "column %q not in header %v", name, header)
	}
	idc, err := col(opt.IDCol)
	if err != nil {
		return nil, err
	}
	dc, err := col(opt.DateCol)
	if err != nil {
		return nil, err
	}
	vc, err := col(opt.ValueCol)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	var raw []Series
	layout := ""
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("row %d", row), "bad csv: %v", err)
		}
		id := rec[idc]
		d, lay, err := parseDate(strings.TrimSpace(rec[dc]), layout)
		if err != nil {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("row %d", row), "%s %q: %v", opt.DateCol, rec[dc], err)
		}
		layout = lay
		v, err := parseValue(rec[vc])
		if err != nil {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("row %d", row), "%s %q is not a number", opt.ValueCol, rec[vc])
		}
		i, ok := byID[id]
		if !ok {
			i = len(raw)
			byID[id] = i
			raw = append(raw, Series{ID: id})
		}
		raw[i].Dates = append(raw[i].Dates, d)
		raw[i].Values = append(raw[i].Values, v)
	}
	out := make([]Series, 0, len(raw))
	for _, s := range raw {
		sorted, _, err := Regularize(s, inferSorted(s.Dates), opt.Fill)
		if err != nil {
			return nil, err
		}
		out = append(out, sorted)
	}
	return out, nil
}

// inferSorted infers the frequency of dates in any order.
func inferSorted(dates []time.Time) Freq {
	c := append([]time.Time(nil), dates...)
	for i := 1; i < len(c); i++ { // insertion sort: input is nearly always sorted
		for j := i; j > 0 && c[j].Before(c[j-1]); j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
	return InferFreq(c)
}

// parseDate parses s trying the last successful layout first.
func parseDate(s, last string) (time.Time, string, error) {
	if last != "" {
		if d, err := time.Parse(last, s); err == nil {
			return d, last, nil
		}
	}
	for _, l := range dateLayouts {
		if d, err := time.Parse(l, s); err == nil {
			return d, l, nil
		}
	}
	return time.Time{}, last, errors.New("unknown date format (want YYYY-MM-DD or YYYY-MM)")
}

// parseValue parses a number; empty, NA and NaN are missing (NaN).
func parseValue(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "na", "nan", "null":
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

package ingest

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/shopmind/shopmind"
)

// RowError is a bad row (or a bad file header) of an input file. Its Error
// reads like `events.csv:17: column "value": "abc" is not a number`.
// It unwraps to an EINVALID *shopmind.Error whose Field is the column.
type RowError struct {
	File   string // base name of the file
	Line   int    // 1-based line of the row; 0 when the problem is the whole file
	Column string // the column (CSV header or JSON key) at fault, or ""
	Reason string // what is wrong, for a person
}

// Error implements error.
func (e *RowError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Column != "" {
		return fmt.Sprintf("%s: column %q: %s", loc, e.Column, e.Reason)
	}
	return loc + ": " + e.Reason
}

// Unwrap returns the application error, so shopmind.ErrorCode(err) is EINVALID.
func (e *RowError) Unwrap() error {
	return &shopmind.Error{Code: shopmind.EINVALID, Field: e.Column, Message: e.Error()}
}

// rowErr builds a RowError from any error: a *shopmind.Error's field becomes
// the column unless column is given.
func rowErr(file string, line int, column string, err error) *RowError {
	var re *RowError
	if errors.As(err, &re) {
		return re
	}
	var se *shopmind.Error
	if errors.As(err, &se) {
		if column == "" {
			column = se.Field
		}
		return &RowError{File: file, Line: line, Column: column, Reason: se.Message}
	}
	return &RowError{File: file, Line: line, Column: column, Reason: err.Error()}
}

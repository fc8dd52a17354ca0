package ingest

import (
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
)

// ReadError is a failure to read an input file itself (as opposed to a bad
// row in it): a truncated or corrupt gzip, an I/O error, or the import being
// cancelled. It always ends the import, under either error policy, and the
// import is rolled back. It unwraps to the cause, so errors.Is(err,
// context.Canceled) and errors.Is(err, io.ErrUnexpectedEOF) work.
type ReadError struct {
	File string // base name of the file
	Line int    // the last line read whole before the failure (0: none)
	Err  error
}

// Error implements error, e.g. "events.csv.gz: cannot read past line 1834:
// unexpected EOF (the file is truncated)".
func (e *ReadError) Error() string {
	where := e.File + ": cannot read"
	if e.Line > 0 {
		where += " past line " + strconv.Itoa(e.Line)
	}
	why := e.Err.Error()
	switch {
	case errors.Is(e.Err, io.ErrUnexpectedEOF):
		why += " (the file is truncated)"
	case errors.Is(e.Err, gzip.ErrChecksum), errors.Is(e.Err, gzip.ErrHeader), isCorrupt(e.Err):
		why += " (the gzip data is corrupt)"
	}
	return where + ": " + why
}

// Unwrap returns the cause.
func (e *ReadError) Unwrap() error { return e.Err }

func isCorrupt(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce)
}

// readErr returns the ReadError for err, a failure of reading p.file after
// line; err from the context is passed on as it is.
func (p *parser) readErr(line int, err error) error {
	if ctxErr := p.ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return err
	}
	return &ReadError{File: p.file, Line: line, Err: err}
}

// isReadError reports whether err, from encoding/csv, is a failure of the
// underlying reader rather than a malformed row: csv passes reader errors
// through as they are and wraps only syntax errors in a *csv.ParseError.
func isReadError(err error) bool {
	var pe *csv.ParseError
	return err != nil && err != io.EOF && !errors.As(err, &pe)
}

// ctxReader fails reads with the context's error once it is done, so that
// a cancelled import stops within one buffer's read, whatever the parser is
// doing with the rows (skipping bad ones never reaches the store, where the
// context is otherwise seen).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}

// errRecorder remembers the error its reader returned. bufio.Scanner hands
// out the partial line before a read error as if it were the last line; a
// parser asks failed before calling such a line bad, so a cut file is
// reported as cut rather than as a malformed last row.
type errRecorder struct {
	r   io.Reader
	err error
}

func (e *errRecorder) Read(b []byte) (int, error) {
	n, err := e.r.Read(b)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}

// failed reports whether reading failed other than at the end.
func (e *errRecorder) failed() bool { return e.err != nil }

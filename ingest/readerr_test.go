package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// gzipped returns data gzipped and cut to its first fraction of bytes, as
// a download that stopped half way leaves it.
func truncatedGzip(t testing.TB, data string, fraction float64) []byte {
	t.Helper()
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	if _, err := io.WriteString(z, data); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()[:int(float64(b.Len())*fraction)]
}

// bytesFile is an input File whose content is data.
func bytesFile(name string, format Format, entity Entity, kind Kind, data []byte) File {
	return File{Path: name, Format: format, Entity: entity, Kind: kind, Size: int64(len(data)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// eventsCSV returns an events file of n valid rows.
func eventsCSV(n int) string {
	var b strings.Builder
	b.WriteString("user_id,item_id,type,time\n")
	for i := range n {
		fmt.Fprintf(&b, "u%d,i%d,view,2026-01-%02dT10:00:00Z\n", i%50, i%30, 1+i%28)
	}
	return b.String()
}

// A truncated or corrupt gzip ends the import with an error naming the
// file, under either policy, and the store is left as it was. Before, under
// -on-error skip, encoding/csv returned the same "unexpected EOF" forever
// and each one counted as one more bad row: the import never finished.
func TestImportTruncatedGzip(t *testing.T) {
	var jsonl strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&jsonl, `{"user_id":"u%d","item_id":"i%d","type":"view","time":"2026-01-02T10:00:00Z"}`+"\n", i%50, i%30)
	}
	var ml strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&ml, "%d\t%d\t4\t88125%04d\n", 1+i%50, 1+i%30, i)
	}
	var movies strings.Builder
	movies.WriteString("movieId,title,genres\n")
	for i := range 3000 {
		fmt.Fprintf(&movies, "%d,Movie %d (1999),Drama|Comedy\n", i+1, i+1)
	}
	files := []struct {
		name   string
		format Format
		entity Entity
		kind   Kind
		data   string
	}{
		{"events.csv.gz", FormatCSV, EntityEvents, KindNone, eventsCSV(3000)},
		{"events.jsonl.gz", FormatJSONL, EntityEvents, KindNone, jsonl.String()},
		{"u.data.gz", FormatMovieLens, "", KindML100KData, ml.String()},
		{"movies.csv.gz", FormatMovieLens, "", KindMLMoviesCSV, movies.String()},
	}
	for _, f := range files {
		for _, policy := range []ErrorPolicy{Abort, Skip} {
			t.Run(fmt.Sprintf("%s/%v", f.name, policy), func(t *testing.T) {
				st := newMemStore()
				file := bytesFile(f.name, f.format, f.entity, f.kind, truncatedGzip(t, f.data, 0.6))
				rep, err := importWithin(context.Background(), t, st, file, Options{OnError: policy})
				if err == nil {
					t.Fatalf("import of a truncated gzip succeeded: %+v", rep)
				}
				var re *ReadError
				if !errors.As(err, &re) || re.File != f.name || !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("err = %v (%T), want a ReadError of %s wrapping io.ErrUnexpectedEOF", err, err, f.name)
				}
				if msg := err.Error(); !strings.Contains(msg, f.name) || !strings.Contains(msg, "truncated") {
					t.Errorf("message %q does not name the file and say it is truncated", msg)
				}
				if rep.Skipped > 1 {
					t.Errorf("skipped %d rows: the read error was counted as bad rows", rep.Skipped)
				}
				assertSame(t, newMemStore(), st)
			})
		}
	}
}

// importWithin imports f into st and fails the test if the import has not
// returned after a minute. This is a watchdog, not a timing: the bug was an
// endless loop that no context could stop.
func importWithin(ctx context.Context, t *testing.T, st *memStore, f File, opts Options) (*Report, error) {
	t.Helper()
	type result struct {
		rep *Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := ImportFiles(ctx, st, []File{f}, opts)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		return r.rep, r.err
	case <-time.After(time.Minute):
		t.Fatalf("import of %s did not end", f.Name())
		return nil, nil
	}
}

// endlessBad is a CSV events file of a header and then bad rows without end;
// it cancels the import (as Ctrl-C would) once it has produced after bytes.
type endlessBad struct {
	n, after int
	cancel   func()
	header   bool
}

func (r *endlessBad) Read(p []byte) (int, error) {
	if !r.header {
		r.header = true
		return copy(p, "user_id,item_id,type,time\n"), nil
	}
	const row = "u1,i1,view,not-a-time\n"
	n := 0
	for n+len(row) <= len(p) {
		n += copy(p[n:], row)
	}
	r.n += n
	if r.n >= r.after {
		r.cancel()
	}
	return n, nil
}

// Cancelling stops an import that is skipping bad rows, which never hands a
// batch to the store and so never looked at the context before.
// TestImportGzipCutInHeader: a .gz file cut inside its gzip header (the
// fuzzer's "\x1f\x8b" alone) is a ReadError naming the file and saying it
// is truncated, as a file cut later is; it was a plain error.
func TestImportGzipCutInHeader(t *testing.T) {
	for _, data := range [][]byte{{0x1f, 0x8b}, {0x1f, 0x8b, 0x08, 0x00, 0x00}} {
		for _, policy := range []ErrorPolicy{Abort, Skip} {
			st := newMemStore()
			f := bytesFile("events.csv.gz", FormatCSV, EntityEvents, KindNone, data)
			_, err := importWithin(context.Background(), t, st, f, Options{OnError: policy})
			var re *ReadError
			if !errors.As(err, &re) || re.File != "events.csv.gz" || !errors.Is(err, io.ErrUnexpectedEOF) ||
				!strings.Contains(err.Error(), "truncated") {
				t.Fatalf("% x, %v: err = %v (%T), want a ReadError of events.csv.gz saying it is truncated", data, policy, err, err)
			}
			assertSame(t, newMemStore(), st)
		}
	}
}

func TestImportCancelWhileSkipping(t *testing.T) {
	st := newMemStore()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := &endlessBad{after: 1 << 20, cancel: cancel}
	f := File{Path: "events.csv", Format: FormatCSV, Entity: EntityEvents,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(src), nil }}
	rep, err := importWithin(ctx, t, st, f, Options{OnError: Skip})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if rep.Skipped == 0 {
		t.Errorf("no bad rows seen: the test did not reach the skipping loop")
	}
	assertSame(t, newMemStore(), st)
}

package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
	"github.com/shopmind/shopmind/store/sqlite"
)

// newImportCommand returns an ImportCommand on a fresh SQLite store, and
// its output buffers. The store stays open for inspection.
func newImportCommand(t *testing.T, stdin string) (*ImportCommand, shopmind.Store, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var stdout, stderr bytes.Buffer
	env := &Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(stdin), Getenv: func(string) string { return "" }}
	c := &ImportCommand{env: env,
		open: func(ctx context.Context) (shopmind.Store, error) {
			// The command closes what it opens: hand it its own handle.
			return sqlite.Open(ctx, path)
		},
		terminal: func() bool { return false }}
	return c, st, &stdout, &stderr
}

func TestImportCommand(t *testing.T) {
	c, st, stdout, _ := newImportCommand(t, "")
	shop := filepath.Join("..", "..", "testdata", "import", "shop")
	if err := c.Run(context.Background(), []string{shop, "-quiet"}); err != nil {
		t.Fatal(err)
	}
	want := "imported 3 users, 3 items, 2 personal records, 2 orders, 3 reviews, 5 events (5 new) from 6 file(s)"
	if !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("summary = %q, want prefix %q", stdout.String(), want)
	}
	n, err := st.Counts(context.Background())
	if err != nil || n.Items != 3 || n.Events != 5 {
		t.Errorf("counts = %+v, %v", n, err)
	}
}

func TestImportCommandErrors(t *testing.T) {
	bad := filepath.Join("..", "..", "testdata", "import", "bad", "wrong-type", "events.csv")
	t.Run("Abort", func(t *testing.T) {
		c, st, _, _ := newImportCommand(t, "")
		err := c.Run(context.Background(), []string{"-quiet", bad})
		if err == nil || err.Error() != `events.csv:4: column "value": "abc" is not a number` {
			t.Fatalf("err = %v", err)
		}
		if n, _ := st.Counts(context.Background()); n.Events != 0 {
			t.Errorf("%d events stored after an aborted import", n.Events)
		}
	})
	t.Run("Skip", func(t *testing.T) {
		c, _, stdout, stderr := newImportCommand(t, "")
		if err := c.Run(context.Background(), []string{"-quiet", "-on-error", "skip", bad}); err != nil {
			t.Fatal(err)
		}
		if got := stderr.String(); got != "events.csv:4: column \"value\": \"abc\" is not a number\n" {
			t.Errorf("stderr = %q", got)
		}
		if !strings.Contains(stdout.String(), "2 events (2 new)") || !strings.Contains(stdout.String(), "skipped 1 bad rows") {
			t.Errorf("stdout = %q", stdout.String())
		}
	})
	t.Run("Usage", func(t *testing.T) {
		for _, args := range [][]string{{}, {"-entity", "ratings", "x.csv"}, {"-on-error", "ignore", "x.csv"}, {"-format", "xml", "x.csv"}, {"-"}} {
			c, _, _, _ := newImportCommand(t, "")
			var ue *usageError
			if err := c.Run(context.Background(), args); !errors.As(err, &ue) {
				t.Errorf("Run(%q) = %v, want a usage error", args, err)
			}
		}
	})
}

func TestImportCommandStdin(t *testing.T) {
	c, st, stdout, _ := newImportCommand(t, "id,title,price\nsku-1,Mug,7.5\n")
	if err := c.Run(context.Background(), []string{"-entity", "items", "-format", "csv", "-quiet", "-"}); err != nil {
		t.Fatal(err)
	}
	it, err := st.Item(context.Background(), "sku-1")
	if err != nil || it.Price != 7.5 {
		t.Errorf("item = %+v, %v", it, err)
	}
	if !strings.Contains(stdout.String(), "1 items") {
		t.Errorf("stdout = %q", stdout.String())
	}
}

func TestParseInterleaved(t *testing.T) {
	tests := []struct {
		args []string
		pos  []string
		ent  string
	}{
		{[]string{"a.csv", "-entity", "items", "b.csv"}, []string{"a.csv", "b.csv"}, "items"},
		{[]string{"-entity=users", "a.csv"}, []string{"a.csv"}, "users"},
		{[]string{"a.csv", "--", "-odd.csv"}, []string{"a.csv", "-odd.csv"}, ""},
		{[]string{"-", "-entity", "events"}, []string{"-"}, "events"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		ent := fs.String("entity", "", "")
		pos, err := parseInterleaved(fs, tt.args)
		if err != nil || !reflect.DeepEqual(pos, tt.pos) || *ent != tt.ent {
			t.Errorf("parseInterleaved(%q) = %q, entity %q, %v; want %q, %q", tt.args, pos, *ent, err, tt.pos, tt.ent)
		}
	}
}

func TestImportProgressLines(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &importProgress{w: &buf, now: func() time.Time { return now }, last: now}
	steps := []struct {
		after time.Duration
		rows  int64
	}{{time.Second, 100}, {time.Second, 250000}, {500 * time.Millisecond, 300000}, {3 * time.Second, 550000}}
	for _, s := range steps {
		now = now.Add(s.after)
		p.Update(ingest.Status{Rows: s.rows, BytesRead: s.rows, BytesTotal: 550000})
	}
	p.Update(ingest.Status{Rows: 550000, BytesRead: 550000, BytesTotal: 550000, Done: true})
	want := "imported 250000 rows (45%)\nimported 550000 rows (100%)\n"
	if buf.String() != want {
		t.Errorf("lines = %q, want %q (one every two seconds)", buf.String(), want)
	}
}

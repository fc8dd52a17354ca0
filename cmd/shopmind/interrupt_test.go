package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// TestMain lets a test run this test binary as the shopmind program: with
// SHOPMIND_TEST_RUN_MAIN=1 it runs main with the arguments after "--".
// Tests that send signals use it, so they exercise main's own handling
// without a separate go build.
func TestMain(m *testing.M) {
	if os.Getenv("SHOPMIND_TEST_RUN_MAIN") == "1" {
		for i, a := range os.Args {
			if a == "--" {
				os.Args = append([]string{"shopmind"}, os.Args[i+1:]...)
				break
			}
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// writeEvents writes n valid event rows to a CSV file at path, gzipped when
// path ends in .gz.
func writeEvents(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var w io.Writer = f
	var z *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		z = gzip.NewWriter(f)
		w = z
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("user_id,item_id,type,time\n")
	for i := range n {
		fmt.Fprintf(bw, "u%d,i%d,view,2026-01-%02dT10:%02d:00Z\n", i%5000, i%700, 1+i%28, i%60)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if z != nil {
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// runWithin runs the CLI with args and fails the test if it has not
// returned within a minute: a watchdog against the endless loop this file's
// tests guard against, not a timing.
func runWithin(t *testing.T, env *Env, args ...string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), env, args) }()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		t.Fatalf("shopmind %s did not end", strings.Join(args, " "))
		return nil
	}
}

// `shopmind import -on-error skip` on a gzip cut short used to loop for
// ever, counting the repeated "unexpected EOF" as bad rows while it held
// the store's write lock. Now it ends with an error naming the file, and
// nothing is imported.
func TestImportTruncatedGzipCommand(t *testing.T) {
	env, _, stderr := testEnv(t)
	dir := t.TempDir()
	full := filepath.Join(dir, "full.csv.gz")
	writeEvents(t, full, 20000)
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "events.csv.gz")
	if err := os.WriteFile(cut, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, policy := range []string{"skip", "abort"} {
		t.Run(policy, func(t *testing.T) {
			err := runWithin(t, env, "import", "-quiet", "-on-error", policy, cut)
			if err == nil {
				t.Fatalf("import succeeded; stderr:\n%s", stderr.String())
			}
			msg := describe(err)
			if !strings.Contains(msg, "events.csv.gz") || !strings.Contains(msg, "truncated") {
				t.Errorf("message %q does not name the file and say it is truncated", msg)
			}
			if n := strings.Count(stderr.String(), "\n"); n > 1 {
				t.Errorf("stderr lists %d lines of bad rows for a read error:\n%.500s", n, stderr.String())
			}
			st := openEnvStore(t, env)
			defer st.Close()
			if c, err := st.Counts(context.Background()); err != nil || c.Events != 0 || c.Users != 0 {
				t.Errorf("counts = %+v, %v; want nothing imported", c, err)
			}
		})
	}
}

// An import reading standard input from a producer that has gone quiet
// stops when cancelled, instead of waiting for input that may never come.
func TestImportStdinCancel(t *testing.T) {
	c, st, _, _ := newImportCommand(t, "")
	pr, pw := io.Pipe()
	defer pw.Close()
	c.env.Stdin = pr
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- c.Run(ctx, []string{"-quiet", "-entity", "events", "-format", "csv", "-batch", "10", "-"})
	}()
	var rows strings.Builder
	rows.WriteString("user_id,item_id,type,time\n")
	for i := range 100 {
		fmt.Fprintf(&rows, "u%d,i%d,view,2026-01-02T10:00:00Z\n", i, i)
	}
	// Write returns once the import has read the rows; then it waits on
	// the pipe for more.
	if _, err := io.WriteString(pw, rows.String()); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute): // a watchdog, not a timing
		t.Fatal("import waiting on standard input did not stop when cancelled")
	}
	if n, err := st.Counts(context.Background()); err != nil || n.Events != 0 {
		t.Errorf("counts = %+v, %v; want nothing imported", n, err)
	}
}

// SIGINT and SIGTERM stop a running import of a large file: the program
// (this test binary running main) exits with 130 or 143 and a message, the
// transaction is rolled back, and the store takes writes again.
func TestImportSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 20 MB file and runs the program: skipped with -short")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "events.csv")
	writeEvents(t, data, 500000)
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		says string
	}{
		{syscall.SIGINT, exitInterrupted, "stopped (interrupt signal received)"},
		{syscall.SIGTERM, exitTerminated, "stopped (terminated signal received)"},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "shop.db")
			env := &Env{Getenv: func(k string) string {
				return map[string]string{"SHOPMIND_STORE_PATH": db}[k]
			}}
			// Create the store first, so the write lock seen below is the
			// import's and not the migrations'.
			openEnvStore(t, env).Close()
			cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "import", "-quiet", data)
			cmd.Env = append(os.Environ(), "SHOPMIND_TEST_RUN_MAIN=1", "SHOPMIND_STORE_PATH="+db, "SHOPMIND_CONFIG=")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			waitForWriteLock(t, db)
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			var err error
			select {
			case err = <-waited:
			case <-time.After(time.Minute): // a watchdog, not a timing
				t.Fatalf("import did not stop on %v; stderr:\n%s", tc.sig, stderr.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("exit = %v, want status %d; stderr:\n%s", err, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.says) || !strings.Contains(stderr.String(), "rolled back") {
				t.Errorf("stderr = %q, want it to say %q and that the work was rolled back", stderr.String(), tc.says)
			}
			st := openEnvStore(t, env)
			defer st.Close()
			ctx := context.Background()
			if c, err := st.Counts(ctx); err != nil || c.Events != 0 || c.Users != 0 || c.Items != 0 {
				t.Errorf("counts = %+v, %v; want the store as it was (empty)", c, err)
			}
			if err := st.UpsertItems(ctx, []*shopmind.Item{{ID: "after", Title: "Written after the stop"}}); err != nil {
				t.Errorf("store takes no writes after the stopped import: %v", err)
			}
		})
	}
}

// waitForWriteLock waits until another process holds the write lock of the
// SQLite file at path, which the import takes when its transaction begins.
func waitForWriteLock(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute) // a watchdog, not a timing
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil && lockedByOther(path) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the import never took the store's write lock")
}

// lockedByOther reports whether beginning a write transaction on path fails
// at once because another connection holds the write lock.
func lockedByOther(path string) bool {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		return false
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy")
	}
	tx.Rollback()
	return false
}

// cancelOnWrite is a command's stderr that cancels the command's context
// at its first progress line, as a Ctrl-C in the middle of the work would.
type cancelOnWrite struct {
	syncBuffer
	cancel func()
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.cancel()
	return w.syncBuffer.Write(p)
}

// Every long command stops when its context is cancelled (main cancels it
// on SIGINT and SIGTERM): it returns the context's error, which main turns
// into exit status 130 and a message, and stores nothing half done.
func TestLongCommandsStop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo shop: skipped with -short")
	}
	base, _, _ := testEnv(t)
	storeDemoShop(t, base, demo.Options{Items: 80, Users: 400, Days: 200})
	counts := func(env *Env) shopmind.Counts {
		t.Helper()
		st := openEnvStore(t, env)
		defer st.Close()
		c, err := st.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := counts(base)
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	ratings := filepath.Join(t.TempDir(), "ratings.csv")
	var b strings.Builder
	b.WriteString("user,item,value\n")
	for u := range 300 {
		for j := range 12 {
			fmt.Fprintf(&b, "u%d,i%d,1\n", u, (u*7+j*j)%150)
		}
	}
	if err := os.WriteFile(ratings, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	texts := filepath.Join(t.TempDir(), "reviews.csv")
	b.Reset()
	b.WriteString("text,label\n")
	for i := range 400 {
		if i%2 == 0 {
			fmt.Fprintf(&b, "great shoes number %d, love them,pos\n", i)
		} else {
			fmt.Fprintf(&b, "awful bag number %d, it broke,neg\n", i)
		}
	}
	if err := os.WriteFile(texts, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"train", "recommend", "--models", "popularity,itemknn"},
		{"train", "insights"},
		{"train", "text"},
		{"eval", "recommend", "-v", "-no-tune", "-models", "itemknn,bpr", "-data", ratings},
		{"eval", "text", "-train", texts, "-text", "text", "-label", "label", "-segmenter", "chars"},
		{"demo", "-build-only", "-items", "60", "-users", "50", "-days", "30", "-db", demoDB},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &cancelOnWrite{cancel: cancel}
			env := *base
			env.Stderr = stderr
			var stdout syncBuffer
			env.Stdout = &stdout
			err := Run(ctx, &env, args)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled; stderr:\n%s", err, stderr.String())
			}
			var msg bytes.Buffer
			if code := exitCode(ctx, err, &msg); code != exitInterrupted || !strings.Contains(msg.String(), "rolled back") {
				t.Errorf("exit status %d, message %q", code, msg.String())
			}
			if after := counts(base); after != before {
				t.Errorf("store counts %+v; want %+v", after, before)
			}
			if args[0] == "demo" {
				env := *base
				env.Getenv = func(k string) string { return map[string]string{"SHOPMIND_STORE_PATH": demoDB}[k] }
				if c := counts(&env); c != (shopmind.Counts{}) {
					t.Errorf("demo store counts %+v; want an empty store", c)
				}
			}
		})
	}
}

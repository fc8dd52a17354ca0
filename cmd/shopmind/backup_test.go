package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// envFor returns an Env whose store is the SQLite file at path.
func envFor(t *testing.T, path string) (*Env, *syncBuffer) {
	t.Helper()
	vars := map[string]string{"SHOPMIND_STORE_PATH": path, "SHOPMIND_LOG_LEVEL": "warn"}
	var stdout, stderr syncBuffer
	return &Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Getenv: func(k string) string { return vars[k] }}, &stdout
}

// writeLoad writes to the store at path, as a serving shopmind would, until
// stop is closed: each transaction adds one item and three events on it, so
// a consistent copy always holds three times as many events as items. It
// reports the transactions committed on done, and signals started after
// the first twenty.
func writeLoad(t *testing.T, path string, stop <-chan struct{}, started chan<- struct{}, done chan<- int64) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Error(err)
		close(started)
		done <- 0
		return
	}
	defer db.Close()
	if err := db.UpsertUsers(ctx, []*shopmind.User{{ID: "shopper"}}); err != nil {
		t.Error(err)
	}
	var n int64
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 200000; i++ { // bounded, whatever happens
		select {
		case <-stop:
			done <- n
			return
		default:
		}
		id := fmt.Sprintf("w%06d", i)
		err := db.Tx(ctx, func(tx shopmind.Store) error {
			if err := tx.UpsertItems(ctx, []*shopmind.Item{{ID: id, Title: "Item " + id, Price: 9.5}}); err != nil {
				return err
			}
			evs := make([]*shopmind.Event, 3)
			for j := range evs {
				evs[j] = &shopmind.Event{UserID: "shopper", ItemID: id, Type: shopmind.EventView, Time: t0.Add(time.Duration(3*i+j) * time.Second)}
			}
			_, err := tx.AddEvents(ctx, evs)
			return err
		})
		if err != nil {
			t.Errorf("write %d: %v", i, err)
			break
		}
		n++
		if n == 20 {
			close(started)
		}
	}
	<-stop
	done <- n
}

// "shopmind backup" copies the store while another process writes to it;
// the copy is one consistent moment (three events per item, no half
// transaction), and "shopmind restore" puts exactly that back in an empty
// store: identical counts.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "shop.db")
	env, stdout := envFor(t, src)
	openEnvStore(t, env).Close() // the store exists before the writer starts

	stop, started, done := make(chan struct{}), make(chan struct{}), make(chan int64, 1)
	go writeLoad(t, src, stop, started, done)
	<-started
	file := filepath.Join(dir, "backup.db")
	err := Run(ctx, env, []string{"backup", file})
	close(stop)
	written := <-done
	if err != nil {
		t.Fatalf("backup under write load: %v", err)
	}
	if !strings.Contains(stdout.String(), "backed up "+src+" to "+file) {
		t.Errorf("backup said %q", stdout.String())
	}
	b, err := countsOf(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup holds %d of the %d transactions written", b.Items, written)
	if b.Items < 20 || b.Items > written || b.Events != 3*b.Items || b.Users != 1 {
		t.Fatalf("backup counts %+v after %d transactions: not one consistent moment during the load", b, written)
	}

	dst := filepath.Join(dir, "restored", "shop.db")
	env2, stdout2 := envFor(t, dst)
	if err := Run(ctx, env2, []string{"restore", file}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	st := openEnvStore(t, env2)
	got, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	item, ierr := st.Item(ctx, "w000000")
	st.Close()
	if got != b {
		t.Errorf("restored counts %+v, want the backup's %+v", got, b)
	}
	if ierr != nil || item.Title != "Item w000000" || item.Price != 9.5 {
		t.Errorf("restored item = %+v, %v", item, ierr)
	}
	if !strings.Contains(stdout2.String(), "restored "+dst) {
		t.Errorf("restore said %q", stdout2.String())
	}

	t.Run("RefusesNonEmptyStore", func(t *testing.T) {
		// The source now holds more than the backup: restoring over it
		// needs -force, and then gives the backup's counts.
		err := Run(ctx, env, []string{"restore", file})
		if shopmind.ErrorCode(err) != shopmind.ECONFLICT || !strings.Contains(err.Error(), "-force") {
			t.Fatalf("err = %v, want ECONFLICT asking for -force", err)
		}
		if err := Run(ctx, env, []string{"restore", "-force", file}); err != nil {
			t.Fatal(err)
		}
		st := openEnvStore(t, env)
		defer st.Close()
		if got, err := st.Counts(ctx); err != nil || got != b {
			t.Errorf("counts after restore -force %+v, %v; want %+v", got, err, b)
		}
	})
	t.Run("RefusesToOverwriteBackup", func(t *testing.T) {
		err := Run(ctx, env, []string{"backup", file})
		if shopmind.ErrorCode(err) != shopmind.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
		if err := Run(ctx, env, []string{"backup", "-force", file}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("RefusesDamagedBackup", func(t *testing.T) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i := 4096; i+4096 <= len(data); i += 4096 { // every page past the header
			copy(data[i+100:i+200], strings.Repeat("\xff", 100))
		}
		bad := filepath.Join(dir, "damaged.db")
		if err := os.WriteFile(bad, data, 0o600); err != nil {
			t.Fatal(err)
		}
		env3, _ := envFor(t, filepath.Join(dir, "third.db"))
		err = Run(ctx, env3, []string{"restore", bad})
		if shopmind.ErrorCode(err) != shopmind.EINVALID || !strings.Contains(err.Error(), "damaged.db") {
			t.Fatalf("err = %v, want EINVALID naming the file", err)
		}
		t.Log(err)
		notDB := filepath.Join(dir, "notes.txt")
		os.WriteFile(notDB, []byte("not a database"), 0o600)
		if err := Run(ctx, env3, []string{"restore", notDB}); shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Fatalf("restore of a text file: err = %v, want EINVALID", err)
		}
	})
	t.Run("PostgresSaysPgDump", func(t *testing.T) {
		vars := map[string]string{"SHOPMIND_STORE_DRIVER": "postgres", "SHOPMIND_STORE_DSN": "postgres://nowhere/shop"}
		pg := &Env{Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, Getenv: func(k string) string { return vars[k] }}
		for _, cmd := range []string{"backup", "restore"} {
			err := Run(ctx, pg, []string{cmd, file})
			if err == nil || !strings.Contains(err.Error(), "pg_dump") || !strings.Contains(err.Error(), "pg_restore") {
				t.Errorf("%s on postgres: %v; want how to use pg_dump and pg_restore", cmd, err)
			}
		}
	})
}

package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func testAudit(t *testing.T, open Opener) {
	entry := func(actor string, action shopmind.AuditAction, target string) *shopmind.AuditEntry {
		return &shopmind.AuditEntry{Actor: actor, Action: action, Target: target, Outcome: shopmind.OutcomeOK}
	}

	t.Run("AppendAndChain", func(t *testing.T) {
		s := open(t)
		c := startClock()
		e1 := entry("k1", shopmind.AuditPersonalRead, "user/u1")
		must(t, s.AppendAudit(ctx(), e1))
		equal(t, "first seq", e1.Seq, int64(1))
		c.check(t, "stamped time", e1.Time)
		equal(t, "first hash", e1.Hash, shopmind.AuditHash("", e1))

		given := &shopmind.AuditEntry{Time: base, Actor: shopmind.ActorCLI, Action: shopmind.AuditUserErase,
			Target: "user/u2", Outcome: "not_found", Detail: "erase requested"}
		must(t, s.AppendAudit(ctx(), given))
		equal(t, "second seq", given.Seq, int64(2))
		equal(t, "given time kept", given.Time, stored(base))
		equal(t, "chained hash", given.Hash, shopmind.AuditHash(e1.Hash, given))

		got, next, err := s.AuditEntries(ctx(), shopmind.AuditFilter{})
		must(t, err)
		equal(t, "next", next, "")
		equal(t, "newest first", got, []*shopmind.AuditEntry{given, e1})

		check, err := shopmind.VerifyAudit(ctx(), s)
		must(t, err)
		equal(t, "verify", check, shopmind.AuditCheck{Entries: 2, Head: given.Hash})
	})

	t.Run("Invalid", func(t *testing.T) {
		s := open(t)
		wantCode(t, s.AppendAudit(ctx(), &shopmind.AuditEntry{Action: shopmind.AuditKeyCreate, Outcome: "ok"}), shopmind.EINVALID, "actor")
		wantCode(t, s.AppendAudit(ctx(), &shopmind.AuditEntry{Actor: "k", Outcome: "ok"}), shopmind.EINVALID, "action")
		wantCode(t, s.AppendAudit(ctx(), &shopmind.AuditEntry{Actor: "k", Action: shopmind.AuditKeyCreate}), shopmind.EINVALID, "outcome")
		wantCode(t, s.AppendAudit(ctx(), &shopmind.AuditEntry{Actor: "k", Action: shopmind.AuditKeyCreate, Outcome: "ok", Target: "bad\x00"}),
			shopmind.EINVALID, "target")
		_, _, err := s.AuditEntries(ctx(), shopmind.AuditFilter{After: "not-a-cursor"})
		wantCode(t, err, shopmind.EINVALID, "after")
		// A cursor from another list is refused too.
		_, next, err := s.Users(ctx(), shopmind.UserFilter{Limit: 1})
		must(t, err)
		if next != "" {
			_, _, err = s.AuditEntries(ctx(), shopmind.AuditFilter{After: next})
			wantCode(t, err, shopmind.EINVALID, "after")
		}
		got, _, err := s.AuditEntries(ctx(), shopmind.AuditFilter{})
		must(t, err)
		equal(t, "nothing stored", len(got), 0)
	})

	t.Run("FiltersAndPages", func(t *testing.T) {
		s := open(t)
		var all []*shopmind.AuditEntry
		for i := range 25 {
			e := entry(fmt.Sprintf("k%d", i%3), []shopmind.AuditAction{shopmind.AuditKeyCreate, shopmind.AuditPersonalRead}[i%2],
				fmt.Sprintf("user/u%d", i%5))
			e.Time = base.Add(time.Duration(i) * time.Minute)
			must(t, s.AppendAudit(ctx(), e))
			all = append(all, e)
		}
		newest := collect(t, 7, func(a string, l int) ([]*shopmind.AuditEntry, string, error) {
			return s.AuditEntries(ctx(), shopmind.AuditFilter{After: a, Limit: l})
		})
		oldest := collect(t, 4, func(a string, l int) ([]*shopmind.AuditEntry, string, error) {
			return s.AuditEntries(ctx(), shopmind.AuditFilter{After: a, Limit: l, Oldest: true})
		})
		equal(t, "oldest first, paged", oldest, all)
		for i, e := range newest {
			if e.Seq != int64(25-i) {
				t.Fatalf("newest[%d].Seq = %d, want %d", i, e.Seq, 25-i)
			}
		}
		want := func(keep func(e *shopmind.AuditEntry) bool) []int64 {
			var seqs []int64
			for i := len(all) - 1; i >= 0; i-- {
				if keep(all[i]) {
					seqs = append(seqs, all[i].Seq)
				}
			}
			return seqs
		}
		seqs := func(f shopmind.AuditFilter) []int64 {
			got := collect(t, 3, func(a string, l int) ([]*shopmind.AuditEntry, string, error) {
				f.After, f.Limit = a, l
				return s.AuditEntries(ctx(), f)
			})
			out := []int64{}
			for _, e := range got {
				out = append(out, e.Seq)
			}
			return out
		}
		nonNil := func(x []int64) []int64 {
			if x == nil {
				return []int64{}
			}
			return x
		}
		since, until := base.Add(5*time.Minute), base.Add(12*time.Minute)
		for _, tc := range []struct {
			name string
			f    shopmind.AuditFilter
			keep func(e *shopmind.AuditEntry) bool
		}{
			{"Actor", shopmind.AuditFilter{Actor: "k1"}, func(e *shopmind.AuditEntry) bool { return e.Actor == "k1" }},
			{"Action", shopmind.AuditFilter{Action: shopmind.AuditPersonalRead}, func(e *shopmind.AuditEntry) bool { return e.Action == shopmind.AuditPersonalRead }},
			{"Target", shopmind.AuditFilter{Target: "user/u3"}, func(e *shopmind.AuditEntry) bool { return e.Target == "user/u3" }},
			{"Time", shopmind.AuditFilter{Since: since, Until: until}, func(e *shopmind.AuditEntry) bool {
				return !e.Time.Before(stored(since)) && e.Time.Before(stored(until))
			}},
			{"All", shopmind.AuditFilter{Actor: "k2", Action: shopmind.AuditKeyCreate, Target: "user/u0"}, func(e *shopmind.AuditEntry) bool {
				return e.Actor == "k2" && e.Action == shopmind.AuditKeyCreate && e.Target == "user/u0"
			}},
			{"None", shopmind.AuditFilter{Actor: "nobody"}, func(*shopmind.AuditEntry) bool { return false }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				equal(t, "seqs", seqs(tc.f), nonNil(want(tc.keep)))
			})
		}
	})

	t.Run("RolledBack", func(t *testing.T) {
		s := open(t)
		must(t, s.AppendAudit(ctx(), entry("k1", shopmind.AuditKeyCreate, "key/a")))
		boom := errors.New("boom")
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			must(t, tx.AppendAudit(ctx(), entry("k1", shopmind.AuditKeyRevoke, "key/a")))
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx = %v, want boom", err)
		}
		must(t, s.AppendAudit(ctx(), entry("k1", shopmind.AuditKeyRevoke, "key/b")))
		check, err := shopmind.VerifyAudit(ctx(), s)
		must(t, err)
		equal(t, "entries after a rollback", check.Entries, int64(2))
		equal(t, "chain whole", check.BrokenAt, int64(0))
	})

	t.Run("Concurrent", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					if err := s.AppendAudit(ctx(), entry(fmt.Sprintf("k%d", w), shopmind.AuditPersonalRead, fmt.Sprintf("user/u%d", i))); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		check, err := shopmind.VerifyAudit(ctx(), s)
		must(t, err)
		equal(t, "concurrent appends chain", check.Entries, int64(40))
		equal(t, "chain whole", check.BrokenAt, int64(0))
	})
}

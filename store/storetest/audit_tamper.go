package storetest

import (
	"testing"

	"github.com/shopmind/shopmind"
)

// AuditTamper checks, on a new empty store s, that the audit log refuses
// UPDATE and DELETE in SQL, and that once someone with the database drops
// the guards (dropGuards, the store's SQL for that) and changes or removes
// an entry, shopmind.VerifyAudit names the first broken entry. exec runs
// one SQL statement on s's database.
func AuditTamper(t *testing.T, s shopmind.Store, exec func(sql string) error, dropGuards string) {
	t.Helper()
	for i, target := range []string{"user/u1", "user/u2", "user/u3", "user/u4"} {
		e := &shopmind.AuditEntry{Actor: "k1", Action: shopmind.AuditPersonalRead, Target: target, Outcome: shopmind.OutcomeOK}
		must(t, s.AppendAudit(ctx(), e))
		if e.Seq != int64(i+1) {
			t.Fatalf("seq %d, want %d", e.Seq, i+1)
		}
	}
	if err := exec("UPDATE audit_log SET target = 'user/someone-else' WHERE seq = 2"); err == nil {
		t.Fatal("UPDATE of an audit entry succeeded, want it refused")
	}
	if err := exec("DELETE FROM audit_log WHERE seq = 2"); err == nil {
		t.Fatal("DELETE of an audit entry succeeded, want it refused")
	}
	check, err := shopmind.VerifyAudit(ctx(), s)
	must(t, err)
	equal(t, "untouched chain", check.BrokenAt, int64(0))
	equal(t, "untouched entries", check.Entries, int64(4))

	must(t, exec(dropGuards))
	must(t, exec("UPDATE audit_log SET target = 'user/someone-else' WHERE seq = 2"))
	check, err = shopmind.VerifyAudit(ctx(), s)
	must(t, err)
	equal(t, "changed entry found", check.BrokenAt, int64(2))
	equal(t, "entries before it", check.Entries, int64(1))

	must(t, exec("DELETE FROM audit_log WHERE seq = 2"))
	check, err = shopmind.VerifyAudit(ctx(), s)
	must(t, err)
	equal(t, "removed entry found", check.BrokenAt, int64(3))
	if check.Reason == "" {
		t.Error("no reason given for the broken chain")
	}
}

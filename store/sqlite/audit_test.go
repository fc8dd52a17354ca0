package sqlite_test

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind/store/storetest"
)

// TestAuditTamper: SQL cannot change the audit log while its triggers
// stand, and a change made after dropping them breaks the hash chain.
func TestAuditTamper(t *testing.T) {
	db := MustOpen(t)
	storetest.AuditTamper(t, db, func(q string) error {
		_, err := db.SQL().ExecContext(context.Background(), q)
		return err
	}, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete")
}

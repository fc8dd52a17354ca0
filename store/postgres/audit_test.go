package postgres_test

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind/store/storetest"
)

// TestAuditTamper: SQL cannot change the audit log while its trigger
// stands, and a change made after dropping it breaks the hash chain.
func TestAuditTamper(t *testing.T) {
	db := MustOpen(t)
	storetest.AuditTamper(t, db, func(q string) error {
		_, err := db.Pool().Exec(context.Background(), q)
		return err
	}, "DROP TRIGGER audit_log_no_change ON audit_log")
}

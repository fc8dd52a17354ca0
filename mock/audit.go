package mock

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.AuditService = (*AuditService)(nil)

// AuditService is a mock shopmind.AuditService. Store embeds it, so a mock
// Store's audit methods are set here (store.AppendAuditFn).
//
// Unlike the other mocks, nil functions do not panic: every handler that
// touches personal data appends to the audit log, and most tests do not
// care. AppendAudit then keeps the entry in Entries (with Seq, Time and
// Hash set as a store would), and AuditEntries lists Entries newest first,
// filtered by actor, action and target, in one page.
type AuditService struct {
	AppendAuditFn  func(ctx context.Context, e *shopmind.AuditEntry) error
	AuditEntriesFn func(ctx context.Context, f shopmind.AuditFilter) ([]*shopmind.AuditEntry, string, error)

	mu      sync.Mutex
	Entries []shopmind.AuditEntry // appended entries, oldest first, when AppendAuditFn is nil
}

// AppendAudit calls AppendAuditFn, or records e in Entries.
func (s *AuditService) AppendAudit(ctx context.Context, e *shopmind.AuditEntry) error {
	if s.AppendAuditFn != nil {
		return s.AppendAuditFn(ctx, e)
	}
	if err := e.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := ""
	if n := len(s.Entries); n > 0 {
		prev = s.Entries[n-1].Hash
	}
	e.Seq = int64(len(s.Entries)) + 1
	if e.Time.IsZero() {
		e.Time = time.Now().UTC().Truncate(time.Microsecond)
	}
	e.Hash = shopmind.AuditHash(prev, e)
	s.Entries = append(s.Entries, *e)
	return nil
}

// AuditEntries calls AuditEntriesFn, or lists Entries.
func (s *AuditService) AuditEntries(ctx context.Context, f shopmind.AuditFilter) ([]*shopmind.AuditEntry, string, error) {
	if s.AuditEntriesFn != nil {
		return s.AuditEntriesFn(ctx, f)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*shopmind.AuditEntry
	for i := range s.Entries {
		e := s.Entries[i]
		if (f.Actor == "" || e.Actor == f.Actor) && (f.Action == "" || e.Action == f.Action) && (f.Target == "" || e.Target == f.Target) {
			out = append(out, &e)
		}
	}
	if !f.Oldest {
		slices.Reverse(out)
	}
	return out, "", nil
}

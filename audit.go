package shopmind

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// AuditAction names what an audited actor did. Actions are dotted
// "<resource>.<verb>" strings, stable for clients to filter on.
type AuditAction string

// The audited actions.
const (
	AuditPersonalRead     AuditAction = "personal.read"     // a user's personal data was read
	AuditPersonalWrite    AuditAction = "personal.write"    // a user's personal data was set
	AuditPersonalErase    AuditAction = "personal.erase"    // a user's personal data was erased
	AuditUserDelete       AuditAction = "user.delete"       // a user was deleted
	AuditUserErase        AuditAction = "user.erase"        // everything about a user was erased (right to erasure)
	AuditUserExport       AuditAction = "user.export"       // everything about a user was exported (right of access)
	AuditOrderRead        AuditAction = "order.read"        // an order, with its owner, was read
	AuditOrderList        AuditAction = "order.list"        // a page of orders, with their owners, was read
	AuditTranscriptRead   AuditAction = "transcript.read"   // a conversation transcript was read unredacted
	AuditTranscriptDelete AuditAction = "transcript.delete" // a conversation transcript was deleted
	AuditKeyCreate        AuditAction = "key.create"        // an API key was created
	AuditKeyRevoke        AuditAction = "key.revoke"        // an API key was revoked
	AuditExperimentCreate AuditAction = "experiment.create" // an experiment was created
	AuditExperimentStart  AuditAction = "experiment.start"  // an experiment was started
	AuditExperimentStop   AuditAction = "experiment.stop"   // an experiment was stopped
	AuditExperimentDelete AuditAction = "experiment.delete" // an experiment was deleted
	AuditConsentSet       AuditAction = "consent.set"       // a user's consent flags were changed
	AuditSettingsChange   AuditAction = "settings.change"   // a setting of the running service was changed
	AuditRetentionDelete  AuditAction = "retention.delete"  // events past the retention period were deleted
	AuditKeyRotate        AuditAction = "key.rotate"        // the personal-data encryption key was rotated
	AuditTranscriptList   AuditAction = "transcript.list"   // a page of transcripts was read unredacted
	AuditImportConsent    AuditAction = "consent.import"    // consent flags were loaded by the importer
	AuditPersonalImport   AuditAction = "personal.import"   // personal data was loaded by the importer
)

// Actors that are not API keys.
const (
	ActorCLI    = "cli"    // the shopmind command line, run by whoever has the database
	ActorSystem = "system" // shopmind itself, such as the retention schedule
)

// Outcomes of an audited action besides error codes.
const (
	OutcomeOK = "ok" // the action succeeded
)

// AuditEntry is one record of the audit log: who did what to which target,
// when, and how it ended. Entries never hold personal data itself (no
// e-mails, names or message text), only ids.
type AuditEntry struct {
	Seq     int64       `json:"seq"`    // position in the log, from 1, set by the store
	Time    time.Time   `json:"time"`   // when it was recorded, set by the store when zero
	Actor   string      `json:"actor"`  // API key id, ActorCLI or ActorSystem
	Action  AuditAction `json:"action"` // what was done
	Target  string      `json:"target"` // what it was done to, "<kind>/<id>" such as "user/u1"; may be empty
	Outcome string      `json:"outcome"`
	// Outcome is OutcomeOK or the error code the action ended with
	// ("forbidden", "not_found"...).
	Detail string `json:"detail,omitempty"` // short non-personal context, such as a count or a role
	// Hash is the hex SHA-256 of the previous entry's Hash and this entry's
	// fields (see AuditHash), set by the store: changing or removing a
	// stored entry breaks the chain from there on, which VerifyAudit finds.
	Hash string `json:"hash"`
}

// Validate checks an entry before it is appended, returning an EINVALID
// error naming the field.
func (e *AuditEntry) Validate() error {
	if e.Actor == "" {
		return FieldErrorf("actor", "actor is required")
	}
	if e.Action == "" {
		return FieldErrorf("action", "action is required")
	}
	if e.Outcome == "" {
		return FieldErrorf("outcome", "outcome is required")
	}
	for _, f := range []struct{ name, v string }{{"actor", e.Actor}, {"action", string(e.Action)},
		{"target", e.Target}, {"outcome", e.Outcome}, {"detail", e.Detail}} {
		if err := validateText(f.name, f.v, MaxTitleLength); err != nil {
			return err
		}
	}
	return nil
}

// AuditHash returns the chained hash of e after the entry whose hash is
// prev ("" for the first entry): SHA-256 over prev and e's Seq, Time (UTC,
// microseconds), Actor, Action, Target, Outcome and Detail, each followed
// by a zero byte.
func AuditHash(prev string, e *AuditEntry) string {
	h := sha256.New()
	for _, s := range []string{prev, strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.Time.UTC().UnixMicro(), 10),
		e.Actor, string(e.Action), e.Target, e.Outcome, e.Detail} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditFilter selects audit entries. Entries are listed newest first
// unless Oldest is set.
type AuditFilter struct {
	Actor  string      // exact actor; "" means any
	Action AuditAction // exact action; "" means any
	Target string      // exact target; "" means any
	Since  time.Time   // inclusive; zero means no bound
	Until  time.Time   // exclusive; zero means no bound
	Oldest bool        // list oldest first

	After string // cursor from a previous page
	Limit int    // 0 means DefaultLimit
}

// AuditAppender records actions in the audit log
// (AuditService.AppendAudit).
type AuditAppender interface {
	AppendAudit(ctx context.Context, e *AuditEntry) error
}

// AuditService keeps the audit log. It is append-only: no method changes or
// removes an entry, and both stores refuse UPDATE and DELETE on the table.
type AuditService interface {
	// AppendAudit validates e (EINVALID naming the field), stamps a zero
	// Time with now, gives it the next Seq and its chained Hash, and stores
	// it. The fields it sets are written back into e.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// AuditEntries returns entries matching f and the next cursor ("" on
	// the last page). A malformed cursor gives EINVALID naming "after".
	AuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, string, error)
}

// AuditCheck is the result of VerifyAudit.
type AuditCheck struct {
	Entries int64  `json:"entries"` // entries checked
	Head    string `json:"head"`    // hash of the newest entry: keep it elsewhere to detect a cut tail
	// BrokenAt is the Seq of the first entry whose hash or position does
	// not follow from the one before (0 when the chain is whole).
	BrokenAt int64  `json:"broken_at,omitempty"`
	Reason   string `json:"reason,omitempty"` // why BrokenAt broke
}

// VerifyAudit reads the whole audit log oldest first and checks that
// sequences run 1, 2, 3... without gaps and that every hash follows from
// the previous one, which finds entries changed, inserted or removed in the
// database behind shopmind's back (except a cut of the newest entries:
// compare Head with a copy kept elsewhere for that).
func VerifyAudit(ctx context.Context, a AuditService) (AuditCheck, error) {
	var c AuditCheck
	prev := ""
	for e, err := range All(ctx, ListAudit(a, AuditFilter{Oldest: true})) {
		if err != nil {
			return c, fmt.Errorf("verify audit: %w", err)
		}
		switch {
		case e.Seq != c.Entries+1:
			c.BrokenAt, c.Reason = e.Seq, fmt.Sprintf("entry %d follows entry %d: entries are missing or inserted", e.Seq, c.Entries)
		case AuditHash(prev, e) != e.Hash:
			c.BrokenAt, c.Reason = e.Seq, fmt.Sprintf("entry %d does not match its hash: it or the one before was changed", e.Seq)
		}
		if c.BrokenAt != 0 {
			return c, nil
		}
		c.Entries++
		prev = e.Hash
		c.Head = e.Hash
	}
	return c, nil
}

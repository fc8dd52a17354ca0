package privacy

import (
	"context"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// Retention deletes events older than a retention period and records each
// deletion in the audit log.
type Retention struct {
	Events shopmind.EventPruner
	Audit  shopmind.AuditAppender
	// Days is the retention period: events dated more than Days×24h before
	// Now are deleted. 0 or less keeps events forever (Run does nothing).
	Days int
	// Now tells the time (time.Now when nil).
	Now func() time.Time
}

// Cutoff returns the time before which events are deleted, zero when
// events are kept forever.
func (r *Retention) Cutoff() time.Time {
	if r.Days <= 0 {
		return time.Time{}
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	return now().UTC().Add(-time.Duration(r.Days) * 24 * time.Hour)
}

// Run deletes the events dated before Cutoff and returns how many it
// deleted. It appends a retention.delete entry for actor (shopmind.ActorSystem
// for the schedule, ActorCLI for the command) when it deleted any, when it
// failed, or when always is set (a run someone asked for).
func (r *Retention) Run(ctx context.Context, actor string, always bool) (int64, error) {
	cut := r.Cutoff()
	if cut.IsZero() {
		return 0, nil
	}
	n, err := r.Events.DeleteEventsBefore(ctx, cut)
	if n == 0 && err == nil && !always {
		return 0, nil
	}
	outcome := shopmind.OutcomeOK
	if err != nil {
		outcome = shopmind.ErrorCode(err)
	}
	e := &shopmind.AuditEntry{Actor: actor, Action: shopmind.AuditRetentionDelete, Target: "events", Outcome: outcome,
		Detail: fmt.Sprintf("%d events before %s (%d days)", n, cut.Format(time.RFC3339), r.Days)}
	if aerr := r.Audit.AppendAudit(context.WithoutCancel(ctx), e); aerr != nil && err == nil {
		err = fmt.Errorf("record retention in the audit log: %w", aerr)
	}
	if err != nil {
		return n, fmt.Errorf("retention: %w", err)
	}
	return n, nil
}

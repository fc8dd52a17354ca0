package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/shopmind/shopmind"
)

// AuditCommand lists and checks the audit log: "shopmind audit [list]" and
// "shopmind audit verify".
type AuditCommand struct {
	env  *Env
	open func(ctx context.Context, configPath string) (shopmind.Store, error)
}

// Run runs an audit subcommand; without one it lists.
func (c *AuditCommand) Run(ctx context.Context, args []string) error {
	sub := "list"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(c.env.Stdout, "Usage:\n  shopmind audit [list] [-actor ID] [-action ACTION] [-target KIND/ID] [-since TIME] [-until TIME] [-limit N] [-oldest] [-json]\n  shopmind audit verify\n")
		return nil
	}
	if len(args) > 0 && (args[0] == "list" || args[0] == "verify") {
		sub, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("audit "+sub, flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	configPath := fs.String("config", "", "configuration file")
	actor := fs.String("actor", "", "only entries by this actor: an API key id, cli or system")
	action := fs.String("action", "", "only this action, e.g. personal.read or key.create")
	target := fs.String("target", "", "only this target, e.g. user/u1")
	since := fs.String("since", "", "only entries at or after this RFC 3339 time")
	until := fs.String("until", "", "only entries before this RFC 3339 time")
	limit := fs.Int("limit", 100, "entries to print, newest first (0: all)")
	oldest := fs.Bool("oldest", false, "print oldest first")
	asJSON := fs.Bool("json", false, "print JSON Lines instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("audit %s: unexpected argument %q", sub, fs.Arg(0))}
	}
	f := shopmind.AuditFilter{Actor: *actor, Action: shopmind.AuditAction(*action), Target: *target, Oldest: *oldest}
	for _, t := range []struct {
		flag string
		v    string
		dst  *time.Time
	}{{"since", *since, &f.Since}, {"until", *until, &f.Until}} {
		if t.v == "" {
			continue
		}
		parsed, err := time.Parse(time.RFC3339Nano, t.v)
		if err != nil {
			return &usageError{fmt.Sprintf("audit: -%s must be an RFC 3339 time such as 2026-11-01T00:00:00Z, not %q", t.flag, t.v)}
		}
		*t.dst = parsed
	}
	if *limit < 0 {
		return &usageError{"audit: -limit must be 0 or more"}
	}
	store, err := c.open(ctx, *configPath)
	if err != nil {
		return err
	}
	defer store.Close()
	if sub == "verify" {
		return c.verify(ctx, store)
	}
	return c.list(ctx, store, f, *limit, *asJSON)
}

func (c *AuditCommand) list(ctx context.Context, store shopmind.AuditService, f shopmind.AuditFilter, limit int, asJSON bool) error {
	w := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
	if !asJSON {
		fmt.Fprintln(w, "SEQ\tTIME\tACTOR\tACTION\tTARGET\tOUTCOME\tDETAIL")
	}
	enc := json.NewEncoder(c.env.Stdout)
	printed := 0
	f.Limit = shopmind.MaxLimit
	if limit > 0 {
		f.Limit = min(shopmind.MaxLimit, limit)
	}
	for e, err := range shopmind.All(ctx, shopmind.ListAudit(store, f)) {
		if err != nil {
			return err
		}
		if asJSON {
			if err := enc.Encode(e); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Format(time.RFC3339), e.Actor, e.Action,
				orDash(e.Target), e.Outcome, e.Detail)
		}
		printed++
		if limit > 0 && printed >= limit {
			break
		}
	}
	if asJSON {
		return nil
	}
	return w.Flush()
}

// verify checks the hash chain and records that it was checked.
func (c *AuditCommand) verify(ctx context.Context, store shopmind.Store) error {
	check, err := shopmind.VerifyAudit(ctx, store)
	if err != nil {
		return err
	}
	if check.BrokenAt != 0 {
		return fmt.Errorf("audit log broken at entry %d: %s (%d entries before it are intact)", check.BrokenAt, check.Reason, check.Entries)
	}
	fmt.Fprintf(c.env.Stdout, "audit log intact: %d entries, head %s\n", check.Entries, orDash(check.Head))
	fmt.Fprintln(c.env.Stderr, "Keep the head hash elsewhere: a later check whose chain does not pass through it shows entries were cut from the end.")
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// auditCLI appends an entry for an action run from the command line, with
// the outcome err gives (ok, or its code). It returns err, or the append's
// error when the action succeeded but could not be recorded.
func auditCLI(ctx context.Context, a shopmind.AuditService, action shopmind.AuditAction, target, detail string, err error) error {
	outcome := shopmind.OutcomeOK
	if err != nil {
		outcome = shopmind.ErrorCode(err)
	}
	e := &shopmind.AuditEntry{Actor: shopmind.ActorCLI, Action: action, Target: target, Outcome: outcome, Detail: detail}
	if aerr := a.AppendAudit(context.WithoutCancel(ctx), e); aerr != nil && err == nil {
		return fmt.Errorf("record in audit log: %w", aerr)
	}
	return err
}

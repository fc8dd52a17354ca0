package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/shopmind/shopmind"
)

// UsersCommand carries out shoppers' rights from the command line:
// "shopmind users erase ID" and "shopmind users export ID".
type UsersCommand struct {
	env *Env
}

const usersUsage = `Usage:
  shopmind users erase [-config FILE] ID    erase everything stored about a user (right to erasure)
  shopmind users export [-config FILE] ID   print everything stored about a user as JSON (right of access)
`

// Run runs a users subcommand.
func (c *UsersCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(c.env.Stdout, usersUsage)
		return nil
	}
	sub := args[0]
	if sub != "erase" && sub != "export" {
		return &usageError{fmt.Sprintf("users: unknown subcommand %q; one of erase, export", sub)}
	}
	fs := flag.NewFlagSet("users "+sub, flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	configPath := fs.String("config", "", "configuration file")
	rest := args[1:]
	var id string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		id, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if id == "" && fs.NArg() == 1 {
		id = fs.Arg(0)
	} else if fs.NArg() > 0 || id == "" {
		return &usageError{fmt.Sprintf("users %s: give exactly one user id", sub)}
	}
	cfg, err := loadConfig(c.env, *configPath)
	if err != nil {
		return err
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	// Offline, erasure reaches the stored versions of every recommendation
	// model; a running serve loads the copies without the user at its next
	// reload (recommend reload, a minute), and drops the user from
	// insights at its next refresh. Erase through the API while serving to
	// drop them from served models at once.
	p := newPrivacyService(store, cfg.Privacy, storedModelForgetters(store, cfg))
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "erase":
		er, err := p.EraseUser(ctx, id)
		if err := auditCLI(ctx, store, shopmind.AuditUserErase, "user/"+id, "", err); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stderr, "Erased user %s: %d events %s, %d orders kept under a pseudonym, %d reviews without author, %d conversations deleted, %d models updated.\n",
			id, er.Events, map[bool]string{true: "pseudonymised", false: "deleted"}[er.EventsMode == "pseudonymise"],
			er.Orders, er.Reviews, er.Conversations, len(er.Models))
		return enc.Encode(er)
	default:
		x, err := p.ExportUser(ctx, id)
		if err := auditCLI(ctx, store, shopmind.AuditUserExport, "user/"+id, "", err); err != nil {
			return err
		}
		return enc.Encode(x)
	}
}

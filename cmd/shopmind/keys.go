package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopmind/shopmind"
)

// KeysCommand manages API keys: "shopmind keys create|list|revoke".
type KeysCommand struct {
	env  *Env
	open func(ctx context.Context, configPath string) (shopmind.Store, error)
	now  func() time.Time
}

// Run runs a keys subcommand.
func (c *KeysCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(c.env.Stdout, "Usage:\n  shopmind keys create -name NAME -role admin|write|read\n  shopmind keys create -name NAME -role publishable -origins https://shop.example[,https://...]\n  shopmind keys list\n  shopmind keys revoke ID\n")
		return nil
	}
	fs := flag.NewFlagSet("keys "+args[0], flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	configPath := fs.String("config", "", "configuration file")
	name := fs.String("name", "", "what the key is for (create)")
	role := fs.String("role", "read", "admin, write, read or publishable (create)")
	origins := fs.String("origins", "", "comma-separated web origins a publishable key is accepted from, e.g. https://shop.example (create)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	store, err := c.open(ctx, *configPath)
	if err != nil {
		return err
	}
	defer store.Close()

	switch args[0] {
	case "create":
		if *name == "" {
			return &usageError{"keys create: -name is required"}
		}
		var (
			secret string
			k      *shopmind.APIKey
		)
		list := strings.Split(*origins, ",")
		if shopmind.Role(*role) == shopmind.RolePublishable {
			secret, k, err = shopmind.NewPublishableKey(rand.Reader, *name, list, c.now())
		} else if *origins != "" {
			err = shopmind.ValidateKeyRole(shopmind.Role(*role), list)
		} else {
			secret, k, err = shopmind.NewAPIKey(rand.Reader, *name, shopmind.Role(*role), c.now())
		}
		if err != nil {
			return err
		}
		if err := auditCLI(ctx, store, shopmind.AuditKeyCreate, "key/"+k.ID, "role "+string(k.Role), store.CreateKey(ctx, k)); err != nil {
			return fmt.Errorf("store key: %w", err)
		}
		fmt.Fprintf(c.env.Stderr, "Created %s key %q (id %s). Keep it now: it is not shown again.\n", k.Role, k.Name, k.ID)
		fmt.Fprintln(c.env.Stdout, secret)
	case "list":
		keys, err := store.Keys(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tROLE\tNAME\tCREATED\tLAST USED\tORIGINS")
		for _, k := range keys {
			used := "never"
			if k.LastUsed != nil {
				used = k.LastUsed.Format(time.RFC3339)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Role, k.Name, k.CreatedAt.Format(time.RFC3339), used, strings.Join(k.Origins, ","))
		}
		return w.Flush()
	case "revoke":
		if fs.NArg() != 1 {
			return &usageError{"keys revoke: give exactly one key id"}
		}
		if err := auditCLI(ctx, store, shopmind.AuditKeyRevoke, "key/"+fs.Arg(0), "", store.DeleteKey(ctx, fs.Arg(0))); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stderr, "Revoked key %s.\n", fs.Arg(0))
	default:
		return &usageError{fmt.Sprintf("keys: unknown subcommand %q; one of create, list, revoke", args[0])}
	}
	return nil
}

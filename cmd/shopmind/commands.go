package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/shopmind/shopmind"
)

// registeredCommands returns every subcommand but version, wired explicitly.
func registeredCommands(env *Env) map[string]namedCommand {
	return map[string]namedCommand{
		"eval": {"evaluate models on any train/test files and print metrics", &EvalCommand{env: env, subs: evalCommands(env)}},
	}
}

// evalCommands lists the eval subcommands, one per capability.
func evalCommands(env *Env) map[string]namedCommand {
	return map[string]namedCommand{}
}

// EvalCommand dispatches "shopmind eval <capability>".
type EvalCommand struct {
	env  *Env
	subs map[string]namedCommand
}

// Run runs the eval subcommand named by args[0].
func (c *EvalCommand) Run(ctx context.Context, args []string) error {
	names := make([]string, 0, len(c.subs))
	for n := range c.subs {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(c.env.Stdout, "Usage: shopmind eval <%s> [flags]\n", strings.Join(names, "|"))
		for _, n := range names {
			fmt.Fprintf(c.env.Stdout, "  %-10s %s\n", n, c.subs[n].summary)
		}
		return nil
	}
	sub, ok := c.subs[args[0]]
	if !ok {
		return &usageError{fmt.Sprintf("unknown eval target %q; one of: %s", args[0], strings.Join(names, ", "))}
	}
	return sub.Run(ctx, args[1:])
}

// describe renders an error for the terminal: application errors by their
// message and field, others in full.
func describe(err error) string {
	if code := shopmind.ErrorCode(err); code != shopmind.EINTERNAL {
		if f := shopmind.ErrorField(err); f != "" {
			return fmt.Sprintf("%s (%s: %s)", err.Error(), code, f)
		}
	}
	return err.Error()
}

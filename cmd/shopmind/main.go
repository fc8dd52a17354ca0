// Command shopmind is the one shopmind binary: it imports a shop's data,
// trains and evaluates models, and serves the REST API and web console.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Version is the program's version, set in main (or by -ldflags).
var version = "dev"

// Command is one subcommand of shopmind.
type Command interface {
	// Run executes the command with its arguments (without its name).
	Run(ctx context.Context, args []string) error
}

// Env is what every command gets from the process: its output streams and
// environment. Tests give their own.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	Getenv func(string) string
}

// usageError is returned for bad command-line use; main prints it with the
// usage and exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv}
	err := Run(ctx, env, os.Args[1:])
	stop()
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return
	}
	fmt.Fprintln(os.Stderr, "shopmind:", describe(err))
	var ue *usageError
	if errors.As(err, &ue) {
		os.Exit(2)
	}
	os.Exit(1)
}

// Run runs the subcommand named by args[0].
func Run(ctx context.Context, env *Env, args []string) error {
	cmds := commands(env)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(env.Stdout, cmds)
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		return &usageError{fmt.Sprintf("unknown command %q; run 'shopmind help' for the list", args[0])}
	}
	return c.Run(ctx, args[1:])
}

// commands wires every subcommand.
func commands(env *Env) map[string]namedCommand {
	m := map[string]namedCommand{
		"version": {"print the version", commandFunc(func(ctx context.Context, args []string) error {
			fmt.Fprintln(env.Stdout, "shopmind", version)
			return nil
		})},
	}
	for name, c := range registeredCommands(env) {
		m[name] = c
	}
	return m
}

type namedCommand struct {
	summary string
	Command
}

type commandFunc func(ctx context.Context, args []string) error

func (f commandFunc) Run(ctx context.Context, args []string) error { return f(ctx, args) }

func printUsage(w io.Writer, cmds map[string]namedCommand) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("shopmind: an AI engine for a small online shop.\n\nUsage: shopmind <command> [flags]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'shopmind <command> -h' for a command's flags.\n")
	io.WriteString(w, b.String())
}

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
	"os/exec"
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
	// SetNice lowers the whole process's CPU priority to a nice value
	// (shopmind import does, below a serve sharing the machine); nil, as in
	// tests running commands inside the test process, does nothing.
	SetNice func(nice int) error
	// Command returns a command running this shopmind binary with args
	// (serve trains in a child process with it); nil, as in tests running
	// commands inside the test process, means no child processes: the
	// work runs in this process.
	Command func(ctx context.Context, args ...string) *exec.Cmd
}

// usageError is returned for bad command-line use; main prints it with the
// usage and exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal the command is stopping (an import rolls
		// back, training drops its unsaved model); a second one kills at once.
		<-ctx.Done()
		stop()
	}()
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv, SetNice: lowerProcessPriority, Command: selfCommand}
	err := Run(ctx, env, os.Args[1:])
	code := exitCode(ctx, err, os.Stderr)
	stop()
	if code != 0 {
		os.Exit(code)
	}
}

// Exit statuses besides 0 and 1.
const (
	exitUsage       = 2
	exitInterrupted = 130 // 128 + SIGINT, as shells report a Ctrl-C
	exitTerminated  = 143 // 128 + SIGTERM
)

// exitCode prints err, if any, on w and returns the process's exit status:
// 0 for success (or -h), 2 for bad usage, 130 or 143 when a SIGINT or
// SIGTERM (which cancel ctx) stopped the command, and 1 otherwise. Every
// command that writes does it in transactions, so a stopped one leaves the
// store as it was before its unfinished step; the message says so.
func exitCode(ctx context.Context, err error, w io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if ctx.Err() != nil {
		cause := context.Cause(ctx)
		fmt.Fprintf(w, "shopmind: stopped (%v); the unfinished work was rolled back: %s\n", cause, describe(err))
		if strings.HasPrefix(cause.Error(), syscall.SIGTERM.String()) {
			return exitTerminated
		}
		return exitInterrupted
	}
	fmt.Fprintln(w, "shopmind:", describe(err))
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return 1
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

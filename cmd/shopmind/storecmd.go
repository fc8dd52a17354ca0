package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/shopmind/shopmind"
)

// storeFlags is the flag set of a subcommand that works on the shop's
// store: the command's own flags plus the -config flag they all share.
// It embeds the flag set, so commands define their flags on it directly.
type storeFlags struct {
	*flag.FlagSet
	env        *Env
	configPath *string
}

// newStoreFlags returns the flag set of the subcommand name (for example
// "train text"), with -config defined and its messages going to
// env.Stderr. The command adds its own flags, then calls parse or open.
func newStoreFlags(env *Env, name string) *storeFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return &storeFlags{
		FlagSet:    fs,
		env:        env,
		configPath: fs.String("config", "", "configuration file (default $SHOPMIND_CONFIG or ./shopmind.toml; - reads it from standard input)"),
	}
}

// parse parses args, rejects arguments left over after the flags and loads
// the configuration that -config names (or the default one, see
// loadConfig). A parse error, flag.ErrHelp among them, is returned as is.
func (f *storeFlags) parse(args []string) (Config, error) {
	if err := f.Parse(args); err != nil {
		return Config{}, err
	}
	if f.NArg() > 0 {
		return Config{}, &usageError{fmt.Sprintf("unexpected argument %q", f.Arg(0))}
	}
	return loadConfig(f.env, *f.configPath)
}

// open parses args like parse and opens the store the configuration
// names. The caller closes the store.
func (f *storeFlags) open(ctx context.Context, args []string) (Config, shopmind.Store, error) {
	cfg, err := f.parse(args)
	if err != nil {
		return Config{}, nil, err
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return Config{}, nil, err
	}
	return cfg, store, nil
}

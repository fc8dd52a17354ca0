package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStoreFlags(t *testing.T) {
	ctx := context.Background()
	toml := filepath.Join(t.TempDir(), "shop.toml")
	tomlDB := filepath.Join(t.TempDir(), "from-toml.db")
	if err := os.WriteFile(toml, []byte("[store]\npath = \""+filepath.ToSlash(tomlDB)+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		args      []string
		wantErr   string // "" for success
		wantUsage bool   // the error is a *usageError
		wantHelp  bool   // the error is flag.ErrHelp
		wantPath  string // with success: where the store is; "" for the environment's
	}{
		{name: "OK"},
		{name: "OKFlagAndConfig", args: []string{"-n", "3", "-config", toml}, wantPath: tomlDB},
		{name: "ErrStrayArgument", args: []string{"extra"}, wantErr: `unexpected argument "extra"`, wantUsage: true},
		{name: "ErrUnknownFlag", args: []string{"-nope"}, wantErr: "flag provided but not defined: -nope"},
		{name: "ErrHelp", args: []string{"-h"}, wantErr: "help requested", wantHelp: true},
		{name: "ErrMissingConfig", args: []string{"-config", filepath.Join(t.TempDir(), "none.toml")}, wantErr: "none.toml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env, _, stderr := testEnv(t)
			if tt.wantPath != "" {
				// The environment's store path would win over the file's.
				env.Getenv = func(string) string { return "" }
			}
			fs := newStoreFlags(env, "train thing")
			n := fs.Int("n", 1, "a command's own flag")
			cfg, store, err := fs.open(ctx, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				if store != nil {
					t.Errorf("a store is returned with the error")
				}
				var ue *usageError
				if errors.As(err, &ue) != tt.wantUsage {
					t.Errorf("err = %T %v, usage error: want %v", err, err, tt.wantUsage)
				}
				if errors.Is(err, flag.ErrHelp) != tt.wantHelp {
					t.Errorf("err = %v, flag.ErrHelp: want %v", err, tt.wantHelp)
				}
				if tt.wantHelp && !strings.Contains(stderr.String(), "-config") {
					t.Errorf("help does not list -config:\n%s", stderr.String())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			want := tt.wantPath
			if want == "" {
				want = env.Getenv("SHOPMIND_STORE_PATH")
			}
			if cfg.Store.Path != want {
				t.Errorf("store path = %q, want %q", cfg.Store.Path, want)
			}
			if _, err := os.Stat(want); err != nil {
				t.Errorf("the store was not opened at %s: %v", want, err)
			}
			if _, err := store.Counts(ctx); err != nil {
				t.Errorf("the opened store does not answer: %v", err)
			}
			if len(tt.args) > 0 && *n != 3 {
				t.Errorf("-n = %d, want 3: the command's own flags are not parsed", *n)
			}
		})
	}
}

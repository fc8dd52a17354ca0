package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// DataKeyCommand manages the key personal data is sealed with:
// "shopmind datakey new|status|rotate" (docs/security.md).
type DataKeyCommand struct {
	env *Env
	now func() time.Time
}

const dataKeyUsage = `Usage:
  shopmind datakey new [FILE]     write a new data key to FILE (mode 0600), or print it
  shopmind datakey status         show the configured key and the keys the store's data is sealed with
  shopmind datakey rotate [-old FILE] [-new FILE]
                                  re-encrypt all personal data with a new key, in one transaction

rotate opens the data with -old (default: the configured key) and seals it with
-new (created when the file does not exist). Without -new, the configured key
file is replaced by a new key after the re-encryption commits, and the old key
is kept as FILE.<id>.old for older backups. Stop 'shopmind serve' first.
`

// Run runs a datakey subcommand.
func (c *DataKeyCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(c.env.Stdout, dataKeyUsage)
		return nil
	}
	switch args[0] {
	case "new":
		return c.newKey(args[1:])
	case "status":
		return c.status(ctx, args[1:])
	case "rotate":
		return c.rotate(ctx, args[1:])
	}
	return &usageError{fmt.Sprintf("datakey: unknown subcommand %q; one of new, status, rotate", args[0])}
}

// newKey writes a new key to a file, refusing to replace one, or prints it.
func (c *DataKeyCommand) newKey(args []string) error {
	if len(args) > 1 {
		return &usageError{"datakey new: give at most one FILE"}
	}
	if len(args) == 0 {
		_, text, err := seal.GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		_, err = fmt.Fprint(c.env.Stdout, text)
		return err
	}
	path := args[0]
	if _, err := os.Stat(path); err == nil {
		return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "FILE", Message: fmt.Sprintf("%s exists; a data key file is never replaced (the data sealed with it would be lost)", path)}
	}
	k, err := createKeyFile(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "Wrote data key %s to %s (mode 0600). Keep a copy apart from the data and its backups.\n", k.ID(), path)
	return nil
}

// status prints the configured key and the store's recorded keys.
func (c *DataKeyCommand) status(ctx context.Context, args []string) error {
	f := newStoreFlags(c.env, "datakey status")
	cfg, err := f.parse(args)
	if err != nil {
		return err
	}
	st, err := openStoreRaw(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	ss, ok := st.(seal.Store)
	if !ok {
		return shopmind.Errorf(shopmind.ENOTIMPLEMENTED, "this store does not seal personal data")
	}
	ids, err := ss.DataKeys(ctx)
	if err != nil {
		return err
	}
	k, kerr := loadDataKey(cfg.Store, false)
	sealedWith := "nothing sealed yet"
	if len(ids) > 0 {
		sealedWith = strings.Join(ids, ", ")
	}
	fmt.Fprintf(c.env.Stdout, "store data sealed with: %s\n", sealedWith)
	if kerr != nil {
		fmt.Fprintf(c.env.Stdout, "configured key:         none (%s)\n", shopmind.ErrorMessage(kerr))
	} else {
		fmt.Fprintf(c.env.Stdout, "configured key:         %s (from %s)\n", k.key.ID(), k.describe())
	}
	if len(ids) == 0 {
		return nil
	}
	if kerr != nil {
		return kerr
	}
	return ss.UseKeys(ctx, seal.NewKeyring(k.key))
}

// rotate re-seals every personal value with a new key.
func (c *DataKeyCommand) rotate(ctx context.Context, args []string) error {
	f := newStoreFlags(c.env, "datakey rotate")
	oldPath := f.String("old", "", "key file the data is sealed with now (default: the configured key)")
	newPath := f.String("new", "", "key file to seal with, created when missing (default: replace the configured key file)")
	cfg, err := f.parse(args)
	if err != nil {
		return err
	}
	var old dataKey
	if *oldPath != "" {
		k, err := readKeyFile(*oldPath)
		if err != nil {
			return &shopmind.Error{Code: shopmind.EDATAKEY, Field: "old", Message: "-old: " + err.Error()}
		}
		old = dataKey{key: k, path: *oldPath}
	} else if old, err = loadDataKey(cfg.Store, false); err != nil {
		return err
	}
	replace := *newPath == ""
	if replace {
		if old.path == "" {
			return &usageError{"datakey rotate: give -new FILE (the current key comes from " + envDataKey + ", which rotate cannot replace)"}
		}
		*newPath = old.path + ".new"
	}
	next, err := loadOrCreateKey(*newPath)
	if err != nil {
		return err
	}
	if next.ID() == old.key.ID() {
		return &shopmind.Error{Code: shopmind.EINVALID, Field: "new", Message: fmt.Sprintf("the new key is the old key (%s)", next.ID())}
	}

	st, err := openStoreRaw(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	ss, ok := st.(seal.Store)
	if !ok {
		return shopmind.Errorf(shopmind.ENOTIMPLEMENTED, "this store does not seal personal data")
	}
	if err := ss.UseKeys(ctx, seal.NewKeyring(next, old.key)); err != nil {
		return &shopmind.Error{Code: shopmind.EDATAKEY, Field: "old",
			Message: fmt.Sprintf("%s; the old key %s comes from %s: give the key the data is sealed with as -old", shopmind.ErrorMessage(err), old.key.ID(), old.describe())}
	}
	start := c.now()
	n, err := ss.Reseal(ctx)
	detail := fmt.Sprintf("from %s to %s, %d values", old.key.ID(), next.ID(), n)
	if aerr := auditCLI(ctx, st, shopmind.AuditKeyRotate, "datakey/"+next.ID(), detail, err); err != nil {
		return fmt.Errorf("rotate data key: %w (nothing was changed)", err)
	} else if aerr != nil {
		fmt.Fprintf(c.env.Stderr, "Warning: the data was re-encrypted, but %v\n", aerr)
	}
	fmt.Fprintf(c.env.Stdout, "re-encrypted %d personal values from data key %s to %s in %s\n", n, old.key.ID(), next.ID(), c.now().Sub(start).Round(time.Millisecond))
	if !replace {
		fmt.Fprintf(c.env.Stderr, "Now set store.data_key_file (or %s) to %s before starting shopmind: the old key no longer opens the data.\n", envDataKey, *newPath)
		return nil
	}
	kept := fmt.Sprintf("%s.%s.old", old.path, old.key.ID())
	if err := os.Rename(old.path, kept); err != nil {
		return fmt.Errorf("the data is sealed with the key in %s now, but keeping the old key failed: %w; move %s to %s by hand", *newPath, err, *newPath, old.path)
	}
	if err := os.Rename(*newPath, old.path); err != nil {
		return fmt.Errorf("the data is sealed with the key in %s now, but installing it failed: %w; move it to %s by hand", *newPath, err, old.path)
	}
	fmt.Fprintf(c.env.Stderr, "Installed the new key in %s; the old one is kept in %s for older backups (delete it when they are gone).\n", old.path, kept)
	return nil
}

// loadOrCreateKey reads the key file at path, creating it when missing.
func loadOrCreateKey(path string) (*seal.Key, error) {
	k, err := readKeyFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return createKeyFile(path)
	}
	if err != nil {
		return nil, &shopmind.Error{Code: shopmind.EDATAKEY, Field: "new", Message: "-new: " + err.Error()}
	}
	return k, nil
}

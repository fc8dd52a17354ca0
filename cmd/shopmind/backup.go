package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// pgBackupHelp tells how to back up and restore a PostgreSQL store, which
// shopmind leaves to PostgreSQL's own tools.
const pgBackupHelp = `the store is PostgreSQL: back it up with PostgreSQL's own tools, which are consistent while shopmind serves:
  pg_dump --format=custom --file=shop.dump "$DSN"
and restore into an empty database (stop shopmind first) with:
  pg_restore --clean --if-exists --no-owner --dbname="$DSN" shop.dump
(docs/operations.md)`

// BackupCommand is "shopmind backup FILE": it writes a consistent copy of
// the SQLite store to FILE while the store may be in use (serve, imports).
type BackupCommand struct {
	env *Env
	now func() time.Time
}

// Run parses flags and writes the backup.
func (c *BackupCommand) Run(ctx context.Context, args []string) error {
	f := newStoreFlags(c.env, "backup")
	force := f.Bool("force", false, "replace FILE if it exists")
	f.Usage = func() {
		fmt.Fprint(f.Output(), "Usage: shopmind backup [flags] FILE\n\nWrites a consistent copy of the SQLite store to FILE, also while shopmind serves.\nRestore it with 'shopmind restore FILE'. For PostgreSQL use pg_dump (docs/operations.md).\n\nFlags:\n")
		f.PrintDefaults()
	}
	file, cfg, err := parseFileArg(f, args)
	if err != nil {
		return err
	}
	if cfg.Store.Driver == "postgres" {
		return shopmind.Errorf(shopmind.EINVALID, "%s", pgBackupHelp)
	}
	if _, err := os.Stat(file); err == nil && !*force {
		return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "FILE", Message: fmt.Sprintf("%s exists; add -force to replace it", file)}
	}
	st, err := openStoreRaw(ctx, cfg.Store) // copies bytes: needs no data key
	if err != nil {
		return err
	}
	defer st.Close()
	db := st.(*sqlite.DB)
	start := c.now()
	if err := db.Backup(ctx, file); err != nil {
		return err
	}
	counts, err := countsOf(ctx, file)
	if err != nil {
		return err
	}
	fi, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "backed up %s to %s (%s, %.1f MB) in %s\n", cfg.Store.Path, file, describeCounts(counts),
		float64(fi.Size())/1e6, c.now().Sub(start).Round(time.Millisecond))
	return nil
}

// RestoreCommand is "shopmind restore FILE": it replaces the configured
// SQLite store's content with a backup.
type RestoreCommand struct {
	env *Env
	now func() time.Time
}

// Run parses flags and restores.
func (c *RestoreCommand) Run(ctx context.Context, args []string) error {
	f := newStoreFlags(c.env, "restore")
	force := f.Bool("force", false, "replace a store that holds data")
	f.Usage = func() {
		fmt.Fprint(f.Output(), "Usage: shopmind restore [flags] FILE\n\nChecks the backup FILE (made by 'shopmind backup') and copies it into the configured\nSQLite store, which must be empty unless -force is given. Stop 'shopmind serve' first.\n\nFlags:\n")
		f.PrintDefaults()
	}
	file, cfg, err := parseFileArg(f, args)
	if err != nil {
		return err
	}
	if cfg.Store.Driver == "postgres" {
		return shopmind.Errorf(shopmind.EINVALID, "%s", pgBackupHelp)
	}
	if err := sqlite.CheckFile(ctx, file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	st, err := openStoreRaw(ctx, cfg.Store) // copies bytes: needs no data key
	if err != nil {
		return err
	}
	defer st.Close()
	db := st.(*sqlite.DB)
	empty, err := db.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty && !*force {
		n, err := db.Counts(ctx)
		if err != nil {
			return err
		}
		return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "force", Message: fmt.Sprintf(
			"the store %s holds data (%s); restoring replaces all of it: add -force (and back it up first)", cfg.Store.Path, describeCounts(n))}
	}
	start := c.now()
	if err := db.Restore(ctx, file); err != nil {
		return err
	}
	n, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "restored %s from %s (%s) in %s\n", cfg.Store.Path, file, describeCounts(n), c.now().Sub(start).Round(time.Millisecond))
	if err := useDataKey(ctx, db, cfg.Store); err != nil {
		fmt.Fprintf(c.env.Stderr, "Warning: shopmind will not start on the restored store until its data key is configured: %v\n", err)
	}
	return nil
}

// parseFileArg parses flags around exactly one FILE argument and loads the
// configuration.
func parseFileArg(f *storeFlags, args []string) (string, Config, error) {
	pos, err := parseInterleaved(f.FlagSet, args)
	if err != nil {
		return "", Config{}, err
	}
	if len(pos) != 1 {
		f.Usage()
		return "", Config{}, &usageError{fmt.Sprintf("%s: give one FILE", f.Name())}
	}
	cfg, err := loadConfig(f.env, *f.configPath)
	if err != nil {
		return "", Config{}, err
	}
	return pos[0], cfg, nil
}

// countsOf returns the counts of the SQLite store in file, opened read-only.
func countsOf(ctx context.Context, file string) (shopmind.Counts, error) {
	db, err := sqlite.OpenReadOnly(ctx, file)
	if err != nil {
		return shopmind.Counts{}, err
	}
	defer db.Close()
	return db.Counts(ctx)
}

// describeCounts renders store counts for a person.
func describeCounts(n shopmind.Counts) string {
	return fmt.Sprintf("%d items, %d users, %d events, %d orders, %d reviews, %d images, %d model versions",
		n.Items, n.Users, n.Events, n.Orders, n.Reviews, n.Images, n.Models)
}

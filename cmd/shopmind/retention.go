package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy"
)

// maxRetentionDays bounds privacy.event_retention_days: 100 years.
const maxRetentionDays = 36500

// validateRetention checks the retention settings; errors name the field.
func (c PrivacyConfig) validateRetention() error {
	if c.EventRetentionDays < 0 || c.EventRetentionDays > maxRetentionDays {
		return badConfig("privacy.event_retention_days", "%d is not from 0 (keep forever) to %d", c.EventRetentionDays, maxRetentionDays)
	}
	if d := c.RetentionEvery.Duration; d < time.Minute || d > 31*24*time.Hour {
		return badConfig("privacy.retention_every", "%s is not from 1m to 744h", d)
	}
	return nil
}

// retention returns the retention job over store.
func (c PrivacyConfig) retention(store shopmind.Store) *privacy.Retention {
	return &privacy.Retention{Events: store, Audit: store, Days: c.EventRetentionDays, Now: time.Now}
}

// startRetention applies the event retention period on its schedule, as a
// heavy background job (one at a time with the capabilities' refreshes); of
// several nodes on one store, only the leader does.
func startRetention(ctx context.Context, b base) {
	c := b.cfg.Privacy
	if c.EventRetentionDays <= 0 {
		return
	}
	r := c.retention(b.store)
	log := b.logger.With("job", "retention")
	job := b.jobs.Heavy(func(ctx context.Context) error {
		if !b.cluster.Leading() {
			return nil // of several nodes on one store, the leader deletes
		}
		n, err := r.Run(ctx, shopmind.ActorSystem, false)
		if n > 0 {
			log.Info("events past the retention period deleted", "events", n, "days", c.EventRetentionDays)
			if b.tail != nil {
				b.tail.Reset()
			}
		}
		return err
	})
	b.jobs.Go(func() {
		t := time.NewTicker(c.RetentionEvery.Duration)
		defer t.Stop()
		for {
			if err := job(ctx); err != nil && ctx.Err() == nil {
				log.Error("retention", "error", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

// RetentionCommand is "shopmind retention": it deletes the events older
// than privacy.event_retention_days once, as serve does on its schedule.
type RetentionCommand struct {
	env *Env
}

// Run applies the retention period once.
func (c *RetentionCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("retention", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	configPath := fs.String("config", "", "configuration file")
	days := fs.Int("days", 0, "retention period in days (default: privacy.event_retention_days)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("retention: unexpected argument %q", fs.Arg(0))}
	}
	cfg, err := loadConfig(c.env, *configPath)
	if err != nil {
		return err
	}
	daysSet := false
	fs.Visit(func(f *flag.Flag) { daysSet = daysSet || f.Name == "days" })
	if daysSet {
		cfg.Privacy.EventRetentionDays = *days
		if err := cfg.Privacy.validateRetention(); err != nil {
			return &usageError{"retention: -days: " + shopmind.ErrorMessage(err)}
		}
	}
	if cfg.Privacy.EventRetentionDays == 0 {
		fmt.Fprintln(c.env.Stdout, "No retention period set (privacy.event_retention_days = 0): events are kept forever; nothing deleted.")
		return nil
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	r := cfg.Privacy.retention(store)
	n, err := r.Run(ctx, shopmind.ActorCLI, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "Deleted %d events dated before %s (retention %d days).\n", n, r.Cutoff().Format(time.RFC3339), cfg.Privacy.EventRetentionDays)
	return nil
}

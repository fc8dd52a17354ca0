package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
)

// ImportCommand is "shopmind import": it loads CSV, JSON Lines and
// MovieLens files (or folders of them) into the store all or nothing, in
// batches that let the API's writes in (see ingest.ImportFiles),
// and with -images a folder of product images (see ingest.ImportImages).
type ImportCommand struct {
	env *Env
	// open opens the configured store; the coordinator wires it.
	open func(ctx context.Context) (shopmind.Store, error)
	// now is the clock for progress lines, the summary and the newest
	// event time accepted (time.Now when nil).
	now func() time.Time
	// events reads the [events] configuration (its defaults when nil): the
	// future skew events must keep to.
	events func() (EventsConfig, error)
	// terminal reports whether stderr is a terminal (checked on
	// env.Stderr when nil).
	terminal func() bool
}

const importUsage = `Usage: shopmind import [flags] PATH...
       shopmind import [flags] -images DIR [PATH...]

Imports items, users, personal data, consents, events, orders, reviews and promotions
(the calendar of sales and holidays) from CSV,
TSV or JSON Lines files (optionally .gz), and MovieLens data (a folder with
u.data, u.item, u.user, or ratings.csv and movies.csv). The import is all or
nothing: with -on-error abort (the default) a bad row, an error or a stop
(Ctrl-C) rolls back everything it wrote. It commits in batches, so a running
server keeps taking writes, and its readers see the rows as they come; an
import killed outright is rolled back by the next import or server start.
Importing the same files again changes nothing.

The entity and format come from the file name (items.csv, events.jsonl.gz,
u.data...) unless given. Shopify's products, customers and orders exports
and WooCommerce's products and orders CSV are recognised by their header,
whatever their name: import them unchanged, products with the orders.
Columns and mappings are described in docs/import.md.

-images DIR imports every jpg, jpeg, png, gif and webp file under DIR (after
the files, in a transaction of its own) and appends it to an item's images:
DIR/<item id>.<ext> or DIR/<item id>/<any name>.<ext>.

Flags (may follow the paths):
`

// Run parses flags and imports the given paths.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), importUsage)
		fs.PrintDefaults()
	}
	entity := fs.String("entity", "", "what the files hold: items, users, personal, consents, events, orders, reviews, promotions (default: from the file name)")
	format := fs.String("format", "auto", "auto, csv, tsv, jsonl or movielens")
	onError := fs.String("on-error", "abort", "abort: roll everything back on the first bad row; skip: import the good rows and list the bad ones")
	maxErrors := fs.Int("max-errors", ingest.DefaultMaxErrors, "bad rows listed with -on-error skip (all are counted)")
	batch := fs.Int("batch", 0, "records written to the store per call and transaction (default: sized to hold the store about 2 s, starting at 5000; a number above the rows imports in one transaction, fastest when nothing else writes)")
	quiet := fs.Bool("quiet", false, "show no progress")
	variants := fs.String("variants", "product", "Shopify and WooCommerce products with variants: product (one item per product, variants as attributes) or sku (one item per variant)")
	imagesDir := fs.String("images", "", "a folder of product images named by item id (DIR/<item id>.jpg or DIR/<item id>/*.jpg)")
	nice := fs.Int("nice", defaultImportNice, "CPU priority of the import as a nice value from 0 to 19: higher yields more of the CPU to a shopmind serve on the same machine (0 keeps the caller's priority)")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 && *imagesDir == "" {
		fs.Usage()
		return &usageError{"import: give at least one file or folder, or -images DIR"}
	}
	if *nice < 0 || *nice > 19 {
		return &usageError{fmt.Sprintf("import: -nice: %d is not from 0 to 19", *nice)}
	}
	if c.env.SetNice != nil && *nice > 0 {
		if err := c.env.SetNice(*nice); err != nil {
			fmt.Fprintf(c.env.Stderr, "import: could not lower the CPU priority: %v\n", err)
		}
	}
	opts := ingest.Options{MaxErrors: *maxErrors, BatchSize: *batch}
	if opts.Format, err = ingest.ParseFormat(*format); err != nil {
		return &usageError{"import: -format: " + err.Error()}
	}
	if *entity != "" {
		if opts.Entity, err = ingest.ParseEntity(*entity); err != nil {
			return &usageError{"import: -entity: " + err.Error()}
		}
	}
	if opts.Variants, err = ingest.ParseVariantMode(*variants); err != nil {
		return &usageError{"import: -variants: " + err.Error()}
	}
	if opts.OnError, err = ingest.ParseErrorPolicy(*onError); err != nil {
		return &usageError{"import: -on-error: " + err.Error()}
	}
	var files []ingest.File
	if len(paths) > 0 {
		if files, err = c.plan(ctx, paths, opts); err != nil {
			return err
		}
	}

	store, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	now := c.now
	if now == nil {
		now = time.Now
	}
	ev := defaultEventsConfig()
	if c.events != nil {
		if ev, err = c.events(); err != nil {
			return err
		}
	}
	opts.Now, opts.EventSkew = now, ev.FutureSkew.Duration
	if err := recoverImports(ctx, store, c.env.Stderr, now()); err != nil {
		return err
	}
	start := now()
	var pr *importProgress
	if !*quiet {
		pr = &importProgress{w: c.env.Stderr, bar: c.isTerminal(), now: now, last: start}
		opts.Progress = pr
	}
	if len(files) > 0 {
		rep, err := ingest.ImportFiles(ctx, store, files, opts)
		if pr != nil {
			pr.finish()
		}
		if rep != nil {
			c.printErrors(rep)
		}
		if err != nil {
			return err
		}
		if err := auditImport(ctx, store, rep); err != nil {
			return err
		}
		c.printSummary(rep, now().Sub(start))
	}
	if *imagesDir == "" {
		return nil
	}
	start = now()
	iopts := ingest.ImageOptions{OnError: opts.OnError, MaxErrors: opts.MaxErrors, Now: now}
	if !*quiet {
		pr = &importProgress{w: c.env.Stderr, bar: c.isTerminal(), now: now, last: start}
		iopts.Progress = pr
	}
	irep, err := ingest.ImportImages(ctx, store, *imagesDir, iopts)
	if pr != nil {
		pr.finish()
	}
	if irep != nil {
		c.printImageErrors(irep)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "imported %d images (%d new) from %s, %d linked to %d items, in %s", irep.Files-irep.Skipped, irep.NewImages,
		*imagesDir, irep.Links, irep.Items, now().Sub(start).Round(time.Millisecond))
	if irep.Skipped > 0 {
		fmt.Fprintf(c.env.Stdout, "; skipped %d bad files", irep.Skipped)
	}
	if irep.Ignored > 0 {
		fmt.Fprintf(c.env.Stdout, "; ignored %d other files", irep.Ignored)
	}
	fmt.Fprintln(c.env.Stdout)
	return nil
}

// printImageErrors lists the bad image files skipped, on stderr.
func (c *ImportCommand) printImageErrors(rep *ingest.ImageReport) {
	for _, e := range rep.Errors {
		fmt.Fprintln(c.env.Stderr, e)
	}
	if more := rep.Skipped - int64(len(rep.Errors)); more > 0 {
		fmt.Fprintf(c.env.Stderr, "... and %d more bad files\n", more)
	}
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos, rest []string
	for i, a := range args {
		if a == "--" { // everything after "--" is a path
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, rest...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// plan detects the files; "-" reads standard input, which needs -entity
// and -format, and stops waiting for it when ctx is done.
func (c *ImportCommand) plan(ctx context.Context, paths []string, opts ingest.Options) ([]ingest.File, error) {
	var named []string
	var stdin *ingest.File
	for _, p := range paths {
		if p != "-" {
			named = append(named, p)
			continue
		}
		if stdin != nil {
			return nil, &usageError{"import: \"-\" (standard input) given twice"}
		}
		if opts.Entity == "" || opts.Format == ingest.FormatAuto || opts.Format == ingest.FormatMovieLens {
			return nil, &usageError{"import: reading standard input needs -entity and -format (csv, tsv or jsonl)"}
		}
		stdin = &ingest.File{Path: "stdin", Format: opts.Format, Entity: opts.Entity,
			Open: func() (io.ReadCloser, error) { return io.NopCloser(&cancelReader{ctx: ctx, r: c.env.Stdin}), nil }}
	}
	var out []ingest.File
	if len(named) > 0 {
		var err error
		if out, err = ingest.Plan(named, opts); err != nil {
			return nil, err
		}
	}
	if stdin != nil {
		out = append(out, *stdin)
	}
	return out, nil
}

func (c *ImportCommand) isTerminal() bool {
	if c.terminal != nil {
		return c.terminal()
	}
	f, ok := c.env.Stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printErrors lists the bad rows skipped, on stderr.
func (c *ImportCommand) printErrors(rep *ingest.Report) {
	if rep.Skipped == 0 {
		return
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(c.env.Stderr, e)
	}
	if more := rep.Skipped - int64(len(rep.Errors)); more > 0 {
		fmt.Fprintf(c.env.Stderr, "... and %d more bad rows\n", more)
	}
}

// printSummary tells what was imported, on stdout.
func (c *ImportCommand) printSummary(rep *ingest.Report, took time.Duration) {
	var parts []string
	add := func(n int64, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(rep.Users, "users")
	add(rep.Items, "items")
	add(rep.Personal, "personal records")
	add(rep.Consents, "consents")
	add(rep.Orders, "orders")
	add(rep.Reviews, "reviews")
	add(rep.Promotions, "promotions")
	if rep.Events > 0 {
		parts = append(parts, fmt.Sprintf("%d events (%d new)", rep.Events, rep.NewEvents))
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing")
	}
	fmt.Fprintf(c.env.Stdout, "imported %s from %d file(s) in %s", strings.Join(parts, ", "), len(rep.Files), took.Round(time.Millisecond))
	if rep.Skipped > 0 {
		fmt.Fprintf(c.env.Stdout, "; skipped %d bad rows", rep.Skipped)
	}
	fmt.Fprintln(c.env.Stdout)
}

// importProgress renders ingest progress on stderr: a bar of bytes read
// when stderr is a terminal, otherwise a plain line every two seconds.
type importProgress struct {
	w   io.Writer
	bar bool
	now func() time.Time

	pb   *progressbar.ProgressBar
	last time.Time // when the last line was written (or the import started)
	s    ingest.Status
}

// progressEvery is how often plain progress lines are written.
const progressEvery = 2 * time.Second

// Update implements ingest.Progress.
func (p *importProgress) Update(s ingest.Status) {
	p.s = s
	if p.bar {
		if p.pb == nil {
			total := s.BytesTotal
			if total <= 0 {
				total = -1 // unknown size (stdin): a spinner
			}
			p.pb = progressbar.NewOptions64(total,
				progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription("importing"),
				progressbar.OptionShowBytes(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetWidth(30),
				progressbar.OptionClearOnFinish())
		}
		p.pb.Describe(fmt.Sprintf("importing %s: %d rows", s.File, s.Rows))
		if s.BytesTotal > 0 {
			p.pb.Set64(min(s.BytesRead, s.BytesTotal))
		} else {
			p.pb.Set64(s.BytesRead)
		}
		return
	}
	if s.Done {
		return // finish writes nothing more: the summary follows
	}
	if t := p.now(); t.Sub(p.last) >= progressEvery {
		p.last = t
		p.line()
	}
}

func (p *importProgress) line() {
	if f := p.s.Fraction(); f >= 0 {
		fmt.Fprintf(p.w, "imported %d rows (%.0f%%)\n", p.s.Rows, 100*f)
	} else {
		fmt.Fprintf(p.w, "imported %d rows\n", p.s.Rows)
	}
}

// finish ends the bar.
func (p *importProgress) finish() {
	if p.pb != nil {
		p.pb.Finish()
	}
}

// cancelReader reads r (standard input) in the background so that a read
// waiting on an idle pipe gives up when ctx is done: a SIGTERM then stops
// the import even while its producer sends nothing. Files need no such
// care; their reads never wait long.
type cancelReader struct {
	ctx     context.Context
	r       io.Reader
	pending chan readResult // the read in flight, if any
}

type readResult struct {
	b   []byte
	err error
}

// Read implements io.Reader. Each background read goes to a buffer of its
// own, so nothing writes to p after Read has returned.
func (c *cancelReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if c.pending == nil {
		ch := make(chan readResult, 1)
		buf := make([]byte, len(p))
		go func() {
			n, err := c.r.Read(buf)
			ch <- readResult{buf[:n], err}
		}()
		c.pending = ch
	}
	select {
	case res := <-c.pending:
		c.pending = nil
		n := copy(p, res.b)
		if n < len(res.b) { // p shrank since the read began: keep the rest
			rest := res.b[n:]
			ch := make(chan readResult, 1)
			ch <- readResult{rest, res.err}
			c.pending = ch
			return n, nil
		}
		return n, res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

// auditImport records in the audit log that the import loaded personal data
// or consent flags (with how many), as the API records each change.
func auditImport(ctx context.Context, a shopmind.AuditService, rep *ingest.Report) error {
	for _, r := range []struct {
		n      int64
		action shopmind.AuditAction
		what   string
	}{{rep.Personal, shopmind.AuditPersonalImport, "personal records"}, {rep.Consents, shopmind.AuditImportConsent, "consents"}} {
		if r.n == 0 {
			continue
		}
		if err := auditCLI(ctx, a, r.action, "", fmt.Sprintf("%d %s from %d file(s)", r.n, r.what, len(rep.Files)), nil); err != nil {
			return err
		}
	}
	return nil
}

// defaultImportNice is the import's CPU priority unless -nice says
// otherwise: an import is batch work, and on a machine it shares with
// shopmind serve the requests should not wait for its parsing and
// validation (docs/bench-recommend-serving.md).
const defaultImportNice = 10

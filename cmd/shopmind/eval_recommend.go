package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// EvalRecommendCommand is "shopmind eval recommend": it tunes each
// recommendation model on a validation split carved from the training data,
// fits it on all of it and reports ranking metrics on the test data.
type EvalRecommendCommand struct {
	env *Env
}

const evalRecommendUsage = `Usage: shopmind eval recommend [flags]

Evaluates recommendation models on the lists serve would show each test
user right after training: full ranking over the catalog's active items,
scored from the user's training history as serve scores it, less the items
serve leaves out (--exclude-events, default as serve: purchase, rating,
dislike, return; --repurchasable categories stay). Give --train and --test
files, or --data to split one data set per user (80/20, seeded). Files: CSV
with header user,item[,value][,timestamp][,type] (type: an event type,
default purchase); MovieLens u.data, *.base, *.test, ratings.csv (.gz) or
its folder; a baskets file (one comma-separated basket per line, name
containing "basket"; purchases). Item metadata for the content and hybrid
models comes from --items, or from u.item / Groceries.labels next to the
data. A model that cannot run on the data (content without item metadata)
is skipped with a note and the others are evaluated.

Hyper-parameters are chosen on a validation split of the training data only
(--no-tune uses the defaults). Protocol details: docs/recommend.md.

Flags:
`

// Run parses flags and prints one row (or JSON object) per model.
func (c *EvalRecommendCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("eval recommend", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalRecommendUsage)
		fs.PrintDefaults()
	}
	trainPath := fs.String("train", "", "training interactions file")
	testPath := fs.String("test", "", "test interactions file")
	dataPath := fs.String("data", "", "one interactions file or MovieLens folder to split per user")
	itemsPath := fs.String("items", "", "item metadata: MovieLens u.item, a Groceries folder, or a JSON array of items")
	models := fs.String("models", strings.Join(recommend.Names(), ","), "comma-separated models: "+strings.Join(recommend.Names(), ", "))
	k := fs.Int("k", 10, "metric cutoff")
	seed := fs.Uint64("seed", 42, "seed of the test and validation splits")
	testFrac := fs.Float64("test-frac", 0.2, "share of each user's interactions held out with --data")
	noTune := fs.Bool("no-tune", false, "use default hyper-parameters instead of tuning on a validation split")
	var excl []string
	for _, t := range recommend.DefaultExclusion().Events {
		excl = append(excl, string(t))
	}
	excludeEvents := fs.String("exclude-events", strings.Join(excl, ","), "comma-separated event types whose items are not recommended again (as recommend.exclude_events)")
	repurchasable := fs.String("repurchasable", "", "comma-separated category paths that stay recommendable after purchase (as recommend.repurchasable)")
	asJSON := fs.Bool("json", false, "print one JSON object per model")
	verbose := fs.Bool("v", false, "print training progress to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *k < 1 {
		return &usageError{"--k must be >= 1"}
	}
	if *testFrac <= 0 || *testFrac >= 1 {
		return &usageError{"--test-frac must be in (0, 1)"}
	}
	exclude := recommend.Exclusion{Events: []shopmind.EventType{}}
	for _, t := range strings.Split(*excludeEvents, ",") {
		if t = strings.TrimSpace(t); t != "" {
			exclude.Events = append(exclude.Events, shopmind.EventType(t))
		}
	}
	for _, c := range strings.Split(*repurchasable, ",") {
		if c = strings.TrimSpace(c); c != "" {
			exclude.Repurchasable = append(exclude.Repurchasable, c)
		}
	}
	if err := exclude.Validate(); err != nil {
		flag := "--exclude-events"
		if shopmind.ErrorField(err) == "repurchasable" {
			flag = "--repurchasable"
		}
		return &usageError{flag + ": " + shopmind.ErrorMessage(err)}
	}
	names := strings.Split(*models, ",")
	for n, name := range names {
		names[n] = strings.TrimSpace(name)
		if _, err := recommend.New(names[n]); err != nil {
			return &usageError{shopmind.ErrorMessage(err)}
		}
	}

	var train, test []recommend.Interaction
	var source string
	switch {
	case *dataPath != "" && (*trainPath != "" || *testPath != ""):
		return &usageError{"give either --data or --train and --test"}
	case *dataPath != "":
		all, err := recommend.ReadFile(*dataPath)
		if err != nil {
			return fmt.Errorf("read %s: %w", *dataPath, err)
		}
		train, test = recommend.SplitByUser(all, *testFrac, *seed)
		source = *dataPath
	case *trainPath != "" && *testPath != "":
		var err error
		if train, err = recommend.ReadFile(*trainPath); err != nil {
			return fmt.Errorf("read %s: %w", *trainPath, err)
		}
		if test, err = recommend.ReadFile(*testPath); err != nil {
			return fmt.Errorf("read %s: %w", *testPath, err)
		}
		source = *trainPath
	default:
		return &usageError{"give --data, or both --train and --test"}
	}
	catalog, err := recommend.ReadCatalog(*itemsPath, source)
	if err != nil {
		return err
	}
	if !*asJSON {
		fmt.Fprintf(c.env.Stdout, "train %d, test %d interactions, %d catalog items, k=%d, seed=%d\n",
			len(train), len(test), len(catalog), *k, *seed)
	}
	if !*asJSON {
		// Fixed widths rather than a tabwriter, so rows appear as models finish.
		fmt.Fprintf(c.env.Stdout, "%-10s %8s %9s %7s %7s %8s %10s %6s  %s\n", "model", fmt.Sprintf("NDCG@%d", *k),
			fmt.Sprintf("Recall@%d", *k), fmt.Sprintf("P@%d", *k), fmt.Sprintf("HR@%d", *k), "coverage", "train", "valid", "params")
	}
	var skipped error
	evaluated := 0
	for _, name := range names {
		opt := recommend.BenchOptions{K: *k, Seed: *seed, NoTune: *noTune, Exclude: exclude}
		if *verbose {
			opt.Progress = c.progress(name)
		}
		res, err := recommend.Bench(ctx, name, train, test, catalog, opt)
		if err != nil && shopmind.ErrorCode(err) == shopmind.EINVALID && ctx.Err() == nil {
			// The model cannot run on this data (the content model
			// without item metadata): note it and evaluate the others.
			skipped = fmt.Errorf("evaluate %s: %w", name, err)
			if *asJSON {
				if err := json.NewEncoder(c.env.Stdout).Encode(map[string]string{"model": name, "skipped": shopmind.ErrorMessage(err)}); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(c.env.Stdout, "%-10s skipped: %s\n", name, shopmind.ErrorMessage(err))
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", name, err)
		}
		evaluated++
		if *asJSON {
			if err := json.NewEncoder(c.env.Stdout).Encode(res); err != nil {
				return err
			}
			continue
		}
		m := res.Metrics
		valid := "-"
		if !*noTune && res.Valid != 0 { // 0: a one-setting grid is not validated
			valid = fmt.Sprintf("%.4f", res.Valid)
		}
		fmt.Fprintf(c.env.Stdout, "%-10s %8.4f %9.4f %7.4f %7.4f %8.4f %10s %6s  %s\n", name, m.NDCG, m.Recall, m.Precision,
			m.HitRate, m.Coverage, m.TrainTime.Round(time.Millisecond), valid, res.Params)
	}
	if evaluated == 0 && skipped != nil {
		return skipped // no model could run: say why
	}
	return nil
}

// progress returns a recommend.Progress printing at most one line per second
// per stage to stderr.
func (c *EvalRecommendCommand) progress(model string) recommend.Progress {
	var last time.Time
	var lastStage string
	return func(stage string, done, total int) {
		if stage == lastStage && done < total && time.Since(last) < time.Second {
			return
		}
		last, lastStage = time.Now(), stage
		fmt.Fprintf(c.env.Stderr, "%s: %s %d/%d\n", model, stage, done, total)
	}
}

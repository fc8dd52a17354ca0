package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// registeredCommands returns every subcommand but version, wired explicitly.
func registeredCommands(env *Env) map[string]namedCommand {
	openWith := func(ctx context.Context, configPath string) (shopmind.Store, error) {
		c, err := loadConfig(env, configPath)
		if err != nil {
			return nil, err
		}
		return openStoreConfig(ctx, c.Store)
	}
	return map[string]namedCommand{
		"eval":      {"evaluate models on any train/test files and print metrics", &EvalCommand{env: env, name: "eval", subs: evalCommands(env)}},
		"train":     {"train models from the store and save new versions", &EvalCommand{env: env, name: "train", subs: trainCommands(env)}},
		"import":    {"import CSV, JSON Lines and MovieLens data into the store", &ImportCommand{env: env, open: func(ctx context.Context) (shopmind.Store, error) { return openStore(ctx, env) }, events: importEvents(env)}},
		"serve":     {"serve the REST API and the web console", &ServeCommand{env: env}},
		"backup":    {"write a consistent copy of the SQLite store to a file, also while serving", &BackupCommand{env: env, now: time.Now}},
		"restore":   {"check a backup and copy it into the (empty) SQLite store", &RestoreCommand{env: env, now: time.Now}},
		"simulate":  {"A/B test recommenders against the demo shop's simulated shoppers", &SimulateCommand{env: env}},
		"demo":      {"build the demo shop and serve the console on it", &DemoCommand{env: env, now: time.Now}},
		"keys":      {"create, list and revoke API keys", &KeysCommand{env: env, open: openWith, now: time.Now}},
		"audit":     {"list the audit log (who read personal data, erased, managed keys...) or verify its hash chain", &AuditCommand{env: env, open: openWith}},
		"datakey":   {"create, check and rotate the key that encrypts personal data", &DataKeyCommand{env: env, now: time.Now}},
		"retention": {"delete the events older than privacy.event_retention_days now (serve does it on a schedule)", &RetentionCommand{env: env}},
		"chat":      {"chat with the customer-service assistant in the terminal", &ChatCommand{env: env}},
		"users":     {"erase a user, or export everything stored about them as JSON", &UsersCommand{env: env}},
		"config": {"print a commented configuration file", commandFunc(func(ctx context.Context, args []string) error {
			_, err := io.WriteString(env.Stdout, exampleConfig)
			return err
		})},
	}
}

// evalCommands lists the eval subcommands, one per capability.
func evalCommands(env *Env) map[string]namedCommand {
	return map[string]namedCommand{
		"recommend": {"rank items for held-out users: NDCG, recall, precision, HR, coverage", &EvalRecommendCommand{env: env}},
		"forecast":  {"back-test demand forecasts: MASE and sMAPE per method", &EvalForecastCommand{env: env}},
		"text":      {"train text classifiers on a labelled CSV/TSV: accuracy, macro-F1, time", &EvalTextCommand{env: env}},
		"intents":   {"train the assistant's intent classifier on labelled CSV: accuracy, macro-F1, out-of-scope recall", &EvalIntentsCommand{env: env}},
		"images":    {"train the vision CNN on IDX files or class folders: accuracy, per-class accuracy, confusion matrix, time per epoch", &EvalImagesCommand{env: env}},
	}
}

// trainCommands lists the train subcommands, one per capability.
func trainCommands(env *Env) map[string]namedCommand {
	return map[string]namedCommand{
		"recommend": {"train recommendation models from the store's events; save versions with holdout metrics", &TrainRecommendCommand{env: env}},
		"insights":  {"train the churn and propensity models on the store's orders; save a version with time-split AUCs", &TrainInsightsCommand{env: env}},
		"text":      {"train the review sentiment model on the store's rated reviews; save a version with holdout metrics", &TrainTextCommand{env: env}},
		"vision":    {"train the product image classifier on IDX files or class folders; save a version that serve loads", &TrainVisionCommand{env: env}},
	}
}

// EvalCommand dispatches "shopmind eval <capability>" (and, named "train",
// "shopmind train <capability>").
type EvalCommand struct {
	env  *Env
	name string
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
		fmt.Fprintf(c.env.Stdout, "Usage: shopmind %s <%s> [flags]\n", c.name, strings.Join(names, "|"))
		for _, n := range names {
			fmt.Fprintf(c.env.Stdout, "  %-10s %s\n", n, c.subs[n].summary)
		}
		return nil
	}
	sub, ok := c.subs[args[0]]
	if !ok {
		return &usageError{fmt.Sprintf("unknown %s target %q; one of: %s", c.name, args[0], strings.Join(names, ", "))}
	}
	return sub.Run(ctx, args[1:])
}

// describe renders an error for the terminal. Application errors read as
// their message (see shopmind.Error.Error); internal ones in full.
func describe(err error) string {
	return err.Error()
}

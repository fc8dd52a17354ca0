package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/shopmind/shopmind/forecast"
)

// EvalForecastCommand runs "shopmind eval forecast": it back-tests
// forecasting methods on a long-format CSV of series (id, date, value),
// holding out the last --horizon points of each series.
type EvalForecastCommand struct {
	env *Env
}

// Run parses flags and prints MASE, sMAPE, interval coverage and time per
// method, as a table or, with --json, the full forecast.Report.
func (c *EvalForecastCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("shopmind eval forecast", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	data := fs.String("data", "", "long-format CSV file (optionally .gz) with a header row")
	horizon := fs.Int("horizon", 12, "points held out at the end of each series")
	season := fs.Int("season", 1, "seasonal period (12 monthly, 7 daily, 52 weekly; 1 none)")
	idCol := fs.String("id-col", "id", "series id column")
	dateCol := fs.String("date-col", "date", "date column (YYYY-MM-DD or YYYY-MM)")
	valueCol := fs.String("value-col", "value", "value column")
	methods := fs.String("methods", "snaive,ets,ets-avg,ets-fast,ets-global", "comma-separated methods: "+strings.Join(forecast.MethodNames(), ", "))
	level := fs.Float64("level", forecast.DefaultLevel, "prediction-interval level")
	fill := fs.String("fill", "missing", "what fills date gaps: missing or zero")
	asJSON := fs.Bool("json", false, "print the full report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(c.env.Stderr, "Usage: shopmind eval forecast --data FILE --horizon H --season S [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return &usageError{"eval forecast: --data is required"}
	}
	var ms []forecast.Method
	for _, name := range strings.Split(*methods, ",") {
		m, err := forecast.MethodByName(name)
		if err != nil {
			return err
		}
		ms = append(ms, m)
	}
	opt := forecast.CSVOptions{IDCol: *idCol, DateCol: *dateCol, ValueCol: *valueCol}
	var err error
	if opt.Fill, err = forecast.ParseFill(*fill); err != nil {
		return err
	}
	series, err := forecast.ReadCSVFile(*data, opt)
	if err != nil {
		return err
	}
	rep, err := forecast.Backtest(ctx, series, ms, forecast.BacktestConfig{Horizon: *horizon, Season: *season, Level: *level})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(c.env.Stdout, "%d series (%d skipped: shorter than horizon+2), horizon %d, season %d, %.0f%% intervals\n",
		len(series), len(rep.Skipped), rep.Horizon, rep.Season, 100*rep.Level)
	tw := tabwriter.NewWriter(c.env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\tMASE\tmedMASE\tsMAPE\tcoverage\tseries\tfailed\tseconds\t")
	for _, m := range rep.Methods {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.3f\t%.3f\t%d\t%d\t%.2f\t\n", m.Method, m.MASE, m.MedianMASE, m.SMAPE, m.Coverage, m.Series, m.Failed, m.Seconds)
	}
	tw.Flush()
	shown := 0
	for _, s := range rep.Series {
		if s.Error != "" && shown < 5 {
			fmt.Fprintf(c.env.Stdout, "failed: %s on %s: %s\n", s.Method, s.ID, s.Error)
			shown++
		}
	}
	for _, m := range rep.Methods {
		if len(m.Models) > 1 {
			fmt.Fprintf(c.env.Stdout, "%s chose: %s\n", m.Method, modelCounts(m.Models))
		}
	}
	return nil
}

// modelCounts renders model counts, most frequent first.
func modelCounts(m map[string]int) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if m[names[i]] != m[names[j]] {
			return m[names[i]] > m[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, m[n])
	}
	return strings.Join(parts, ", ")
}

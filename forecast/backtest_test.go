package forecast

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "regenerate testdata/monthly.csv")

const fixture = "testdata/monthly.csv"

// writeFixture writes 12 monthly series of 8 years: trend, multiplicative
// seasonality of varying strength, a level shift in some, 3% noise.
func writeFixture(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 42))
	var b strings.Builder
	b.WriteString("series,month,sales\n")
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for s := range 12 {
		level := 50 + 200*r.Float64()
		growth := 0.002 + 0.01*r.Float64()
		amp := 0.1 + 0.4*r.Float64()
		phase := r.Float64() * 12
		for m := range 96 {
			v := level * math.Pow(1+growth, float64(m)) * (1 + amp*math.Sin(2*math.Pi*(float64(m)+phase)/12))
			if s%4 == 0 && m >= 60 {
				v *= 1.15
			}
			v *= 1 + 0.03*r.NormFloat64()
			fmt.Fprintf(&b, "s%02d,%s,%.2f\n", s, start.AddDate(0, m, 0).Format("2006-01"), v)
		}
	}
	if err := os.WriteFile(fixture, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFixture(t *testing.T) []Series {
	t.Helper()
	if *update {
		writeFixture(t)
	}
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ss, err := ReadCSV(f, CSVOptions{IDCol: "series", DateCol: "month", ValueCol: "sales"})
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// TestBacktestQualityBand pins accuracy on the fixture: ETS must beat
// seasonal naive and stay in a band around the value measured when the
// fixture was made, so a regression in fitting shows up.
func TestBacktestQualityBand(t *testing.T) {
	ss := readFixture(t)
	rep, err := Backtest(context.Background(), ss, []Method{SeasonalNaive{}, &ETS{}, HoltWinters(true, true)}, BacktestConfig{Horizon: 12, Season: 12})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]MethodScore{}
	for _, m := range rep.Methods {
		byName[m.Method] = m
		t.Logf("%-14s MASE %.4f sMAPE %.3f coverage %.3f", m.Method, m.MASE, m.SMAPE, m.Coverage)
		if m.Series != 12 || m.Failed != 0 {
			t.Errorf("%s: %d series, %d failed", m.Method, m.Series, m.Failed)
		}
	}
	sn, ets := byName["snaive"], byName["ets"]
	if ets.MASE >= sn.MASE {
		t.Errorf("ets MASE %.4f not below seasonal naive %.4f", ets.MASE, sn.MASE)
	}
	approx(t, "snaive MASE", sn.MASE, 1.3380, 1e-3) // deterministic
	approx(t, "ets MASE", ets.MASE, 0.552, 0.05)
	if ets.Coverage < 0.75 {
		t.Errorf("ets 95%% interval coverage %.3f, want >= 0.75", ets.Coverage)
	}
	if len(rep.Series) != 36 {
		t.Errorf("%d series scores, want 36", len(rep.Series))
	}
}

func TestBacktestSkipsShortAndCancels(t *testing.T) {
	ss := []Series{{ID: "short", Values: []float64{1, 2}}, {ID: "ok", Values: []float64{1, 2, 3, 4, 5, 6}}}
	rep, err := Backtest(context.Background(), ss, []Method{SeasonalNaive{}}, BacktestConfig{Horizon: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0] != "short" || rep.Methods[0].Series != 1 {
		t.Fatalf("skipped %v, series %d", rep.Skipped, rep.Methods[0].Series)
	}
	approx(t, "naive MASE", rep.Methods[0].MASE, 2, 1e-12) // errors 1,2,3 / scale 1
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Backtest(ctx, ss, []Method{SES()}, BacktestConfig{Horizon: 1}); err == nil {
		t.Error("cancelled backtest returned no error")
	}
}

// retailSeries reads the ABS retail data or skips.
func retailSeries(tb testing.TB) []Series {
	tb.Helper()
	dir := os.Getenv("SHOPMIND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(dir, "aus-retail-turnover", "aus_retail.csv.gz"))
	if err != nil {
		tb.Skipf("retail data not found (set SHOPMIND_DATA): %v", err)
	}
	defer f.Close()
	ss, err := ReadCSV(f, CSVOptions{IDCol: "SeriesID", DateCol: "Month", ValueCol: "Turnover"})
	if err != nil {
		tb.Fatal(err)
	}
	return ss
}

// BenchmarkBacktestRetail times the retail evaluation (152 series, 24
// months held out) per method; compare scripts/bench/forecast_statsmodels.py.
func BenchmarkBacktestRetail(b *testing.B) {
	ss := retailSeries(b)
	for _, m := range []Method{HoltWinters(true, true), &ETS{}, &ETS{Label: "ets-avg", Combine: true}, &Global{}, &Global{Local: &ETS{}}} {
		b.Run(m.Name(), func(b *testing.B) {
			for b.Loop() {
				if _, err := Backtest(context.Background(), ss, []Method{m}, BacktestConfig{Horizon: 24, Season: 12}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestFullRetail runs the whole evaluation on the ABS retail data (152
// series, last 24 months held out). Set SHOPMIND_FULL=1.
func TestFullRetail(t *testing.T) {
	if os.Getenv("SHOPMIND_FULL") != "1" {
		t.Skip("set SHOPMIND_FULL=1 to run the full retail evaluation")
	}
	ss := retailSeries(t)
	rep, err := Backtest(context.Background(), ss, []Method{SeasonalNaive{}, HoltWinters(true, true), &ETS{}}, BacktestConfig{Horizon: 24, Season: 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Methods {
		t.Logf("%-14s MASE %.4f sMAPE %.3f coverage %.3f %.2fs", m.Method, m.MASE, m.SMAPE, m.Coverage, m.Seconds)
	}
	sn, ets := rep.Methods[0], rep.Methods[2]
	if ets.MASE >= sn.MASE || ets.MASE > 1.30 || ets.SMAPE > 7.2 {
		t.Errorf("ets MASE %.4f sMAPE %.3f; want MASE < snaive %.4f and <= 1.30, sMAPE <= 7.2", ets.MASE, ets.SMAPE, sn.MASE)
	}
}

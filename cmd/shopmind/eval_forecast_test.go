package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalForecastGlobal: "shopmind eval forecast" on the forecast
// package's monthly fixture (12 series, 8 years) runs the pooled methods
// by default and by name; ets-global beats ets and seasonal naive, in a
// band around the value measured when it was written.
func TestEvalForecastGlobal(t *testing.T) {
	data := filepath.Join("..", "..", "forecast", "testdata", "monthly.csv")
	ctx := context.Background()
	env, stdout, stderr := testEnv(t)
	args := []string{"eval", "forecast", "--data", data, "--id-col", "series", "--date-col", "month", "--value-col", "sales", "--horizon", "12", "--season", "12"}
	if err := Run(ctx, env, args); err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "ets-global") {
		t.Errorf("default methods do not include ets-global:\n%s", stdout.String())
	}
	env, stdout, stderr = testEnv(t)
	if err := Run(ctx, env, append(args, "--methods", "snaive,ets,global,ets-global", "--json")); err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr.String())
	}
	var rep struct {
		Methods []struct {
			Method string  `json:"method"`
			MASE   float64 `json:"mase"`
			Series int     `json:"series"`
			Failed int     `json:"failed"`
		} `json:"methods"`
	}
	if err := json.Unmarshal([]byte(stdout.String()), &rep); err != nil {
		t.Fatal(err)
	}
	mase := map[string]float64{}
	for _, m := range rep.Methods {
		mase[m.Method] = m.MASE
		if m.Series != 12 || m.Failed != 0 {
			t.Errorf("%s: %d series, %d failed", m.Method, m.Series, m.Failed)
		}
	}
	eg := mase["ets-global"]
	if eg < 0.47 || eg > 0.54 || eg >= mase["ets"] || eg >= mase["snaive"] {
		t.Errorf("ets-global MASE %.4f, want in [0.47, 0.54] and below ets %.4f and snaive %.4f", eg, mase["ets"], mase["snaive"])
	}
	env, _, _ = testEnv(t)
	err := Run(ctx, env, append(args, "--methods", "ets-globl"))
	if err == nil || !strings.Contains(err.Error(), "ets-global") {
		t.Errorf("unknown method: %v, want the list of names", err)
	}
}

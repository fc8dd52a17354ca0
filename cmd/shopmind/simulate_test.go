package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopmind/shopmind/demo"
)

// smallSim is a small demo shop and a week of traffic: fast enough for
// every test run.
var smallSim = []string{"-items", "300", "-users", "1500", "-days", "90", "-sim-days", "14"}

func TestSimulateReport(t *testing.T) {
	env, stdout, _ := testEnv(t)
	cmd := &SimulateCommand{env: env}
	if err := cmd.Run(context.Background(), append(smallSim, "-variants", "popularity,random,itemknn")); err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, want := range []string{"SIMULATION (not real traffic)", demo.ShopperModelName, "popularity", "random", "itemknn",
		"Against the control popularity", "conversion lift"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestSimulateJSON(t *testing.T) {
	env, stdout, _ := testEnv(t)
	cmd := &SimulateCommand{env: env}
	if err := cmd.Run(context.Background(), append(smallSim, "-variants", "random,itemknn", "-json")); err != nil {
		t.Fatal(err)
	}
	var got simResult
	if err := json.Unmarshal([]byte(stdout.String()), &got); err != nil {
		t.Fatalf("%v in %s", err, stdout.String())
	}
	if got.ShopperModel != demo.ShopperModelName || got.Results == nil || len(got.Results.Variants) != 2 {
		t.Fatalf("result %+v", got)
	}
	for _, v := range got.Results.Variants {
		if v.Users == 0 || v.Exposures < v.Users {
			t.Errorf("variant %s: %d users, %d exposures", v.Variant, v.Users, v.Exposures)
		}
	}
	// That item-kNN converts better than random is checked by
	// experiment/simulate's TestRun.
	c := got.Results.Comparisons[0]
	if c.Variant != "itemknn" || c.Conversion.Difference.Low > c.Conversion.Difference.Value || c.Conversion.Difference.High < c.Conversion.Difference.Value {
		t.Errorf("comparison %+v", c)
	}
}

func TestSimulateUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"UnknownVariant", []string{"-variants", "popularity,magic"}, "magic"},
		{"OneVariant", []string{"-variants", "random"}, "at least 2"},
		{"Twice", []string{"-variants", "random,random"}, "twice"},
		{"BadEnd", []string{"-end", "yesterday"}, "YYYY-MM-DD"},
		{"BadDays", []string{"-sim-days", "0"}, "sim-days"},
		{"Extra", []string{"extra"}, "unexpected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, _, _ := testEnv(t)
			err := (&SimulateCommand{env: env}).Run(context.Background(), tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

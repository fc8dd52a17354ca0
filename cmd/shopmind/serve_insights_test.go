package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

func TestInsightsConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"OK", func(*Config) {}, ""},
		{"OnlyAtStart", func(c *Config) { c.Insights.RefreshEvery.Duration = 0; c.Supply.RefreshEvery.Duration = 0 }, ""},
		{"ErrRefresh", func(c *Config) { c.Insights.RefreshEvery.Duration = time.Second }, "insights.refresh_every"},
		{"ErrRetrain", func(c *Config) { c.Insights.RetrainEvery.Duration = -time.Hour }, "insights.retrain_every"},
		{"ErrClusters", func(c *Config) { c.Insights.Clusters = 0 }, "insights.clusters"},
		{"ErrChurnDays", func(c *Config) { c.Insights.ChurnDays = 1 }, "insights.churn_days"},
		{"ErrPropensityDays", func(c *Config) { c.Insights.PropensityDays = 0 }, "insights.propensity_days"},
		{"ErrSupplyRefresh", func(c *Config) { c.Supply.RefreshEvery.Duration = time.Second }, "supply.refresh_every"},
		{"ErrLeadTime", func(c *Config) { c.Supply.LeadTimeDays = 0 }, "supply.lead_time_days"},
		{"ErrReview", func(c *Config) { c.Supply.ReviewPeriodDays = -1 }, "supply.review_period_days"},
		{"ErrServiceLevel", func(c *Config) { c.Supply.ServiceLevel = 1 }, "supply.service_level"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			if err := c.Validate(); shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err = %v, want field %q", err, tt.field)
			}
		})
	}
}

// TestTrainAndServeInsights trains with "shopmind train insights", serves,
// and reads segments, targets and stock advice through the API.
func TestTrainAndServeInsights(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 80, Users: 400, Days: 200})
	if err := Run(ctx, env, []string{"train", "insights"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"saved insights/churn v1", "churn_auc "} {
		if !strings.Contains(stdout.String(), want) {
			t.Fatalf("train output lacks %q: %s", want, stdout.String())
		}
	}
	if err := Run(ctx, env, []string{"train", "insights", "extra"}); err == nil {
		t.Error("extra argument accepted")
	}
	key := createKey(t, env, stdout, "shop", "read")
	base := startServe(t, env, stdout)

	var seg shopmind.Segmentation
	var code int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if code = getJSON(t, base+"v1/insights/segments", key, &seg); code == 200 {
			break
		}
	}
	if code != 200 || seg.Customers == 0 || seg.Model != "insights/churn v1" {
		t.Fatalf("segments: %d %+v", code, seg)
	}
	var tl shopmind.TargetList
	if code := getJSON(t, base+"v1/insights/targets?category="+shop.Items[0].Category[0]+"&limit=5", key, &tl); code != 200 || len(tl.Targets) != 5 {
		t.Fatalf("targets: %d %+v", code, tl)
	}
	var rep shopmind.StockReport
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if code = getJSON(t, base+"v1/stock/advice?limit=3", key, &rep); code == 200 {
			break
		}
	}
	if code != 200 || rep.Items != 80 || len(rep.Advice) != 3 {
		t.Fatalf("stock advice: %d %+v", code, rep)
	}
}

package overview

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/shopmind/shopmind"
)

// notRunning is the message of a section whose capability is not wired.
const notRunning = "this capability is not running on this server"

// attention gathers the findings of every kind, at most n listed per kind.
// A capability that is absent or fails gives an "unavailable" section with
// the reason, never an error for the whole overview.
func (s *Service) attention(ctx context.Context, n int) []shopmind.AttentionSection {
	kinds := []struct {
		kind string
		fill func(context.Context, *shopmind.AttentionSection, int) error
		have bool
	}{
		{shopmind.AttentionStockOut, s.stockOuts, s.Supply != nil},
		{shopmind.AttentionFallingSentiment, s.falling, s.Reviews != nil},
		{shopmind.AttentionWaiting, s.waiting, true},
		{shopmind.AttentionCustomersAtRisk, s.customersAtRisk, s.Insights != nil},
		{shopmind.AttentionImageMismatch, s.imageMismatches, s.Vision != nil},
	}
	out := make([]shopmind.AttentionSection, 0, len(kinds))
	for _, k := range kinds {
		sec := shopmind.AttentionSection{Kind: k.kind, Status: "ok", Items: []*shopmind.AttentionItem{}}
		switch {
		case !k.have:
			sec.Status, sec.Message = "unavailable", notRunning
		default:
			if err := k.fill(ctx, &sec, n); err != nil {
				sec = shopmind.AttentionSection{Kind: k.kind, Status: "unavailable", Message: shopmind.ErrorMessage(err), Items: []*shopmind.AttentionItem{}}
			}
		}
		out = append(out, sec)
	}
	return out
}

func (s *Service) stockOuts(ctx context.Context, sec *shopmind.AttentionSection, n int) error {
	yes := true
	rep, err := s.Supply.StockAdvice(ctx, shopmind.StockFilter{AtRisk: &yes, Limit: n})
	if err != nil {
		return err
	}
	sec.Total = rep.Total
	for _, a := range rep.Advice {
		text := fmt.Sprintf("%d in stock, %s; %.0f%% risk of running out before a new order arrives", a.Stock, cover(a.DaysOfCover), 100*a.StockoutRisk)
		if a.OrderQuantity > 0 {
			text += fmt.Sprintf("; order %.0f now", math.Ceil(a.OrderQuantity))
		}
		sec.Items = append(sec.Items, &shopmind.AttentionItem{ItemID: a.ItemID, Title: a.Title, Text: text, Value: a.StockoutRisk})
	}
	return nil
}

func cover(days float64) string {
	switch {
	case days < 0:
		return "no demand forecast"
	case days < 1:
		return "less than a day of sales left"
	}
	if d := math.Round(days); d == 1 {
		return "about 1 day of sales left"
	}
	return fmt.Sprintf("about %.0f days of sales left", days)
}

func (s *Service) falling(ctx context.Context, sec *shopmind.AttentionSection, n int) error {
	all, err := s.Reviews.FallingSentiment(ctx, shopmind.SentimentChangeFilter{Limit: shopmind.MaxLimit})
	if err != nil {
		return err
	}
	sec.Total = len(all)
	for _, c := range all[:min(n, len(all))] {
		text := fmt.Sprintf("positive reviews fell from %.0f%% to %.0f%% (%d recent reviews)", 100*c.Before, 100*c.Recent, c.NRecent)
		if c.Negative != "" {
			text += "; top complaint: " + c.Negative
		}
		sec.Items = append(sec.Items, &shopmind.AttentionItem{ItemID: c.ItemID, Title: c.Name, Text: text, Value: c.Change})
	}
	return nil
}

func (s *Service) waiting(ctx context.Context, sec *shopmind.AttentionSection, n int) error {
	all, err := shopmind.Collect(ctx, nil, shopmind.ListConversations(s.Store, shopmind.ConversationFilter{Status: shopmind.ConversationHandoff}))
	if err != nil {
		return err
	}
	since := func(c *shopmind.Conversation) time.Time {
		if c.HandoffAt != nil {
			return *c.HandoffAt
		}
		return c.UpdatedAt
	}
	sort.SliceStable(all, func(i, j int) bool { return since(all[i]).Before(since(all[j])) })
	sec.Total = len(all)
	now := s.now()
	for _, c := range all[:min(n, len(all))] {
		t := since(c)
		hours := now.Sub(t).Hours()
		text := "waiting for a person for " + waited(now.Sub(t))
		if c.HandoffReason != "" {
			text += " (" + c.HandoffReason + ")"
		}
		sec.Items = append(sec.Items, &shopmind.AttentionItem{ConversationID: c.ID, UserID: c.UserID, Text: text, Value: hours, Since: &t})
	}
	return nil
}

func waited(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// atRiskSegments are the RFM segments of good customers who stopped
// buying (insights: "can't lose" and "at risk").
var atRiskSegments = []string{"cant_lose", "at_risk"}

func (s *Service) customersAtRisk(ctx context.Context, sec *shopmind.AttentionSection, n int) error {
	var list []*shopmind.CustomerInsight
	for _, seg := range atRiskSegments {
		f := shopmind.CustomerFilter{Segment: seg, Sort: "monetary", Limit: shopmind.MaxLimit}
		for {
			page, total, err := s.Insights.Customers(ctx, f)
			if err != nil {
				return err
			}
			list = append(list, page...)
			f.Offset += len(page)
			if len(page) == 0 || f.Offset >= total {
				break
			}
		}
	}
	sec.Total = len(list)
	// The most to lose first: what they spent times the churn model's risk
	// that they do not come back (what they spent, without a model).
	loss := func(c *shopmind.CustomerInsight) float64 {
		if c.ChurnRisk < 0 {
			return c.Monetary
		}
		return c.Monetary * c.ChurnRisk
	}
	sort.SliceStable(list, func(i, j int) bool { return loss(list[i]) > loss(list[j]) })
	for _, c := range list[:min(n, len(list))] {
		text := fmt.Sprintf("spent %.2f over %d orders; no order for %.0f days", c.Monetary, c.Frequency, c.Recency)
		if c.ChurnRisk >= 0 {
			text += fmt.Sprintf("; %.0f%% chance they do not come back", 100*c.ChurnRisk)
		}
		last := c.LastOrder
		sec.Items = append(sec.Items, &shopmind.AttentionItem{UserID: c.UserID, Text: text, Value: c.Monetary, Since: &last})
	}
	return nil
}

func (s *Service) imageMismatches(ctx context.Context, sec *shopmind.AttentionSection, n int) error {
	issues, err := s.Vision.CatalogIssues(ctx)
	if err != nil {
		return err
	}
	var mm []*shopmind.CatalogIssue
	for _, is := range issues {
		if is.Kind == shopmind.IssueCategoryMismatch && len(is.ItemIDs) > 0 {
			mm = append(mm, is)
		}
	}
	sort.SliceStable(mm, func(i, j int) bool { return mm[i].Confidence > mm[j].Confidence })
	sec.Total = len(mm)
	for _, is := range mm[:min(n, len(mm))] {
		it := &shopmind.AttentionItem{ItemID: is.ItemIDs[0], Value: is.Confidence,
			Text: fmt.Sprintf("listed as %s, but its picture looks like %s (%.0f%% sure)", is.Stated, is.Predicted, 100*is.Confidence)}
		if item, err := s.Store.Item(ctx, it.ItemID); err == nil {
			it.Title = item.Title
		} else if shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			return err
		}
		sec.Items = append(sec.Items, it)
	}
	return nil
}

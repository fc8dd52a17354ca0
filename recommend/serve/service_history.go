package serve

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// history returns the user's history: the trained one merged with the
// user's events that arrived after the model's training (all of the user's
// events for a model without a trained history), from the Tail when it has
// them and otherwise from the store, at most
// Config.HistoryLimit of them, the latest arrivals. Arrival, not the
// events' own times, decides: a back-dated event counts at once, and a
// far-future one hides nobody else's.
func (s *Service) history(ctx context.Context, sv *recommend.Serving, userID string) (*recommend.UserHistory, error) {
	byItem := sv.TrainedPairs(userID)
	after := int64(0)
	if sv.Artifact().Hist.Usable(len(sv.Bundle().Users)) {
		after = sv.Artifact().Hist.Seq
	}
	events, ok := s.recentEvents(userID, after)
	if !ok {
		var err error
		if events, err = s.Store.UserEventsAfter(ctx, userID, after, s.Config.HistoryLimit); err != nil {
			return nil, fmt.Errorf("read user events: %w", err)
		}
	}
	for _, e := range events {
		i, ok := sv.Bundle().ItemIndex(e.ItemID)
		if !ok {
			continue
		}
		a := byItem[i]
		if a == nil {
			a = &recommend.PairAgg{}
			byItem[i] = a
		}
		a.Add(e, s.Config.Weights.Of(e))
	}
	return recommend.NewUserHistory(byItem), nil
}

// recentEvents returns the user's events after seq from the Tail, false
// when there is none or it does not know them.
func (s *Service) recentEvents(userID string, after int64) ([]*shopmind.Event, bool) {
	if s.Tail == nil || after == 0 {
		return nil, false
	}
	return s.Tail.Events(userID, after, s.Config.HistoryLimit)
}

package assistant

import (
	"context"
	"fmt"
	"sort"

	"github.com/shopmind/shopmind"
)

// Hand-off reasons, set on Conversation.HandoffReason.
const (
	ReasonAskedForPerson  = "asked_for_person" // the shopper asked for a person
	ReasonComplaint       = "complaint"        // complaints always go to a person
	ReasonLowConfidence   = "low_confidence"   // twice in a row the classifier was not confident
	ReasonRepeatedFailure = "repeated_failure" // out-of-scope twice in a row, or a slot failed three times
	ReasonChangeRequest   = "change_request"   // an order change a person makes
	ReasonNoOrderLookup   = "order_lookup_unavailable"
)

// maxQueue bounds how many waiting conversations Handoffs reads.
const maxQueue = 10 * shopmind.MaxLimit

// Handoffs lists the conversations waiting for a person, longest waiting
// first, each with its transcript; limit 0 means DefaultLimit.
func (s *Service) Handoffs(ctx context.Context, limit int) ([]*shopmind.Handoff, error) {
	if limit <= 0 {
		limit = shopmind.DefaultLimit
	}
	if limit > shopmind.MaxLimit {
		limit = shopmind.MaxLimit
	}
	var convs []*shopmind.Conversation
	for page, err := range shopmind.Pages(ctx, shopmind.ListConversations(s.Store, shopmind.ConversationFilter{Status: shopmind.ConversationHandoff})) {
		if err != nil {
			return nil, fmt.Errorf("hand-off queue: %w", err)
		}
		convs = append(convs, page...)
		if len(convs) >= maxQueue {
			break
		}
	}
	sort.SliceStable(convs, func(i, j int) bool {
		a, b := convs[i].HandoffAt, convs[j].HandoffAt
		switch {
		case a == nil || b == nil:
			return b == nil && a != nil
		case !a.Equal(*b):
			return a.Before(*b)
		}
		return convs[i].ID < convs[j].ID
	})
	if len(convs) > limit {
		convs = convs[:limit]
	}
	out := make([]*shopmind.Handoff, len(convs))
	for i, c := range convs {
		msgs, err := allMessages(ctx, s.Store, c.ID)
		if err != nil {
			return nil, err
		}
		out[i] = &shopmind.Handoff{Conversation: c, Transcript: msgs}
	}
	return out, nil
}

package privacy

import (
	"context"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// Export returns everything store holds about one user (the right of
// access): the user, their personal data, events, orders, reviews,
// conversations with their messages, and experiment exposures. It returns
// ENOTFOUND when nothing is stored under the id.
func Export(ctx context.Context, store shopmind.ExportStore, userID string, now time.Time) (*shopmind.UserExport, error) {
	if err := shopmind.ValidateID("id", userID); err != nil {
		return nil, err
	}
	x := &shopmind.UserExport{UserID: userID, Events: []*shopmind.Event{}, Orders: []*shopmind.Order{},
		Reviews: []*shopmind.Review{}, Conversations: []*shopmind.ConversationExport{}, Exposures: []*shopmind.Exposure{},
		ExportedAt: now.UTC()}
	var err error
	if x.User, err = optional(store.User(ctx, userID)); err != nil {
		return nil, err
	}
	if x.Personal, err = optional(store.UserPersonal(ctx, userID)); err != nil {
		return nil, err
	}
	consent, err := store.Consent(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !consent.UpdatedAt.IsZero() {
		x.Consent = consent
	}
	if x.Events, err = shopmind.Collect(ctx, x.Events, shopmind.ListEvents(store, shopmind.EventFilter{UserID: userID})); err != nil {
		return nil, fmt.Errorf("export events: %w", err)
	}
	if x.Orders, err = shopmind.Collect(ctx, x.Orders, shopmind.ListOrders(store, shopmind.OrderFilter{UserID: userID})); err != nil {
		return nil, fmt.Errorf("export orders: %w", err)
	}
	if x.Reviews, err = shopmind.Collect(ctx, x.Reviews, shopmind.ListReviews(store, shopmind.ReviewFilter{UserID: userID})); err != nil {
		return nil, fmt.Errorf("export reviews: %w", err)
	}
	convs, err := shopmind.Collect(ctx, nil, shopmind.ListConversations(store, shopmind.ConversationFilter{UserID: userID}))
	if err != nil {
		return nil, fmt.Errorf("export conversations: %w", err)
	}
	for _, c := range convs {
		ce := &shopmind.ConversationExport{Conversation: c, Messages: []*shopmind.Message{}}
		for after := 0; ; {
			msgs, err := store.Messages(ctx, c.ID, after, shopmind.MaxLimit)
			if err != nil {
				return nil, fmt.Errorf("export conversation %s: %w", c.ID, err)
			}
			ce.Messages = append(ce.Messages, msgs...)
			if len(msgs) < shopmind.MaxLimit {
				break
			}
			after = msgs[len(msgs)-1].Seq
		}
		x.Conversations = append(x.Conversations, ce)
	}
	exps, err := store.Experiments(ctx, shopmind.ExperimentFilter{})
	if err != nil {
		return nil, fmt.Errorf("export exposures: %w", err)
	}
	for _, e := range exps {
		if x.Exposures, err = shopmind.Collect(ctx, x.Exposures, shopmind.ListExposures(store, shopmind.ExposureFilter{ExperimentID: e.ID, UserID: userID})); err != nil {
			return nil, fmt.Errorf("export exposures: %w", err)
		}
	}
	if x.Empty() {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "nothing is stored about user %q", userID)
	}
	return x, nil
}

// optional turns ENOTFOUND into nil.
func optional[T any](v *T, err error) (*T, error) {
	if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
		return nil, nil
	}
	return v, err
}

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
func Export(ctx context.Context, store shopmind.Store, userID string, now time.Time) (*shopmind.UserExport, error) {
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
	if x.Events, err = all(x.Events, func(after string) ([]*shopmind.Event, string, error) {
		return store.Events(ctx, shopmind.EventFilter{UserID: userID, After: after, Limit: shopmind.MaxLimit})
	}); err != nil {
		return nil, fmt.Errorf("export events: %w", err)
	}
	if x.Orders, err = all(x.Orders, func(after string) ([]*shopmind.Order, string, error) {
		return store.Orders(ctx, shopmind.OrderFilter{UserID: userID, After: after, Limit: shopmind.MaxLimit})
	}); err != nil {
		return nil, fmt.Errorf("export orders: %w", err)
	}
	if x.Reviews, err = all(x.Reviews, func(after string) ([]*shopmind.Review, string, error) {
		return store.Reviews(ctx, shopmind.ReviewFilter{UserID: userID, After: after, Limit: shopmind.MaxLimit})
	}); err != nil {
		return nil, fmt.Errorf("export reviews: %w", err)
	}
	convs, err := all(nil, func(after string) ([]*shopmind.Conversation, string, error) {
		return store.Conversations(ctx, shopmind.ConversationFilter{UserID: userID, After: after, Limit: shopmind.MaxLimit})
	})
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
		if x.Exposures, err = all(x.Exposures, func(after string) ([]*shopmind.Exposure, string, error) {
			return store.Exposures(ctx, shopmind.ExposureFilter{ExperimentID: e.ID, UserID: userID, After: after, Limit: shopmind.MaxLimit})
		}); err != nil {
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

// all appends every page of list to dst.
func all[T any](dst []*T, list func(after string) ([]*T, string, error)) ([]*T, error) {
	for after := ""; ; {
		page, next, err := list(after)
		if err != nil {
			return dst, err
		}
		dst = append(dst, page...)
		if next == "" {
			return dst, nil
		}
		after = next
	}
}

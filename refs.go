package shopmind

import (
	"context"
	"fmt"
)

// Referents looks up the users and items that orders and reviews name.
// Every Store is one; so is a store transaction.
type Referents interface {
	User(ctx context.Context, id string) (*User, error)
	Item(ctx context.Context, id string) (*Item, error)
}

// CheckReferences reports, as an EINVALID error naming the field
// ("user_id", "lines[2].item_id"), the first user or item the order names
// that st does not hold. Both doors that take orders (the API and the
// importer) call it after Validate, so an order for an unknown user or item
// gets the same answer from both.
func (o *Order) CheckReferences(ctx context.Context, st Referents) error {
	if err := checkUser(ctx, st, "user_id", o.UserID); err != nil {
		return err
	}
	for i, l := range o.Lines {
		if err := checkItem(ctx, st, fmt.Sprintf("lines[%d].item_id", i), l.ItemID); err != nil {
			return err
		}
	}
	return nil
}

// CheckReferences is Order.CheckReferences for a review: its item, and its
// user unless the review is anonymous.
func (r *Review) CheckReferences(ctx context.Context, st Referents) error {
	if err := checkItem(ctx, st, "item_id", r.ItemID); err != nil {
		return err
	}
	if r.UserID == "" {
		return nil
	}
	return checkUser(ctx, st, "user_id", r.UserID)
}

func checkUser(ctx context.Context, st Referents, field, id string) error {
	_, err := st.User(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return FieldErrorf(field, "user %q does not exist; add the user first", id)
	}
	return err
}

func checkItem(ctx context.Context, st Referents, field, id string) error {
	_, err := st.Item(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return FieldErrorf(field, "item %q does not exist; add the item first", id)
	}
	return err
}

// SameEvent reports whether a and b record the same interaction: equal
// fields, times compared as instants.
func SameEvent(a, b *Event) bool {
	return a.ID == b.ID && a.UserID == b.UserID && a.ItemID == b.ItemID && a.Type == b.Type &&
		a.Value == b.Value && a.Time.Equal(b.Time) && a.SessionID == b.SessionID && a.RecommendationID == b.RecommendationID
}

// UniqueEvents drops repeats from a batch of validated events (IDs filled):
// an event whose ID an earlier one has is the same event sent twice when
// SameEvent holds, and is dropped (re-sending is idempotent); with other
// content it is an ECONFLICT error naming its place, e.g. "events[3].id".
func UniqueEvents(name string, events []*Event) ([]*Event, error) {
	first := make(map[string]int, len(events))
	out := events[:0:0]
	for i, e := range events {
		j, ok := first[e.ID]
		if !ok {
			first[e.ID] = i
			out = append(out, e)
			continue
		}
		if !SameEvent(events[j], e) {
			f := fmt.Sprintf("%s[%d].id", name, i)
			return nil, &Error{Code: ECONFLICT, Field: f,
				Message: fmt.Sprintf("%s: event id %q repeats %s[%d] with different content", f, e.ID, name, j)}
		}
	}
	return out, nil
}

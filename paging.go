package shopmind

import (
	"context"
	"iter"
)

// A Lister is one of a store's list calls with its filter bound: it returns
// the page after the cursor ("" for the first page) and the cursor of the
// next page, "" after the last one. ListItems, ListEvents and the other
// List functions make one from a service and a filter.
type Lister[T any] func(ctx context.Context, after string) ([]T, string, error)

// Pages iterates over the pages of list, first to last, reading one page
// per step so that only the current page is held. It stops after a page
// whose next cursor is "" or that is empty, when the loop breaks, or at the
// first error, which it yields with a nil page: a list call's error, or
// ctx.Err() once ctx is done (checked before each page).
//
//	for page, err := range shopmind.Pages(ctx, shopmind.ListItems(store, f)) {
//		if err != nil {
//			return err
//		}
//		use(page)
//	}
func Pages[T any](ctx context.Context, list Lister[T]) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		after := ""
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			page, next, err := list(ctx, after)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(page, nil) || next == "" || len(page) == 0 {
				return
			}
			after = next
		}
	}
}

// All iterates over every element of every page of list, as Pages reads
// them; an error is yielded with the zero T and ends the iteration.
func All[T any](ctx context.Context, list Lister[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page, err := range Pages(ctx, list) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, x := range page {
				if !yield(x, nil) {
					return
				}
			}
		}
	}
}

// Collect returns every element of list, appended to dst.
func Collect[T any](ctx context.Context, dst []T, list Lister[T]) ([]T, error) {
	for page, err := range Pages(ctx, list) {
		if err != nil {
			return dst, err
		}
		dst = append(dst, page...)
	}
	return dst, nil
}

// The list calls of the store, one method each, for services that only
// read a list (and for ListItems and the other List functions).
type (
	ItemLister interface {
		Items(ctx context.Context, f ItemFilter) ([]*Item, string, error)
	}
	UserLister interface {
		Users(ctx context.Context, f UserFilter) ([]*User, string, error)
	}
	EventLister interface {
		Events(ctx context.Context, f EventFilter) ([]*Event, string, error)
	}
	OrderLister interface {
		Orders(ctx context.Context, f OrderFilter) ([]*Order, string, error)
	}
	ReviewLister interface {
		Reviews(ctx context.Context, f ReviewFilter) ([]*Review, string, error)
	}
	ConversationLister interface {
		Conversations(ctx context.Context, f ConversationFilter) ([]*Conversation, string, error)
	}
	ExposureLister interface {
		Exposures(ctx context.Context, f ExposureFilter) ([]*Exposure, string, error)
	}
	PromotionLister interface {
		Promotions(ctx context.Context, f PromotionFilter) ([]*Promotion, string, error)
	}
	AuditLister interface {
		AuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, string, error)
	}
)

// pageLimit is the page size of a List function: MaxLimit unless the
// filter asks for another, as paging through everything wants few calls.
func pageLimit(n int) int {
	if n == 0 {
		return MaxLimit
	}
	return n
}

// lister binds a list call to a filter: the first page starts after the
// filter's own After cursor (usually ""), each later one after the cursor
// the previous page returned; a zero Limit becomes MaxLimit.
func lister[T, F any](list func(context.Context, F) ([]T, string, error), f F, set func(f *F, after string)) Lister[T] {
	return func(ctx context.Context, after string) ([]T, string, error) {
		g := f
		if after != "" {
			set(&g, after)
		}
		return list(ctx, g)
	}
}

// ListItems lists the items s holds that match f, for Pages, All and Collect.
func ListItems(s ItemLister, f ItemFilter) Lister[*Item] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Items, f, func(f *ItemFilter, after string) { f.After = after })
}

// ListUsers lists the users s holds, for Pages, All and Collect.
func ListUsers(s UserLister, f UserFilter) Lister[*User] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Users, f, func(f *UserFilter, after string) { f.After = after })
}

// ListEvents lists the events s holds that match f, for Pages, All and Collect.
func ListEvents(s EventLister, f EventFilter) Lister[*Event] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Events, f, func(f *EventFilter, after string) { f.After = after })
}

// ListOrders lists the orders s holds that match f, for Pages, All and Collect.
func ListOrders(s OrderLister, f OrderFilter) Lister[*Order] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Orders, f, func(f *OrderFilter, after string) { f.After = after })
}

// ListReviews lists the reviews s holds that match f, for Pages, All and Collect.
func ListReviews(s ReviewLister, f ReviewFilter) Lister[*Review] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Reviews, f, func(f *ReviewFilter, after string) { f.After = after })
}

// ListConversations lists the conversations s holds that match f, for
// Pages, All and Collect.
func ListConversations(s ConversationLister, f ConversationFilter) Lister[*Conversation] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Conversations, f, func(f *ConversationFilter, after string) { f.After = after })
}

// ListExposures lists the exposures s holds that match f, for Pages, All
// and Collect.
func ListExposures(s ExposureLister, f ExposureFilter) Lister[*Exposure] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Exposures, f, func(f *ExposureFilter, after string) { f.After = after })
}

// ListPromotions lists the promotions s holds that match f, for Pages, All
// and Collect.
func ListPromotions(s PromotionLister, f PromotionFilter) Lister[*Promotion] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.Promotions, f, func(f *PromotionFilter, after string) { f.After = after })
}

// ListAudit lists the audit entries s holds that match f, for Pages, All
// and Collect.
func ListAudit(s AuditLister, f AuditFilter) Lister[*AuditEntry] {
	f.Limit = pageLimit(f.Limit)
	return lister(s.AuditEntries, f, func(f *AuditFilter, after string) { f.After = after })
}

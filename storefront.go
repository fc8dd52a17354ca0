package shopmind

import (
	"strings"
	"time"
)

// What a publishable key (a key in the shop's web pages, see
// RolePublishable) may do is narrower than any secret key: these bound it.
const (
	// VisitorPrefix starts the user ids a publishable key may post events
	// for and read recommendations of: the anonymous visitor ids the
	// storefront tracker makes ("v_" and random letters). A signed-in
	// customer's id is linked from the shop's server, with a secret key,
	// so a page cannot read or write a known customer's history.
	VisitorPrefix = "v_"
	// MaxStorefrontBatch is the most events one request with a publishable
	// key may post.
	MaxStorefrontBatch = 100
	// MaxStorefrontAge is how old an event a publishable key may post:
	// a page reports what just happened (the tracker keeps unsent events
	// across visits, and drops older ones itself).
	MaxStorefrontAge = 7 * 24 * time.Hour
)

// StorefrontEventTypes are the event types a publishable key may post.
var StorefrontEventTypes = []EventType{EventView, EventClick, EventCart, EventPurchase}

// IsVisitorID reports whether id is an anonymous visitor id (VisitorPrefix
// and at least one more character).
func IsVisitorID(id string) bool {
	return len(id) > len(VisitorPrefix) && strings.HasPrefix(id, VisitorPrefix)
}

// ValidateStorefrontEvent checks what a publishable key may post on top of
// Event.Validate: a storefront event type and a visitor user id (EFORBIDDEN
// naming the field), and a time at most MaxStorefrontAge before now
// (EINVALID naming time).
func ValidateStorefrontEvent(e *Event, now time.Time) error {
	ok := false
	for _, t := range StorefrontEventTypes {
		ok = ok || e.Type == t
	}
	if !ok {
		return &Error{Code: EFORBIDDEN, Field: "type", Message: "a publishable key may post only view, click, cart and purchase events, not " + string(e.Type)}
	}
	if !IsVisitorID(e.UserID) {
		return &Error{Code: EFORBIDDEN, Field: "user_id", Message: "a publishable key may post events only for visitor ids starting with " + VisitorPrefix + ", not " + e.UserID}
	}
	if e.Time.Before(now.Add(-MaxStorefrontAge)) {
		return FieldErrorf("time", "time %s is more than 7 days old; a publishable key posts recent events only", e.Time.Format(time.RFC3339))
	}
	return nil
}

// StorefrontItem returns the part of an item a web page may show: id,
// title, brand, category, price, currency, images, and the "url"
// attribute; stock becomes 1 when in stock and 0 otherwise. Description,
// other attributes, tags and dates are left out.
func StorefrontItem(i *Item) *Item {
	if i == nil {
		return nil
	}
	p := &Item{ID: i.ID, Title: i.Title, Brand: i.Brand, Category: i.Category, Price: i.Price, Currency: i.Currency,
		Images: i.Images, Active: i.Active}
	if i.Stock > 0 {
		p.Stock = 1
	}
	if u := i.Attributes["url"]; u != "" {
		p.Attributes = map[string]string{"url": u}
	}
	return p
}

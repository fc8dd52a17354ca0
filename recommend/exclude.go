package recommend

import (
	"strings"

	"github.com/shopmind/shopmind"
)

// Exclusion says which items a user already has are left out of the lists
// served to them, and of the evaluation that measures those lists (both go
// through Serving.ForUser). Items whose summed event weight for the user is
// <= 0 (a dislike, a return, a low rating) are always left out, whatever
// the Exclusion.
type Exclusion struct {
	// Events are the event types that take an item out of a user's lists
	// once the user has one of them on it: by default purchase, rating,
	// dislike and return. Views, clicks, carts and likes leave it in (a
	// carted or wished-for item is worth a reminder).
	Events []shopmind.EventType
	// Repurchasable lists category paths of consumables ("Grocery/Coffee"):
	// an item in one of them or in a sub-category (case-insensitive) stays
	// recommendable after a purchase, a rating or a like; a dislike or a
	// return (when in Events) still takes it out.
	Repurchasable []string
}

// DefaultExclusion leaves out what a user bought, rated, disliked or
// returned, in every category.
func DefaultExclusion() Exclusion {
	return Exclusion{Events: []shopmind.EventType{shopmind.EventPurchase, shopmind.EventRating,
		shopmind.EventDislike, shopmind.EventReturn}}
}

// Validate checks the exclusion. Errors are EINVALID naming the field:
// "events" for an unknown event type, "repurchasable" for an empty path or
// path segment.
func (e Exclusion) Validate() error {
	for _, t := range e.Events {
		if typeBit(t) == 0 {
			return shopmind.FieldErrorf("events", "unknown event type %q", t)
		}
	}
	for _, c := range e.Repurchasable {
		if _, err := categoryPath(c); err != nil {
			return err
		}
	}
	return nil
}

// categoryPath splits a category path typed as the API accepts it
// ("Shoes/Sneakers" or "Shoes › Sneakers"); leading and trailing separators
// are ignored.
func categoryPath(c string) ([]string, error) {
	c = strings.Trim(strings.TrimSpace(strings.NewReplacer("›", "/", "»", "/", ">", "/").Replace(c)), "/")
	if c == "" {
		return nil, shopmind.FieldErrorf("repurchasable", "empty category path")
	}
	p := strings.Split(c, "/")
	for k, s := range p {
		p[k] = strings.TrimSpace(s)
		if p[k] == "" {
			return nil, shopmind.FieldErrorf("repurchasable", "category path %q has an empty segment", c)
		}
	}
	return p, nil
}

// eventTypes gives every known event type a bit of a uint16 type set.
var eventTypes = []shopmind.EventType{shopmind.EventView, shopmind.EventClick, shopmind.EventCart,
	shopmind.EventPurchase, shopmind.EventRating, shopmind.EventLike, shopmind.EventDislike, shopmind.EventReturn}

// typeBit returns t's bit in a type set, 0 for an unknown type.
func typeBit(t shopmind.EventType) uint16 {
	for k, s := range eventTypes {
		if s == t {
			return 1 << k
		}
	}
	return 0
}

// negativeTypes are the event types a repurchasable category does not
// waive.
var negativeTypes = typeBit(shopmind.EventDislike) | typeBit(shopmind.EventReturn)

// Excluder is an Exclusion compiled for requests.
type Excluder struct {
	mask  uint16
	paths [][]string
}

// Compile returns the request form of e; invalid entries (which Validate
// reports) are ignored.
func (e Exclusion) Compile() *Excluder {
	x := &Excluder{}
	for _, t := range e.Events {
		x.mask |= typeBit(t)
	}
	for _, c := range e.Repurchasable {
		if p, err := categoryPath(c); err == nil {
			x.paths = append(x.paths, p)
		}
	}
	return x
}

// excludes reports whether an item the user has events of the types in set
// on is left out; it (nil when unknown) decides whether it is
// repurchasable.
func (x *Excluder) excludes(set uint16, it *shopmind.Item) bool {
	hit := set & x.mask
	if hit == 0 {
		return false
	}
	if hit&negativeTypes == 0 && x.repurchasable(it) {
		return false
	}
	return true
}

// repurchasable reports whether it is in one of the repurchasable
// categories or below one.
func (x *Excluder) repurchasable(it *shopmind.Item) bool {
	if it == nil {
		return false
	}
next:
	for _, p := range x.paths {
		if len(it.Category) < len(p) {
			continue
		}
		for k, s := range p {
			if !strings.EqualFold(strings.TrimSpace(it.Category[k]), s) {
				continue next
			}
		}
		return true
	}
	return false
}

package shopmind

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// PromotionKind says what kind of calendar entry a Promotion is.
type PromotionKind string

// Promotion kinds: a sale the shop runs, or a holiday that moves demand
// (Black Friday, Christmas, Singles' Day).
const (
	KindPromotion PromotionKind = "promotion"
	KindHoliday   PromotionKind = "holiday"
)

// MaxPromotionDays is the longest a promotion may run: a longer "promotion"
// would hide normal demand from forecasting.
const MaxPromotionDays = 92

// Promotion is an entry of the shop's calendar: days on which demand is
// not normal because of a sale or a holiday. Forecasting treats its days as
// events: they are kept out of the estimate of normal demand, and their
// effect is applied to future days of promotions of the same kind.
//
// Start and End are days (UTC): the promotion runs from the start of
// Start's day to the end of End's day, both included. In JSON they are
// dates ("2026-11-27"); RFC 3339 times are accepted and cut to their UTC
// day.
type Promotion struct {
	ID   string        `json:"id"`
	Name string        `json:"name"`
	Kind PromotionKind `json:"kind"` // promotion (default) or holiday
	// Start is the first day and End the last day.
	Start time.Time `json:"start" format:"date"`
	End   time.Time `json:"end" format:"date"`
	// ItemIDs and Categories say what the promotion covers: the listed
	// items and the items whose category path starts with one of the
	// Categories, typed as ParseCategory reads them ("Clothing/Shoes" or
	// "Clothing › Shoes"; stored as "Clothing/Shoes"). Both empty means
	// the whole shop.
	ItemIDs    []string  `json:"item_ids,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Validate checks the promotion, cuts Start and End to their UTC days,
// writes Categories as "/"-separated paths and defaults Name to the id and
// Kind to promotion. It returns an EINVALID
// error naming the field at fault: a missing start or end, an end before
// the start, a promotion longer than MaxPromotionDays, an unknown kind, a
// bad item id or a category with no level.
func (p *Promotion) Validate() error {
	if err := ValidateID("id", p.ID); err != nil {
		return err
	}
	if p.Name == "" {
		p.Name = p.ID
	}
	if err := validateText("name", p.Name, MaxTitleLength); err != nil {
		return err
	}
	if p.Kind == "" {
		p.Kind = KindPromotion
	}
	if p.Kind != KindPromotion && p.Kind != KindHoliday {
		return FieldErrorf("kind", "kind %q is not one of promotion, holiday", p.Kind)
	}
	if p.Start.IsZero() {
		return FieldErrorf("start", "start is required")
	}
	if p.End.IsZero() {
		return FieldErrorf("end", "end is required")
	}
	p.Start, p.End = Day(p.Start), Day(p.End)
	if p.End.Before(p.Start) {
		return FieldErrorf("end", "end %s is before start %s", p.End.Format(time.DateOnly), p.Start.Format(time.DateOnly))
	}
	if d := p.Days(); d > MaxPromotionDays {
		return FieldErrorf("end", "a promotion may last at most %d days, this one lasts %d", MaxPromotionDays, d)
	}
	seen := map[string]bool{}
	for i, id := range p.ItemIDs {
		f := fmt.Sprintf("item_ids[%d]", i)
		if err := ValidateID(f, id); err != nil {
			return err
		}
		if seen[id] {
			return FieldErrorf(f, "item %q is listed twice", id)
		}
		seen[id] = true
	}
	for i, c := range p.Categories {
		f := fmt.Sprintf("categories[%d]", i)
		if err := validateText(f, c, MaxTitleLength); err != nil {
			return err
		}
		levels := ParseCategory(c)
		if len(levels) == 0 {
			return FieldErrorf(f, "category %q names no category", c)
		}
		p.Categories[i] = strings.Join(levels, "/")
	}
	return nil
}

// Day returns the UTC midnight of t's UTC day.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Days returns how many days the promotion runs, both ends included.
func (p *Promotion) Days() int { return int(Day(p.End).Sub(Day(p.Start))/(24*time.Hour)) + 1 }

// On reports whether the promotion runs on t's UTC day.
func (p *Promotion) On(t time.Time) bool {
	d := Day(t)
	return !d.Before(Day(p.Start)) && !d.After(Day(p.End))
}

// Covers reports whether the promotion applies to item it: the whole shop
// when it lists no items and no categories; otherwise the listed items and
// the items under a listed category (InCategory: level by level, ignoring
// case).
func (p *Promotion) Covers(it *Item) bool {
	if len(p.ItemIDs) == 0 && len(p.Categories) == 0 {
		return true
	}
	for _, id := range p.ItemIDs {
		if id == it.ID {
			return true
		}
	}
	for _, c := range p.Categories {
		if InCategory(it.Category, c) {
			return true
		}
	}
	return false
}

// promotionJSON is Promotion with its days as dates.
type promotionJSON struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	Kind       PromotionKind `json:"kind"`
	Start      string        `json:"start"`
	End        string        `json:"end"`
	ItemIDs    []string      `json:"item_ids,omitempty"`
	Categories []string      `json:"categories,omitempty"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// MarshalJSON writes Start and End as dates.
func (p Promotion) MarshalJSON() ([]byte, error) {
	j := promotionJSON{ID: p.ID, Name: p.Name, Kind: p.Kind, ItemIDs: p.ItemIDs, Categories: p.Categories,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if !p.Start.IsZero() {
		j.Start = p.Start.UTC().Format(time.DateOnly)
	}
	if !p.End.IsZero() {
		j.End = p.End.UTC().Format(time.DateOnly)
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads Start and End as dates or RFC 3339 times; a value
// that is neither is an EINVALID error naming the field.
func (p *Promotion) UnmarshalJSON(b []byte) error {
	var j promotionJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // as strict as the API's other bodies
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*p = Promotion{ID: j.ID, Name: j.Name, Kind: j.Kind, ItemIDs: j.ItemIDs, Categories: j.Categories,
		CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt}
	var err error
	if p.Start, err = ParseDay("start", j.Start); err != nil {
		return err
	}
	p.End, err = ParseDay("end", j.End)
	return err
}

// ParseDay parses "" (the zero time), a date ("2026-11-27") or an RFC 3339
// time cut to its UTC day; anything else is an EINVALID error naming field.
func ParseDay(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, FieldErrorf(field, "%s %q is not a date such as 2026-11-27", field, s)
	}
	return Day(t), nil
}

// PromotionFilter selects promotions. Zero fields do not filter.
type PromotionFilter struct {
	Kind PromotionKind // only this kind
	// From and To keep the promotions running on at least one day of
	// [From, To] (days, both included).
	From, To time.Time

	After string // cursor: return promotions with id > After
	Limit int    // at most this many; 0 means DefaultLimit
}

// PromotionService keeps the shop's calendar of promotions and holidays.
type PromotionService interface {
	// Promotion returns the promotion with the given id, or ENOTFOUND.
	Promotion(ctx context.Context, id string) (*Promotion, error)
	// Promotions returns promotions matching f in ascending id order, and
	// the cursor of the next page, "" on the last page.
	Promotions(ctx context.Context, f PromotionFilter) ([]*Promotion, string, error)
	// UpsertPromotions inserts or replaces promotions by id; each must be
	// valid (EINVALID naming "promotions[i].field" otherwise). CreatedAt
	// is kept on replace and UpdatedAt becomes now, unless the content is
	// unchanged: storing the same promotion twice changes nothing.
	UpsertPromotions(ctx context.Context, ps []*Promotion) error
	// DeletePromotion removes a promotion, or returns ENOTFOUND.
	DeletePromotion(ctx context.Context, id string) error
}

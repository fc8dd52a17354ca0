package ingest

import (
	"time"

	"github.com/shopmind/shopmind"
)

func timeCol[T any](field func(*T) *time.Time) column[T] {
	return column[T]{text: func(t *T, s string) error {
		v, err := parseTime(s)
		*field(t) = v
		return err
	}}
}

// itemSchema reads shopmind.Item. A new item is active unless the row says
// otherwise, so a catalog without an "active" column is sellable.
func itemSchema() *schema[shopmind.Item] {
	type T = shopmind.Item
	return &schema[T]{
		entity: EntityItems,
		fresh:  func() *T { return &T{Active: true} },
		cols: map[string]column[T]{
			"id":          textCol(func(t *T) *string { return &t.ID }),
			"title":       textCol(func(t *T) *string { return &t.Title }),
			"description": textCol(func(t *T) *string { return &t.Description }),
			"category":    listCol(func(t *T) *[]string { return &t.Category }, parseCategory),
			"brand":       textCol(func(t *T) *string { return &t.Brand }),
			"price":       floatCol(func(t *T) *float64 { return &t.Price }),
			"currency":    textCol(func(t *T) *string { return &t.Currency }),
			"attributes":  mapCol(func(t *T) *map[string]string { return &t.Attributes }),
			"tags":        listCol(func(t *T) *[]string { return &t.Tags }, pipeList),
			"stock":       intCol(func(t *T) *int { return &t.Stock }),
			"images":      listCol(func(t *T) *[]string { return &t.Images }, pipeList),
			"active":      boolCol(func(t *T) *bool { return &t.Active }),
			"created_at":  timeCol(func(t *T) *time.Time { return &t.CreatedAt }),
			"updated_at":  timeCol(func(t *T) *time.Time { return &t.UpdatedAt }),
		},
		required: []string{"id", "title"},
		attr:     func(t *T, name, v string) { setAttr(&t.Attributes, name, v) },
		id:       func(t *T) string { return t.ID },
		validate: func(t *T) error { return t.Validate() },
	}
}

// userSchema reads shopmind.User.
func userSchema() *schema[shopmind.User] {
	type T = shopmind.User
	return &schema[T]{
		entity: EntityUsers,
		fresh:  func() *T { return &T{} },
		cols: map[string]column[T]{
			"id":         textCol(func(t *T) *string { return &t.ID }),
			"attributes": mapCol(func(t *T) *map[string]string { return &t.Attributes }),
			"created_at": timeCol(func(t *T) *time.Time { return &t.CreatedAt }),
			"updated_at": timeCol(func(t *T) *time.Time { return &t.UpdatedAt }),
		},
		required: []string{"id"},
		attr:     func(t *T, name, v string) { setAttr(&t.Attributes, name, v) },
		id:       func(t *T) string { return t.ID },
		validate: func(t *T) error { return t.Validate() },
	}
}

// personalSchema reads shopmind.UserPersonal.
func personalSchema() *schema[shopmind.UserPersonal] {
	type T = shopmind.UserPersonal
	return &schema[T]{
		entity: EntityPersonal,
		fresh:  func() *T { return &T{} },
		cols: map[string]column[T]{
			"user_id": textCol(func(t *T) *string { return &t.UserID }),
			"email":   textCol(func(t *T) *string { return &t.Email }),
			"name":    textCol(func(t *T) *string { return &t.Name }),
			"phone":   textCol(func(t *T) *string { return &t.Phone }),
			"address": textCol(func(t *T) *string { return &t.Address }),
		},
		required: []string{"user_id"},
		id:       func(t *T) string { return t.UserID },
		validate: func(t *T) error { return t.Validate() },
	}
}

// eventSchema reads shopmind.Event, each validated by check. Only explicit
// ids are checked for duplicates: rows without one get a content-derived
// id, and two equal rows are the same event, stored once.
func eventSchema(check func(*shopmind.Event) error) *schema[shopmind.Event] {
	type T = shopmind.Event
	return &schema[T]{
		entity: EntityEvents,
		fresh:  func() *T { return &T{} },
		cols: map[string]column[T]{
			"id":      textCol(func(t *T) *string { return &t.ID }),
			"user_id": textCol(func(t *T) *string { return &t.UserID }),
			"item_id": textCol(func(t *T) *string { return &t.ItemID }),
			"type": {text: func(t *T, s string) error {
				t.Type = shopmind.EventType(s)
				return nil
			}},
			"value":             floatCol(func(t *T) *float64 { return &t.Value }),
			"time":              timeCol(func(t *T) *time.Time { return &t.Time }),
			"session_id":        textCol(func(t *T) *string { return &t.SessionID }),
			"recommendation_id": textCol(func(t *T) *string { return &t.RecommendationID }),
		},
		required: []string{"user_id", "item_id", "type", "time"},
		id:       func(t *T) string { return t.ID },
		same:     shopmind.SameEvent,
		validate: check,
	}
}

// reviewSchema reads shopmind.Review.
func reviewSchema() *schema[shopmind.Review] {
	type T = shopmind.Review
	return &schema[T]{
		entity: EntityReviews,
		fresh:  func() *T { return &T{} },
		cols: map[string]column[T]{
			"id":         textCol(func(t *T) *string { return &t.ID }),
			"item_id":    textCol(func(t *T) *string { return &t.ItemID }),
			"user_id":    textCol(func(t *T) *string { return &t.UserID }),
			"rating":     intCol(func(t *T) *int { return &t.Rating }),
			"title":      textCol(func(t *T) *string { return &t.Title }),
			"text":       textCol(func(t *T) *string { return &t.Text }),
			"language":   textCol(func(t *T) *string { return &t.Language }),
			"created_at": timeCol(func(t *T) *time.Time { return &t.CreatedAt }),
		},
		required: []string{"id", "item_id"},
		id:       func(t *T) string { return t.ID },
		validate: func(t *T) error { return t.Validate() },
	}
}

// consentSchema reads shopmind.Consent: user_id and the two refusal flags
// (true/false, yes/no, 1/0); a flag left out is false.
func consentSchema() *schema[shopmind.Consent] {
	type T = shopmind.Consent
	return &schema[T]{
		entity: EntityConsents,
		fresh:  func() *T { return &T{} },
		cols: map[string]column[T]{
			"user_id":            textCol(func(t *T) *string { return &t.UserID }),
			"no_personalisation": boolCol(func(t *T) *bool { return &t.NoPersonalisation }),
			"no_marketing":       boolCol(func(t *T) *bool { return &t.NoMarketing }),
		},
		required: []string{"user_id"},
		id:       func(t *T) string { return t.UserID },
		validate: func(t *T) error { return t.Validate() },
	}
}

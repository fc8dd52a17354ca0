package shopmind_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestValidate(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	item := func(edit func(*shopmind.Item)) func() error {
		i := &shopmind.Item{ID: "sku-1", Title: "Shoe", Price: 10, Currency: "EUR", Category: []string{"Shoes", "Running"}}
		edit(i)
		return i.Validate
	}
	event := func(edit func(*shopmind.Event)) func() error {
		e := &shopmind.Event{UserID: "u1", ItemID: "i1", Type: shopmind.EventView, Time: now}
		edit(e)
		return e.Validate
	}
	order := func(edit func(*shopmind.Order)) func() error {
		o := &shopmind.Order{ID: "o1", UserID: "u1", Status: shopmind.OrderPaid, Total: 20, Lines: []shopmind.OrderLine{{ItemID: "i1", Quantity: 2, UnitPrice: 10}}}
		edit(o)
		return o.Validate
	}
	review := func(edit func(*shopmind.Review)) func() error {
		r := &shopmind.Review{ID: "r1", ItemID: "i1", Rating: 4, Text: "Nice."}
		edit(r)
		return r.Validate
	}
	for _, tt := range []struct {
		name     string
		validate func() error
		field    string // "" means valid
	}{
		{"ItemOK", item(func(*shopmind.Item) {}), ""},
		{"ItemErrID", item(func(i *shopmind.Item) { i.ID = "" }), "id"},
		{"ItemErrIDSpaces", item(func(i *shopmind.Item) { i.ID = " a" }), "id"},
		{"ItemErrIDControl", item(func(i *shopmind.Item) { i.ID = "a\nb" }), "id"},
		{"ItemErrIDLong", item(func(i *shopmind.Item) { i.ID = strings.Repeat("x", 129) }), "id"},
		{"ItemErrPriceNeg", item(func(i *shopmind.Item) { i.Price = -1 }), "price"},
		{"ItemErrPriceNaN", item(func(i *shopmind.Item) { i.Price = math.NaN() }), "price"},
		{"ItemErrCurrency", item(func(i *shopmind.Item) { i.Currency = "euro" }), "currency"},
		{"ItemErrCategory", item(func(i *shopmind.Item) { i.Category = []string{"A", ""} }), "category"},
		{"ItemErrTitleUTF8", item(func(i *shopmind.Item) { i.Title = "\xff" }), "title"},
		{"EventOK", event(func(*shopmind.Event) {}), ""},
		{"EventErrType", event(func(e *shopmind.Event) { e.Type = "buy" }), "type"},
		{"EventErrTime", event(func(e *shopmind.Event) { e.Time = time.Time{} }), "time"},
		{"EventErrUser", event(func(e *shopmind.Event) { e.UserID = "" }), "user_id"},
		{"EventErrValue", event(func(e *shopmind.Event) { e.Value = math.Inf(1) }), "value"},
		{"OrderOK", order(func(*shopmind.Order) {}), ""},
		{"OrderErrStatus", order(func(o *shopmind.Order) { o.Status = "lost" }), "status"},
		{"OrderErrNoLines", order(func(o *shopmind.Order) { o.Lines = nil }), "lines"},
		{"OrderErrQuantity", order(func(o *shopmind.Order) { o.Lines[0].Quantity = 0 }), "lines[0].quantity"},
		{"ReviewOK", review(func(*shopmind.Review) {}), ""},
		{"ReviewErrRating", review(func(r *shopmind.Review) { r.Rating = 6 }), "rating"},
		{"ReviewErrText", review(func(r *shopmind.Review) { r.Text = "" }), "text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if shopmind.ErrorCode(err) != shopmind.EINVALID || shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err = %v (code %q, field %q), want invalid on %q", err, shopmind.ErrorCode(err), shopmind.ErrorField(err), tt.field)
			}
		})
	}
}

func TestEventIDStable(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0).UTC()
	a := &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventRating, Value: 4, Time: t0}
	b := *a
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.ID != b.ID {
		t.Fatalf("ids %q and %q, want equal and non-empty", a.ID, b.ID)
	}
	c := &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventRating, Value: 5, Time: t0}
	if shopmind.EventID(c) == a.ID {
		t.Fatal("different events got the same id")
	}
}

func TestOrderHistoryDefault(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	o := &shopmind.Order{ID: "o", UserID: "u", Status: shopmind.OrderPending, CreatedAt: at, Lines: []shopmind.OrderLine{{ItemID: "i", Quantity: 1}}}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(o.History) != 1 || o.History[0].Status != shopmind.OrderPending || !o.History[0].At.Equal(at) {
		t.Fatalf("history = %+v", o.History)
	}
}

func TestAPIKey(t *testing.T) {
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	random := bytes.NewReader(bytes.Repeat([]byte{7}, 64))
	secret, k, err := shopmind.NewAPIKey(random, "ci", shopmind.RoleWrite, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, shopmind.KeyPrefix+k.ID+"_") {
		t.Fatalf("secret %q does not start with the prefix and id %q", secret, k.ID)
	}
	if k.Hash != shopmind.HashKey(secret) || strings.Contains(k.Hash, secret) {
		t.Fatal("stored hash does not match the secret")
	}
	if _, _, err := shopmind.NewAPIKey(random, "x", "root", now); shopmind.ErrorField(err) != "role" {
		t.Fatalf("bad role: err = %v", err)
	}
	for _, tt := range []struct {
		have, need shopmind.Role
		ok         bool
	}{
		{shopmind.RoleAdmin, shopmind.RoleRead, true}, {shopmind.RoleWrite, shopmind.RoleWrite, true},
		{shopmind.RoleRead, shopmind.RoleWrite, false}, {shopmind.RoleWrite, shopmind.RoleAdmin, false},
		{"", shopmind.RoleRead, false},
	} {
		if got := tt.have.Allows(tt.need); got != tt.ok {
			t.Errorf("%q.Allows(%q) = %v, want %v", tt.have, tt.need, got, tt.ok)
		}
	}
}

func TestValidateEach(t *testing.T) {
	ok := &shopmind.Item{ID: "a", Title: "A"}
	for _, tt := range []struct {
		name  string
		items []*shopmind.Item
		field string
	}{
		{"OK", []*shopmind.Item{ok, ok}, ""},
		{"Empty", nil, ""},
		{"ErrNil", []*shopmind.Item{ok, nil}, "items[1]"},
		{"ErrInvalid", []*shopmind.Item{ok, ok, {ID: "c", Title: "C", Price: -1}}, "items[2].price"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := shopmind.ValidateEach("items", tt.items)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if shopmind.ErrorCode(err) != shopmind.EINVALID || shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err = %v (field %q), want invalid on %q", err, shopmind.ErrorField(err), tt.field)
			}
		})
	}
}

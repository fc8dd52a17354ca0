package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// scripted is one conversation of testdata/conversations.json.
type scripted struct {
	Name  string `json:"name"`
	User  string `json:"user"`
	Shop  string `json:"shop"` // fixture shop, see openShop; "" is testdata/shop.json
	Turns []struct {
		Say     string            `json:"say"`
		Intent  string            `json:"intent"`  // "" does not check
		Slots   map[string]string `json:"slots"`   // value "" means absent
		Actions []string          `json:"actions"` // action types that must be there
		Reply   []string          `json:"reply"`   // substrings, case-insensitive
		Not     []string          `json:"not"`     // substrings that must not be there
		Status  string            `json:"status"`
		Items   *itemCheck        `json:"items"` // the items shown (show_items actions)
	} `json:"turns"`
}

// itemCheck asserts the items a turn shows: how many, and that every one is
// in a category, of a brand, within a price range, with a title word.
type itemCheck struct {
	Min      int      `json:"min"`
	Max      *int     `json:"max"`
	Category string   `json:"category"` // a level of the item's category path
	NotIn    string   `json:"not_category"`
	Brand    string   `json:"brand"`
	MaxPrice *float64 `json:"max_price"`
	MinPrice *float64 `json:"min_price"`
	Title    string   `json:"title"` // a word every title has, case-insensitive
	IDs      []string `json:"ids"`   // exactly these, in order
}

// check returns what is wrong with the items shown.
func (c *itemCheck) check(cat *Catalog, actions []shopmind.Action) []string {
	var ids []string
	for _, a := range actions {
		if a.Type == "show_items" {
			ids = append(ids, a.ItemIDs...)
		}
	}
	var errs []string
	if len(ids) < c.Min {
		errs = append(errs, fmt.Sprintf("%d items shown, want at least %d", len(ids), c.Min))
	}
	if c.Max != nil && len(ids) > *c.Max {
		errs = append(errs, fmt.Sprintf("%d items shown %v, want at most %d", len(ids), ids, *c.Max))
	}
	if c.IDs != nil && strings.Join(ids, ",") != strings.Join(c.IDs, ",") {
		errs = append(errs, fmt.Sprintf("items %v, want %v", ids, c.IDs))
	}
	for _, id := range ids {
		it := cat.Item(id)
		if it == nil {
			errs = append(errs, "unknown item "+id)
			continue
		}
		desc := fmt.Sprintf("%s %q (%s, %s, %.2f)", id, it.Title, strings.Join(it.Category, "/"), it.Brand, it.Price)
		inCat := func(name string) bool {
			for _, l := range it.Category {
				if strings.EqualFold(l, name) {
					return true
				}
			}
			return false
		}
		switch {
		case c.Category != "" && !inCat(c.Category):
			errs = append(errs, desc+" is not in category "+c.Category)
		case c.NotIn != "" && inCat(c.NotIn):
			errs = append(errs, desc+" is in category "+c.NotIn)
		case c.Brand != "" && !strings.EqualFold(it.Brand, c.Brand):
			errs = append(errs, desc+" is not of brand "+c.Brand)
		case c.MaxPrice != nil && it.Price > *c.MaxPrice:
			errs = append(errs, fmt.Sprintf("%s costs more than %.2f", desc, *c.MaxPrice))
		case c.MinPrice != nil && it.Price < *c.MinPrice:
			errs = append(errs, fmt.Sprintf("%s costs less than %.2f", desc, *c.MinPrice))
		case c.Title != "" && !strings.Contains(strings.ToLower(it.Title), strings.ToLower(c.Title)):
			errs = append(errs, desc+" has no "+c.Title+" in its title")
		}
	}
	return errs
}

func TestScriptedConversations(t *testing.T) {
	// conversations.json runs on testdata/shop.json; conversations_demo.json
	// on shops shaped like the demo's, in shopper phrasing (Bitext style).
	var convs []scripted
	for _, f := range []string{"testdata/conversations.json", "testdata/conversations_demo.json"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cs []scripted
		if err := json.Unmarshal(b, &cs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		convs = append(convs, cs...)
	}
	if len(convs) < 60 {
		t.Fatalf("%d scripted conversations, want at least 60", len(convs))
	}
	for _, c := range convs {
		t.Run(c.Name, func(t *testing.T) {
			svc, _, _ := newShopService(t, c.Shop)
			ctx := context.Background()
			conv, err := svc.Start(ctx, &shopmind.Conversation{UserID: c.User})
			if err != nil {
				t.Fatal(err)
			}
			for i, tt := range c.Turns {
				turn, err := svc.Send(ctx, conv.ID, tt.Say)
				if err != nil {
					t.Fatalf("turn %d %q: %v", i+1, tt.Say, err)
				}
				if os.Getenv("SHOW_REPLIES") != "" {
					t.Logf("%q -> %s %v %q %v", tt.Say, turn.Intent, turn.Slots, turn.Reply, turn.Actions)
				}
				where := func() string { return "turn " + itoa(i+1) + " " + quote(tt.Say) + " -> " + quote(turn.Reply) }
				if tt.Intent != "" && turn.Intent != tt.Intent {
					t.Errorf("%s: intent %s (%.2f), want %s", where(), turn.Intent, turn.Confidence, tt.Intent)
				}
				for k, want := range tt.Slots {
					if got := turn.Slots[k]; got != want {
						t.Errorf("%s: slot %s = %q, want %q", where(), k, got, want)
					}
				}
				for _, a := range tt.Actions {
					if !hasAction(turn.Actions, a) {
						t.Errorf("%s: no %s action in %v", where(), a, turn.Actions)
					}
				}
				for _, s := range tt.Reply {
					if !strings.Contains(strings.ToLower(turn.Reply), strings.ToLower(s)) {
						t.Errorf("%s: reply lacks %q", where(), s)
					}
				}
				for _, s := range tt.Not {
					if strings.Contains(strings.ToLower(turn.Reply), strings.ToLower(s)) {
						t.Errorf("%s: reply has %q", where(), s)
					}
				}
				if tt.Items != nil {
					for _, e := range tt.Items.check(svc.Engine.catalog(), turn.Actions) {
						t.Errorf("%s: %s", where(), e)
					}
				}
				if tt.Status != "" && string(turn.Status) != tt.Status {
					t.Errorf("%s: status %s, want %s", where(), turn.Status, tt.Status)
				}
			}
			tr, err := svc.Transcript(ctx, conv.ID)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Conversation.Messages < len(c.Turns)+1 {
				t.Errorf("transcript has %d messages for %d turns", tr.Conversation.Messages, len(c.Turns))
			}
		})
	}
}

func hasAction(as []shopmind.Action, typ string) bool {
	for _, a := range as {
		if a.Type == typ {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }

func quote(s string) string {
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return "\"" + s + "\""
}

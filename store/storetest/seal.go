package storetest

import (
	"crypto/rand"
	"fmt"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// sealing returns s as a seal.Store, or fails: every store seals personal
// data.
func sealing(t testing.TB, s shopmind.Store) seal.Store {
	t.Helper()
	ss, ok := s.(seal.Store)
	if !ok {
		t.Fatalf("%T does not implement seal.Store", s)
	}
	return ss
}

func newKey(t testing.TB) *seal.Key {
	t.Helper()
	k, _, err := seal.GenerateKey(rand.Reader)
	must(t, err)
	return k
}

// withKeys returns an opener of stores that seal with a new key, so that
// a group of the suite runs again with sealing on.
func withKeys(open Opener) Opener {
	return func(tb testing.TB) shopmind.Store {
		s := open(tb)
		must(tb, sealing(tb, s).UseKeys(ctx(), seal.NewKeyring(newKey(tb))))
		return s
	}
}

// personalFixture is personal data with non-ASCII text and an empty field.
func personalFixture(id string) *shopmind.UserPersonal {
	return &shopmind.UserPersonal{UserID: id, Email: id + "@example.com", Name: "Zoë 李 " + id,
		Phone: "+44 20 7946 0958", Address: "1 High St, London SW1A 2AA"}
}

// writeSealedFixture stores three users' personal data (one with an empty
// phone) and a conversation with state and two messages.
func writeSealedFixture(t *testing.T, s shopmind.Store) {
	t.Helper()
	var users []*shopmind.User
	for _, id := range []string{"u1", "u2", "u3"} {
		users = append(users, &shopmind.User{ID: id})
	}
	must(t, s.UpsertUsers(ctx(), users))
	for _, id := range []string{"u1", "u2", "u3"} {
		p := personalFixture(id)
		if id == "u3" {
			p.Phone = ""
		}
		must(t, s.SetUserPersonal(ctx(), p))
	}
	must(t, s.SaveConversation(ctx(), &shopmind.Conversation{ID: "c1", UserID: "u1", State: []byte(`{"slots":{"email":"u1@example.com"}}`)}))
	must(t, s.AddMessages(ctx(), "c1", []*shopmind.Message{
		{Role: shopmind.RoleShopper, Text: "my e-mail is u1@example.com"},
		{Role: shopmind.RoleAgent, Author: "Ana", Text: "Thanks", Slots: map[string]string{"email": "u1@example.com"},
			Actions: []shopmind.Action{{Type: "order_status", OrderID: "A-1"}}},
	}))
}

// sealedValues is how many values writeSealedFixture seals: 3 users × 4
// fields less the empty phone, the state, and the first message's text
// plus the second's author, text, slots and actions; the first message's
// slots and actions ("null") are sealed too.
const sealedValues = 3*4 - 1 + 1 + (1 + 2) + 4

// checkSealedFixture reads the fixture back in plain text.
func checkSealedFixture(t *testing.T, s shopmind.Store) {
	t.Helper()
	for _, id := range []string{"u1", "u2", "u3"} {
		want := personalFixture(id)
		if id == "u3" {
			want.Phone = ""
		}
		got, err := s.UserPersonal(ctx(), id)
		must(t, err)
		equal(t, "personal data of "+id, got, want)
	}
	conv, err := s.Conversation(ctx(), "c1")
	must(t, err)
	equal(t, "state", string(conv.State), `{"slots":{"email":"u1@example.com"}}`)
	msgs, err := s.Messages(ctx(), "c1", 0, 0)
	must(t, err)
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2", len(msgs))
	}
	equal(t, "text", msgs[0].Text, "my e-mail is u1@example.com")
	equal(t, "author", msgs[1].Author, "Ana")
	equal(t, "slots", msgs[1].Slots, map[string]string{"email": "u1@example.com"})
	equal(t, "actions", msgs[1].Actions, []shopmind.Action{{Type: "order_status", OrderID: "A-1"}})
}

func wantDataKeyError(t *testing.T, err error, mention ...string) {
	t.Helper()
	wantCode(t, err, shopmind.EDATAKEY, "")
	for _, m := range mention {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("error %q does not mention %q", err, m)
		}
	}
}

func testSealing(t *testing.T, open Opener) {
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		k := newKey(t)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k)))
		ids, err := sealing(t, s).DataKeys(ctx())
		must(t, err)
		equal(t, "data keys of an empty store given a key", ids, []string{k.ID()})
		writeSealedFixture(t, s)
		checkSealedFixture(t, s)
		// In a transaction too, as the importer writes.
		must(t, s.Tx(ctx(), func(tx shopmind.Store) error {
			must(t, tx.UpsertUsers(ctx(), []*shopmind.User{{ID: "u4"}}))
			must(t, tx.SetUserPersonal(ctx(), personalFixture("u4")))
			got, err := tx.UserPersonal(ctx(), "u4")
			must(t, err)
			equal(t, "personal data in a transaction", got, personalFixture("u4"))
			return nil
		}))
		got, err := s.UserPersonal(ctx(), "u4")
		must(t, err)
		equal(t, "personal data after the transaction", got, personalFixture("u4"))
		// Everything was sealed already: re-sealing rewrites nothing.
		n, err := sealing(t, s).Reseal(ctx())
		must(t, err)
		equal(t, "values re-sealed with the same key", n, 0)
		must(t, s.ErasePersonal(ctx(), "u4"))
		_, err = s.UserPersonal(ctx(), "u4")
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})

	t.Run("MissingOrWrongKey", func(t *testing.T) {
		s := open(t)
		k1, k2 := newKey(t), newKey(t)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k1)))
		writeSealedFixture(t, s)
		wantDataKeyError(t, sealing(t, s).UseKeys(ctx(), nil), k1.ID(), "no data key")
		wantDataKeyError(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k2)), k1.ID(), k2.ID(), "wrong key")
		// A refused keyring changes nothing: the store still uses k1.
		checkSealedFixture(t, s)
		ids, err := sealing(t, s).DataKeys(ctx())
		must(t, err)
		equal(t, "data keys", ids, []string{k1.ID()})
	})

	t.Run("Rotate", func(t *testing.T) {
		s := open(t)
		k1, k2 := newKey(t), newKey(t)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k1)))
		writeSealedFixture(t, s)
		// The rotation keyring seals with k2 and opens k1's values.
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k2, k1)))
		n, err := sealing(t, s).Reseal(ctx())
		must(t, err)
		equal(t, "values re-sealed", n, sealedValues)
		ids, err := sealing(t, s).DataKeys(ctx())
		must(t, err)
		equal(t, "data keys after rotation", ids, []string{k2.ID()})
		wantDataKeyError(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k1)), k2.ID(), k1.ID())
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k2)))
		checkSealedFixture(t, s)
	})

	t.Run("RotateRefusesUnknownKey", func(t *testing.T) {
		s := open(t)
		k1, k2, k3 := newKey(t), newKey(t), newKey(t)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k1)))
		writeSealedFixture(t, s)
		// A keyring that cannot open k1's values is refused before any
		// change, so a rotation from the wrong old key cannot start.
		wantDataKeyError(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k3, k2)), k1.ID())
		checkSealedFixture(t, s)
	})

	t.Run("WritesRecordTheirKey", func(t *testing.T) {
		// A writer that still seals with an older key (another process
		// during a rotation) records it, so the store never holds values
		// of a key it does not list.
		s := open(t)
		k1, k2 := newKey(t), newKey(t)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k1)))
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u1"}, {ID: "u2"}}))
		must(t, s.SetUserPersonal(ctx(), personalFixture("u1")))
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k2, k1)))
		must(t, s.SetUserPersonal(ctx(), personalFixture("u2")))
		ids, err := sealing(t, s).DataKeys(ctx())
		must(t, err)
		want := []string{k1.ID(), k2.ID()}
		if want[0] > want[1] {
			want[0], want[1] = want[1], want[0]
		}
		equal(t, "data keys with values of two keys", ids, want)
		wantDataKeyError(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k2)), k1.ID())
	})

	t.Run("PlaintextSealedOnFirstKey", func(t *testing.T) {
		// Data written before encryption was turned on is sealed when the
		// store first gets a key.
		s := open(t)
		writeSealedFixture(t, s)
		ids, err := sealing(t, s).DataKeys(ctx())
		must(t, err)
		equal(t, "data keys without a key", len(ids), 0)
		must(t, sealing(t, s).UseKeys(ctx(), nil)) // nothing sealed: no key is fine
		k := newKey(t)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k)))
		checkSealedFixture(t, s)
		// Sealed already: nothing left to reseal, and no key is refused.
		n, err := sealing(t, s).Reseal(ctx())
		must(t, err)
		equal(t, "values re-sealed after the first key", n, 0)
		wantDataKeyError(t, sealing(t, s).UseKeys(ctx(), nil), k.ID())
	})

	t.Run("ManyRows", func(t *testing.T) {
		// More rows than one page of Reseal.
		s := open(t)
		k1, k2 := newKey(t), newKey(t)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k1)))
		const n = 1234
		users := make([]*shopmind.User, n)
		for i := range users {
			users[i] = &shopmind.User{ID: fmt.Sprintf("u%04d", i)}
		}
		must(t, s.UpsertUsers(ctx(), users))
		must(t, s.Tx(ctx(), func(tx shopmind.Store) error {
			for _, u := range users {
				must(t, tx.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: u.ID, Email: u.ID + "@example.com"}))
			}
			return nil
		}))
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k2, k1)))
		got, err := sealing(t, s).Reseal(ctx())
		must(t, err)
		equal(t, "values re-sealed", got, n)
		must(t, sealing(t, s).UseKeys(ctx(), seal.NewKeyring(k2)))
		for _, i := range []int{0, 499, 500, 501, n - 1} {
			p, err := s.UserPersonal(ctx(), users[i].ID)
			must(t, err)
			equal(t, "email", p.Email, users[i].ID+"@example.com")
		}
	})
}

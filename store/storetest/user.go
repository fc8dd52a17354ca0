package storetest

import (
	"fmt"
	"testing"

	"github.com/shopmind/shopmind"
)

func testUsers(t *testing.T, open Opener) {
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		tests := []*shopmind.User{
			{ID: "full", Attributes: map[string]string{"country": "DE", "segment": "vip", "": "empty key"}, CreatedAt: base, UpdatedAt: base.Add(1e9)},
			{ID: "nil", CreatedAt: base, UpdatedAt: base},
			{ID: "empty", Attributes: map[string]string{}, CreatedAt: base, UpdatedAt: base},
		}
		must(t, s.UpsertUsers(ctx(), tests))
		for _, u := range tests {
			got, err := s.User(ctx(), u.ID)
			must(t, err)
			want := *u
			want.CreatedAt, want.UpdatedAt = stored(u.CreatedAt), stored(u.UpdatedAt)
			equal(t, "user "+u.ID, got, &want)
		}
	})

	t.Run("TimesAndNoOp", func(t *testing.T) {
		s := open(t)
		c := startClock()
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u", Attributes: map[string]string{"a": "1"}}}))
		first, err := s.User(ctx(), "u")
		must(t, err)
		c.check(t, "CreatedAt", first.CreatedAt)
		equal(t, "UpdatedAt on insert", first.UpdatedAt, first.CreatedAt)
		pause()
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u", Attributes: map[string]string{"a": "1"}}}))
		again, err := s.User(ctx(), "u")
		must(t, err)
		equal(t, "user after equal upsert", again, first)
		pause()
		c = startClock()
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u", Attributes: map[string]string{"a": "2"}}}))
		changed, err := s.User(ctx(), "u")
		must(t, err)
		equal(t, "CreatedAt after replace", changed.CreatedAt, first.CreatedAt)
		c.check(t, "UpdatedAt after replace", changed.UpdatedAt)
		equal(t, "attributes after replace", changed.Attributes, map[string]string{"a": "2"})
	})

	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		_, err := s.User(ctx(), "missing")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteUser(ctx(), "missing"), shopmind.ENOTFOUND, "")
		wantCode(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "ok"}, {ID: " padded"}}), shopmind.EINVALID, "users[1].id")
		_, err = s.User(ctx(), "ok")
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})

	t.Run("Pages", func(t *testing.T) {
		s := open(t)
		var users []*shopmind.User
		var want []string
		for i := range shopmind.MaxLimit + 5 {
			id := fmt.Sprintf("user-%05d", i)
			users = append(users, &shopmind.User{ID: id})
			want = append(want, id)
		}
		must(t, s.UpsertUsers(ctx(), users))
		limits := []struct {
			name      string
			limit     int
			wantFirst int
		}{
			{"Zero", 0, shopmind.DefaultLimit},
			{"Negative", -5, shopmind.DefaultLimit},
			{"Small", 7, 7},
			{"Max", shopmind.MaxLimit, shopmind.MaxLimit},
			{"AboveMax", shopmind.MaxLimit * 5, shopmind.MaxLimit},
		}
		for _, tt := range limits {
			t.Run(tt.name, func(t *testing.T) {
				got, next, err := s.Users(ctx(), shopmind.UserFilter{Limit: tt.limit})
				must(t, err)
				equal(t, "first page", ids(got), want[:tt.wantFirst])
				if next == "" {
					t.Fatal("no next cursor on a full first page")
				}
				rest, next2, err := s.Users(ctx(), shopmind.UserFilter{After: next, Limit: shopmind.MaxLimit})
				must(t, err)
				equal(t, "second page", ids(rest), want[tt.wantFirst:min(len(want), tt.wantFirst+shopmind.MaxLimit)])
				if tt.wantFirst+shopmind.MaxLimit >= len(want) && next2 != "" {
					t.Errorf("next cursor %q after the last page", next2)
				}
			})
		}
		all := collect(t, 333, func(after string, limit int) ([]*shopmind.User, string, error) {
			return s.Users(ctx(), shopmind.UserFilter{After: after, Limit: limit})
		})
		equal(t, "all users in pages of 333", ids(all), want)
		_, _, err := s.Users(ctx(), shopmind.UserFilter{After: "%%%"})
		wantCode(t, err, shopmind.EINVALID, "after")
	})

	t.Run("Personal", func(t *testing.T) {
		s := open(t)
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u"}, {ID: "v"}}))
		p := &shopmind.UserPersonal{UserID: "u", Email: "a@example.com", Name: "Ann Example", Phone: "+49 1", Address: "Main St 1\n10115 Berlin"}
		_, err := s.UserPersonal(ctx(), "u")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		must(t, s.SetUserPersonal(ctx(), p))
		got, err := s.UserPersonal(ctx(), "u")
		must(t, err)
		equal(t, "personal", got, p)

		// Setting again replaces every field.
		p2 := &shopmind.UserPersonal{UserID: "u", Email: "b@example.com"}
		must(t, s.SetUserPersonal(ctx(), p2))
		got, err = s.UserPersonal(ctx(), "u")
		must(t, err)
		equal(t, "replaced personal", got, p2)

		wantCode(t, s.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: "ghost", Email: "x"}), shopmind.ENOTFOUND, "")
		wantCode(t, s.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: ""}), shopmind.EINVALID, "user_id")

		must(t, s.ErasePersonal(ctx(), "u"))
		_, err = s.UserPersonal(ctx(), "u")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		must(t, s.ErasePersonal(ctx(), "u")) // nothing to erase is fine
		_, err = s.User(ctx(), "u")
		must(t, err) // the user stays

		// DeleteUser takes personal data with it, and it does not come back
		// with a new user of the same id.
		must(t, s.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: "v", Name: "Vee"}))
		must(t, s.DeleteUser(ctx(), "v"))
		_, err = s.User(ctx(), "v")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		_, err = s.UserPersonal(ctx(), "v")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "v"}}))
		_, err = s.UserPersonal(ctx(), "v")
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})

	t.Run("DeleteKeepsActivity", func(t *testing.T) {
		s := open(t)
		must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "u"}}))
		_, err := s.AddEvents(ctx(), []*shopmind.Event{{UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: base}})
		must(t, err)
		must(t, s.UpsertOrders(ctx(), []*shopmind.Order{testOrder("o", "u")}))
		must(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "r", ItemID: "i", UserID: "u", Text: "ok"}}))
		must(t, s.DeleteUser(ctx(), "u"))
		n, err := s.Counts(ctx())
		must(t, err)
		equal(t, "counts after DeleteUser", n, shopmind.Counts{Events: 1, Orders: 1, Reviews: 1})
	})
}

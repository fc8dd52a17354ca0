package storetest

import (
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy"
)

// seedErasure stores a shopper "ann" with personal data, three events in
// two sessions, an order, a review, a conversation of two messages and an
// exposure, and a shopper "bob" with one of each that erasing ann must
// leave alone.
func seedErasure(t *testing.T, s shopmind.Store) {
	t.Helper()
	must(t, s.UpsertUsers(ctx(), []*shopmind.User{{ID: "ann", Attributes: map[string]string{"segment": "vip"}}, {ID: "bob"}}))
	must(t, s.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: "ann", Email: "ann@example.org", Name: "Ann Smith", Phone: "+44 20 7946 0958"}))
	must(t, s.SetUserPersonal(ctx(), &shopmind.UserPersonal{UserID: "bob", Email: "bob@example.org"}))
	_, err := s.AddEvents(ctx(), []*shopmind.Event{
		{UserID: "ann", ItemID: "i1", Type: shopmind.EventView, Time: base, SessionID: "sess-ann-1"},
		{UserID: "ann", ItemID: "i1", Type: shopmind.EventPurchase, Value: 1, Time: base.Add(time.Minute), SessionID: "sess-ann-1", RecommendationID: "r-ann"},
		{UserID: "ann", ItemID: "i2", Type: shopmind.EventView, Time: base.Add(time.Hour), SessionID: "sess-ann-2"},
		{UserID: "bob", ItemID: "i1", Type: shopmind.EventView, Time: base, SessionID: "sess-bob"},
	})
	must(t, err)
	line := []shopmind.OrderLine{{ItemID: "i1", Quantity: 1, UnitPrice: 10}}
	must(t, s.UpsertOrders(ctx(), []*shopmind.Order{
		{ID: "o-ann", UserID: "ann", Status: shopmind.OrderPaid, Currency: "EUR", Lines: line, CreatedAt: base},
		{ID: "o-bob", UserID: "bob", Status: shopmind.OrderPaid, Currency: "EUR", Lines: line, CreatedAt: base},
	}))
	must(t, s.UpsertReviews(ctx(), []*shopmind.Review{
		{ID: "rv-ann", ItemID: "i1", UserID: "ann", Rating: 5, Text: "Lovely kettle", CreatedAt: base},
		{ID: "rv-bob", ItemID: "i1", UserID: "bob", Rating: 4, Text: "Fine", CreatedAt: base},
	}))
	for _, c := range []*shopmind.Conversation{{ID: "c-ann", UserID: "ann"}, {ID: "c-bob", UserID: "bob"}} {
		must(t, s.SaveConversation(ctx(), c))
	}
	must(t, s.AddMessages(ctx(), "c-ann", []*shopmind.Message{
		{Role: shopmind.RoleShopper, Text: "my e-mail is ann@example.org"}, {Role: shopmind.RoleAssistant, Text: "Thanks"}}))
	must(t, s.AddMessages(ctx(), "c-bob", []*shopmind.Message{{Role: shopmind.RoleShopper, Text: "hello"}}))
	must(t, s.CreateExperiment(ctx(), newExperiment("exp", "home")))
	_, err = s.AddExposures(ctx(), []*shopmind.Exposure{
		{RecommendationID: "r-ann", ExperimentID: "exp", Variant: "control", UserID: "ann", Time: base},
		{RecommendationID: "r-bob", ExperimentID: "exp", Variant: "control", UserID: "bob", Time: base},
	})
	must(t, err)
}

// checkBobKept fails unless bob's data is all still there.
func checkBobKept(t *testing.T, s shopmind.Store) {
	t.Helper()
	x, err := privacy.Export(ctx(), s, "bob", time.Now())
	must(t, err)
	if x.User == nil || x.Personal == nil || x.Personal.Email != "bob@example.org" {
		t.Errorf("bob's user or personal data changed: %s", dump(x))
	}
	equal(t, "bob's events, orders, reviews, conversations, exposures",
		[]int{len(x.Events), len(x.Orders), len(x.Reviews), len(x.Conversations), len(x.Exposures)}, []int{1, 1, 1, 1, 1})
	if len(x.Conversations) == 1 {
		equal(t, "bob's messages", len(x.Conversations[0].Messages), 1)
	}
}

func testErasure(t *testing.T, open Opener) {
	t.Run("Export", func(t *testing.T) {
		s := open(t)
		seedErasure(t, s)
		x, err := privacy.Export(ctx(), s, "ann", time.Now())
		must(t, err)
		equal(t, "user", x.User.ID, "ann")
		equal(t, "email", x.Personal.Email, "ann@example.org")
		equal(t, "events", len(x.Events), 3)
		equal(t, "orders", ids(x.Orders), []string{"o-ann"})
		equal(t, "reviews", ids(x.Reviews), []string{"rv-ann"})
		equal(t, "conversations", len(x.Conversations), 1)
		equal(t, "messages", len(x.Conversations[0].Messages), 2)
		equal(t, "exposures", len(x.Exposures), 1)
		_, err = privacy.Export(ctx(), s, "nobody", time.Now())
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})

	t.Run("Delete", func(t *testing.T) {
		s := open(t)
		seedErasure(t, s)
		before, err := s.Counts(ctx())
		must(t, err)
		er, err := s.EraseUser(ctx(), "ann", shopmind.EraseOptions{Pseudonym: "anon-1"})
		must(t, err)
		equal(t, "erasure", []any{er.UserID, er.User, er.Personal, er.EventsMode, er.Events, er.Exposures, er.Orders, er.Reviews, er.Conversations, er.Messages},
			[]any{"ann", true, true, shopmind.EraseEventsDelete, int64(3), int64(1), int64(1), int64(1), int64(1), int64(2)})
		if er.ErasedAt.IsZero() {
			t.Error("ErasedAt is zero")
		}
		_, err = s.User(ctx(), "ann")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		_, err = s.UserPersonal(ctx(), "ann")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		_, err = s.Conversation(ctx(), "c-ann")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		_, err = privacy.Export(ctx(), s, "ann", time.Now())
		wantCode(t, err, shopmind.ENOTFOUND, "")
		o, err := s.Order(ctx(), "o-ann")
		must(t, err)
		equal(t, "order kept under the pseudonym", o.UserID, "anon-1")
		rv, err := s.Review(ctx(), "rv-ann")
		must(t, err)
		equal(t, "review kept without author", []string{rv.UserID, rv.Text}, []string{"", "Lovely kettle"})
		evs, _, err := s.Events(ctx(), shopmind.EventFilter{UserID: "anon-1"})
		must(t, err)
		equal(t, "no events under the pseudonym", len(evs), 0)
		after, err := s.Counts(ctx())
		must(t, err)
		want := before
		want.Events = before.Events - 3 // users: ann out, the anonymous anon-1 in
		equal(t, "counts", after, want)
		anon, err := s.User(ctx(), "anon-1")
		must(t, err)
		equal(t, "the pseudonym is a user without attributes", anon.Attributes, map[string]string(nil))
		checkBobKept(t, s)
		must(t, s.Compact(ctx()))
		checkBobKept(t, s)
	})

	t.Run("Pseudonymise", func(t *testing.T) {
		s := open(t)
		seedErasure(t, s)
		er, err := s.EraseUser(ctx(), "ann", shopmind.EraseOptions{Events: shopmind.EraseEventsPseudonymise, Pseudonym: "anon-2"})
		must(t, err)
		equal(t, "events and exposures moved", []int64{er.Events, er.Exposures}, []int64{3, 1})
		evs, _, err := s.Events(ctx(), shopmind.EventFilter{UserID: "ann"})
		must(t, err)
		equal(t, "events left under ann", len(evs), 0)
		evs, _, err = s.Events(ctx(), shopmind.EventFilter{UserID: "anon-2"})
		must(t, err)
		equal(t, "events under the pseudonym", len(evs), 3)
		sessions := map[string]int{}
		for _, e := range evs {
			sessions[e.SessionID]++
			if e.ID != shopmind.EventID(e) {
				t.Errorf("event %s keeps an id not derived from its new content", e.ID)
			}
		}
		equal(t, "sessions renamed, grouping kept", sessions, map[string]int{"anon-2-s1": 2, "anon-2-s2": 1})
		xs, _, err := s.Exposures(ctx(), shopmind.ExposureFilter{ExperimentID: "exp", UserID: "anon-2"})
		must(t, err)
		equal(t, "exposure under the pseudonym", ids2(xs), []string{"r-ann"})
		n, err := s.Counts(ctx())
		must(t, err)
		equal(t, "events kept", n.Events, int64(4))
		equal(t, "users: bob and the pseudonym", n.Users, int64(2))
		checkBobKept(t, s)
	})

	t.Run("NotFound", func(t *testing.T) {
		s := open(t)
		seedErasure(t, s)
		_, err := s.EraseUser(ctx(), "nobody", shopmind.EraseOptions{Pseudonym: "anon-3"})
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})

	t.Run("EventsOnly", func(t *testing.T) {
		// A shopper known only from their events is erased too.
		s := open(t)
		_, err := s.AddEvents(ctx(), []*shopmind.Event{{UserID: "ghost", ItemID: "i1", Type: shopmind.EventView, Time: base}})
		must(t, err)
		er, err := s.EraseUser(ctx(), "ghost", shopmind.EraseOptions{Pseudonym: "anon-4"})
		must(t, err)
		equal(t, "user, events", []any{er.User, er.Events}, []any{false, int64(1)})
		_, err = s.User(ctx(), "anon-4")
		wantCode(t, err, shopmind.ENOTFOUND, "") // nothing kept: no pseudonym user
	})

	t.Run("Invalid", func(t *testing.T) {
		s := open(t)
		seedErasure(t, s)
		_, err := s.EraseUser(ctx(), "ann", shopmind.EraseOptions{Events: "shred", Pseudonym: "anon-5"})
		wantCode(t, err, shopmind.EINVALID, "events")
		_, err = s.EraseUser(ctx(), "ann", shopmind.EraseOptions{})
		wantCode(t, err, shopmind.EINVALID, "pseudonym")
		_, err = s.EraseUser(ctx(), "ann", shopmind.EraseOptions{Pseudonym: "ann"})
		wantCode(t, err, shopmind.EINVALID, "pseudonym")
		_, err = s.EraseUser(ctx(), "", shopmind.EraseOptions{Pseudonym: "anon-5"})
		wantCode(t, err, shopmind.EINVALID, "id")
		// A pseudonym that is a user's id is refused and changes nothing.
		_, err = s.EraseUser(ctx(), "ann", shopmind.EraseOptions{Pseudonym: "bob"})
		wantCode(t, err, shopmind.ECONFLICT, "pseudonym")
		x, err := privacy.Export(ctx(), s, "ann", time.Now())
		must(t, err)
		equal(t, "ann untouched", []int{len(x.Events), len(x.Orders), len(x.Reviews), len(x.Conversations)}, []int{3, 1, 1, 1})
	})

	t.Run("InTx", func(t *testing.T) {
		s := open(t)
		seedErasure(t, s)
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			if _, err := tx.EraseUser(ctx(), "ann", shopmind.EraseOptions{Pseudonym: "anon-6"}); err != nil {
				return err
			}
			wantCode(t, tx.Compact(ctx()), shopmind.EINVALID, "")
			return shopmind.Errorf(shopmind.ECONFLICT, "roll back")
		})
		wantCode(t, err, shopmind.ECONFLICT, "")
		_, err = s.User(ctx(), "ann")
		must(t, err)
	})

	t.Run("DeleteModel", func(t *testing.T) {
		s := open(t)
		for range 3 {
			must(t, s.SaveModel(ctx(), &shopmind.Model{Name: "recommend/ease", Data: []byte("x")}))
		}
		must(t, s.DeleteModel(ctx(), "recommend/ease", 2))
		wantCode(t, s.DeleteModel(ctx(), "recommend/ease", 2), shopmind.ENOTFOUND, "")
		list, err := s.Models(ctx(), "recommend/ease")
		must(t, err)
		var versions []int
		for _, m := range list {
			versions = append(versions, m.Version)
		}
		equal(t, "versions left", len(versions), 2)
		_, err = s.Model(ctx(), "recommend/ease", 2)
		wantCode(t, err, shopmind.ENOTFOUND, "")
		m := &shopmind.Model{Name: "recommend/ease", Data: []byte("y")}
		must(t, s.SaveModel(ctx(), m))
		equal(t, "next version", m.Version, 4)
	})
}

func ids2(xs []*shopmind.Exposure) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, x.RecommendationID)
	}
	return out
}

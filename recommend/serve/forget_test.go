package serve

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// itemIDs lists a recommendation list's item ids.
func itemIDs(l *shopmind.RecommendationList) []string {
	var out []string
	for _, r := range l.Items {
		out = append(out, r.ItemID)
	}
	return out
}

// TestServiceForget erases a buyer's events from the store, which alone
// leaves their trained history and vectors in the served model (their list
// stays personal), then has the service forget them: their list is the
// popular list at once, the stored version they were in is gone, the copy
// saved in its place does not know them, and its per-user state of them is
// zero.
func TestServiceForget(t *testing.T) {
	ctx := context.Background()
	for _, model := range []string{"hybrid", "ease", "als", "bpr", "userknn", "neumf"} {
		t.Run(model, func(t *testing.T) {
			s, db, shop := mustService(t, model)
			user, _ := buyer(t, shop)
			name := ModelPrefix + model
			u, _ := s.cur.Load().Bundle().UserIndex(user)
			nItems := len(s.cur.Load().Bundle().Items)
			before := make([]float32, nItems)
			s.cur.Load().Bundle().Model.Score(u, nil, before)

			if _, err := db.EraseUser(ctx, user, shopmind.EraseOptions{Pseudonym: "anon-x"}); err != nil {
				t.Fatal(err)
			}
			opt := shopmind.RecommendOptions{N: 10}
			l, err := s.RecommendForUser(ctx, user, opt)
			if err != nil {
				t.Fatal(err)
			}
			if l.ColdStart {
				t.Fatal("the list is cold before Forget: the test cannot tell Forget's effect")
			}

			got, err := s.Forget(ctx, user)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{name + " v1 (served)", name + " v1 (stored as v2)"}; !slices.Equal(got, want) {
				t.Errorf("Forget = %q, want %q", got, want)
			}
			l, err = s.RecommendForUser(ctx, user, opt)
			if err != nil {
				t.Fatal(err)
			}
			pop, err := s.Popular(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !l.ColdStart || !slices.Equal(itemIDs(l), itemIDs(pop)) {
				t.Errorf("after Forget: cold %v, list %v, popular %v", l.ColdStart, itemIDs(l), itemIDs(pop))
			}

			if _, err := db.Model(ctx, name, 1); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				t.Errorf("version 1 still stored: %v", err)
			}
			m, err := db.Model(ctx, name, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, b, err := recommend.DecodeArtifact(m)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := b.UserIndex(user); ok || m.Version != 2 {
				t.Fatalf("stored v%d still knows the user", m.Version)
			}
			after := make([]float32, nItems)
			b.Model.Score(u, nil, after)
			if recommend.HoldsUsers(b.Model) && slices.Equal(before, after) {
				t.Errorf("%s keeps the user's state", model)
			}
			if model == "als" || model == "userknn" {
				if slices.ContainsFunc(after, func(v float32) bool { return v != 0 }) {
					t.Errorf("%s scores the forgotten user's index", model)
				}
			}

			// A restart serves the stored copy: still cold.
			s2 := NewService(db, s.Config)
			if err := s2.Load(ctx); err != nil {
				t.Fatal(err)
			}
			if l, err := s2.RecommendForUser(ctx, user, opt); err != nil || !l.ColdStart {
				t.Errorf("after a reload: cold %v, err %v", l != nil && l.ColdStart, err)
			}
			// Forgetting again finds nothing left.
			if got, err := s.Forget(ctx, user); err != nil || len(got) != 0 {
				t.Errorf("second Forget = %q, %v", got, err)
			}
		})
	}
}

// TestServiceForgetLaterVersion: a version loaded after Forget (trained
// before the erasure reached the store) is served without the user.
func TestServiceForgetLaterVersion(t *testing.T) {
	ctx := context.Background()
	s, db, shop := mustService(t, "ease")
	user, _ := buyer(t, shop)
	m, err := s.Train(ctx, "ease", nil) // still knows the user
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EraseUser(ctx, user, shopmind.EraseOptions{Pseudonym: "anon-y"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Forget(ctx, user); err != nil {
		t.Fatal(err)
	}
	if err := s.Swap(ctx, m); err != nil {
		t.Fatal(err)
	}
	l, err := s.RecommendForUser(ctx, user, shopmind.RecommendOptions{N: 10})
	if err != nil || !l.ColdStart {
		t.Errorf("cold %v, err %v", l != nil && l.ColdStart, err)
	}
}

// TestServiceForgetTraining: a training whose data was read before the
// erasure saves a version without the user; a user who comes back with new
// events after it is trained on again.
func TestServiceForgetTraining(t *testing.T) {
	ctx := context.Background()
	s, db, shop := mustService(t, "als")
	user, _ := buyer(t, shop)
	// The store still holds the user's events, as for a training that read
	// them just before the erasure committed.
	if _, err := s.Forget(ctx, user); err != nil {
		t.Fatal(err)
	}
	m, err := s.Train(ctx, "als", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, b, err := recommend.DecodeArtifact(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.UserIndex(user); ok {
		t.Fatal("a training on data read before the erasure saved the user")
	}
	// The user comes back: a new event arrives after the erasure.
	if _, err := db.AddEvents(ctx, []*shopmind.Event{{UserID: user, ItemID: shop.Items[0].ID, Type: shopmind.EventPurchase,
		Time: s.Now().Add(-time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	m, err = s.Train(ctx, "als", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, b, err = recommend.DecodeArtifact(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.UserIndex(user); !ok {
		t.Fatal("a user who came back after the erasure is left out of later trainings")
	}
	if err := s.Swap(ctx, m); err != nil {
		t.Fatal(err)
	}
	if l, err := s.RecommendForUser(ctx, user, shopmind.RecommendOptions{N: 5}); err != nil || l.ColdStart {
		t.Errorf("the returning user is served cold: %v", err)
	}
}

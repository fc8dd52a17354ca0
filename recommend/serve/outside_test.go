package serve

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// outsideFixture is a service whose trainings run "outside": another
// service on the same store trains and saves, as the child process serve
// starts would.
func outsideFixture(t *testing.T) (*Service, *Service, func() *shopmind.Model) {
	t.Helper()
	db, _ := mustShopStore(t)
	now := func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	s := NewService(db, ServiceConfig{Model: "itemknn"})
	child := NewService(db, ServiceConfig{Model: "itemknn"})
	s.Now, child.Now = now, now
	newest := func() *shopmind.Model {
		t.Helper()
		list, err := db.Models(context.Background(), ModelPrefix+"itemknn")
		if err != nil || len(list) == 0 {
			t.Fatalf("stored versions: %v %v", list, err)
		}
		m := list[0]
		for _, x := range list {
			if x.Version > m.Version {
				m = x
			}
		}
		return m
	}
	return s, child, newest
}

// TestRetrainOutside: with TrainOutside, a training runs there and the
// service serves the version it saved; nothing is trained in the process.
func TestRetrainOutside(t *testing.T) {
	s, child, newest := outsideFixture(t)
	ctx := context.Background()
	calls := 0
	s.TrainOutside = func(ctx context.Context, model string) error {
		calls++
		_, err := child.Train(ctx, model, nil)
		return err
	}
	for want := 1; want <= 2; want++ {
		if err := s.retrain(ctx); err != nil {
			t.Fatal(err)
		}
		if calls != want || s.Current() == nil || s.Current().Version != want || newest().Version != want {
			t.Fatalf("after training %d: %d outside calls, serving %+v, newest stored v%d", want, calls, s.Current(), newest().Version)
		}
	}
}

// TestRetrainOutsideFails: a training outside that fails (the binary gone,
// killed) is done in the process instead.
func TestRetrainOutsideFails(t *testing.T) {
	s, _, newest := outsideFixture(t)
	s.TrainOutside = func(context.Context, string) error { return errors.New("exec: no such file") }
	if err := s.retrain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Current() == nil || s.Current().Version != 1 || newest().Version != 1 {
		t.Fatalf("serving %+v after a failed outside training, want v1 trained here", s.Current())
	}
}

// TestRetrainOutsideForgetsErased: a user erased in this process after the
// outside training read the store is served without, and is not in the
// version left in the store either (as Train scrubs before saving).
func TestRetrainOutsideForgetsErased(t *testing.T) {
	s, child, newest := outsideFixture(t)
	ctx := context.Background()
	var erased string
	s.TrainOutside = func(ctx context.Context, model string) error {
		// The child reads the store; the user is erased here meanwhile.
		sd, err := child.readShop(ctx, nil)
		if err != nil {
			return err
		}
		erased = sd.inter[0].User
		if _, err := s.Forget(ctx, erased); err != nil {
			return err
		}
		_, err = child.Train(ctx, model, nil)
		return err
	}
	if err := s.retrain(ctx); err != nil {
		t.Fatal(err)
	}
	m, err := s.Store.Model(ctx, ModelPrefix+"itemknn", newest().Version)
	if err != nil {
		t.Fatal(err)
	}
	if known, err := recommend.StoredKnows(m, erased); err != nil || known {
		t.Fatalf("the stored v%d knows the erased %s: %v %v", m.Version, erased, known, err)
	}
	list, err := s.RecommendForUser(ctx, erased, shopmind.RecommendOptions{N: 5})
	if err != nil || !list.ColdStart {
		t.Fatalf("the erased user's list: %v %+v, want cold start", err, list)
	}
}

package privacy_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
	"github.com/shopmind/shopmind/privacy"
)

// forgetter is a shopmind.Forgetter that knows some users.
type forgetter struct {
	known map[string]bool
	err   error
}

func (f *forgetter) Forget(ctx context.Context, userID string) ([]string, error) {
	if f.err != nil {
		return nil, f.err
	}
	if !f.known[userID] {
		return nil, nil
	}
	delete(f.known, userID)
	return []string{"model " + userID}, nil
}

func TestServiceEraseUser(t *testing.T) {
	ctx := context.Background()
	newStore := func(stored map[string]bool, compacts *int) *mock.Store {
		s := &mock.Store{}
		s.EraseUserFn = func(ctx context.Context, id string, opt shopmind.EraseOptions) (*shopmind.Erasure, error) {
			if err := opt.Validate(); err != nil {
				return nil, err
			}
			if !stored[id] {
				return nil, shopmind.Errorf(shopmind.ENOTFOUND, "user %q not found", id)
			}
			delete(stored, id)
			return &shopmind.Erasure{UserID: id, User: true, EventsMode: opt.Events}, nil
		}
		s.CompactFn = func(context.Context) error { *compacts++; return nil }
		return s
	}

	t.Run("OK", func(t *testing.T) {
		var compacts int
		f := &forgetter{known: map[string]bool{"u1": true}}
		p := &privacy.Service{Store: newStore(map[string]bool{"u1": true}, &compacts), Forgetters: []shopmind.Forgetter{f}}
		er, err := p.EraseUser(ctx, "u1")
		if err != nil || !er.User || !er.Compacted || len(er.Models) != 1 || er.EventsMode != shopmind.EraseEventsDelete || compacts != 1 {
			t.Fatalf("erasure %+v, %v, compactions %d", er, err, compacts)
		}
		// Nothing left anywhere: not found, and no compaction.
		if _, err := p.EraseUser(ctx, "u1"); shopmind.ErrorCode(err) != shopmind.ENOTFOUND || compacts != 1 {
			t.Errorf("second erasure: %v, compactions %d", err, compacts)
		}
	})

	t.Run("ModelOnly", func(t *testing.T) {
		// The store forgot the user, a model did not (it failed the first
		// time): erasing again reaches the model.
		var compacts int
		f := &forgetter{known: map[string]bool{"u2": true}}
		p := &privacy.Service{Store: newStore(map[string]bool{}, &compacts), Forgetters: []shopmind.Forgetter{f}}
		er, err := p.EraseUser(ctx, "u2")
		if err != nil || er.User || len(er.Models) != 1 || !er.Compacted {
			t.Fatalf("erasure %+v, %v", er, err)
		}
	})

	t.Run("ModelFails", func(t *testing.T) {
		var compacts int
		f := &forgetter{err: errors.New("disk full")}
		p := &privacy.Service{Store: newStore(map[string]bool{"u3": true}, &compacts), Forgetters: []shopmind.Forgetter{f}}
		if _, err := p.EraseUser(ctx, "u3"); err == nil {
			t.Fatal("a failed model gave no error")
		}
		if compacts != 1 {
			t.Errorf("the store erased the user but was compacted %d times, want 1", compacts)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		var compacts int
		p := &privacy.Service{Store: newStore(nil, &compacts), Events: "shred"}
		if _, err := p.EraseUser(ctx, ""); shopmind.ErrorField(err) != "id" {
			t.Errorf("empty id: %v", err)
		}
		if _, err := p.EraseUser(ctx, "u4"); shopmind.ErrorField(err) != "events" {
			t.Errorf("bad events mode: %v", err)
		}
	})
}

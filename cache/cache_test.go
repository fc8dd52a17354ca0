package cache

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/store/sqlite"
)

// countingDB is a SQLite store that counts the reads serving used to make
// at every request.
type countingDB struct {
	*sqlite.DB
	keyByHash, running atomic.Int64
}

func (d *countingDB) KeyByHash(ctx context.Context, hash string) (*shopmind.APIKey, error) {
	d.keyByHash.Add(1)
	return d.DB.KeyByHash(ctx, hash)
}

func (d *countingDB) Experiments(ctx context.Context, f shopmind.ExperimentFilter) ([]*shopmind.Experiment, error) {
	if f.Status == shopmind.ExperimentRunning {
		d.running.Add(1)
	}
	return d.DB.Experiments(ctx, f)
}

func mustOpen(t *testing.T) *countingDB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &countingDB{DB: db}
}

// clock is a settable time for a refresher.
type clock struct{ t atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.t.Store(time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) Now() time.Time          { return time.Unix(0, c.t.Load()) }
func (c *clock) Advance(d time.Duration) { c.t.Add(int64(d)) }

func newKey(t *testing.T, name string) (string, *shopmind.APIKey) {
	t.Helper()
	secret, k, err := shopmind.NewAPIKey(rand.Reader, name, shopmind.RoleRead, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return secret, k
}

func TestKeys(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	clk := newClock()
	keys := NewKeys(db, time.Second)
	keys.r.now = clk.Now
	secret, k := newKey(t, "storefront")
	if err := keys.CreateKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	t.Run("ReadsNothing", func(t *testing.T) {
		before := db.keyByHash.Load()
		for range 100 {
			got, err := keys.KeyByHash(ctx, shopmind.HashKey(secret))
			if err != nil || got.ID != k.ID {
				t.Fatalf("KeyByHash = %v, %v", got, err)
			}
		}
		if n := db.keyByHash.Load() - before; n != 0 {
			t.Fatalf("100 authentications read the store %d times, want 0", n)
		}
	})
	t.Run("UnknownNotRemembered", func(t *testing.T) {
		for i := range 1000 {
			if _, err := keys.KeyByHash(ctx, shopmind.HashKey(fmt.Sprintf("sm_x_%d", i))); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				t.Fatalf("unknown key: %v, want ENOTFOUND", err)
			}
		}
		if n := len(keys.byHash); n != 1 {
			t.Fatalf("after 1000 unknown keys the cache holds %d keys, want the 1 stored", n)
		}
	})
	t.Run("RevokedAtOnce", func(t *testing.T) {
		s, k := newKey(t, "revoked")
		if err := keys.CreateKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if _, err := keys.KeyByHash(ctx, shopmind.HashKey(s)); err != nil {
			t.Fatal(err)
		}
		if err := keys.DeleteKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := keys.KeyByHash(ctx, shopmind.HashKey(s)); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			t.Fatalf("revoked key: %v, want ENOTFOUND", err)
		}
	})
	t.Run("OtherProcess", func(t *testing.T) {
		s, k := newKey(t, "made by the CLI")
		if err := db.DB.CreateKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if _, err := keys.KeyByHash(ctx, shopmind.HashKey(s)); err != nil {
			t.Fatalf("key created by another process: %v", err)
		}
		if err := db.DB.DeleteKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
		if _, err := keys.KeyByHash(ctx, shopmind.HashKey(s)); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			t.Fatalf("key revoked by another process, Every later: %v, want ENOTFOUND", err)
		}
	})
}

func TestConsents(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	clk := newClock()
	c := NewConsents(db, time.Second)
	c.r.now = clk.Now
	refuses := func(user string) bool {
		t.Helper()
		no, err := c.RefusesPersonalisation(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		return no
	}
	if refuses("u1") {
		t.Fatal("u1 refuses before any consent")
	}
	t.Run("Tx", func(t *testing.T) {
		err := c.Tx(ctx, func(tx shopmind.Store) error {
			return tx.SetConsents(ctx, []*shopmind.Consent{{UserID: "u1", NoPersonalisation: true}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if !refuses("u1") {
			t.Fatal("u1 does not refuse right after the transaction")
		}
		if err := c.SetConsents(ctx, []*shopmind.Consent{{UserID: "u1"}}); err != nil {
			t.Fatal(err)
		}
		if refuses("u1") {
			t.Fatal("u1 still refuses right after consenting")
		}
	})
	t.Run("RolledBack", func(t *testing.T) {
		err := c.Tx(ctx, func(tx shopmind.Store) error {
			if err := tx.SetConsents(ctx, []*shopmind.Consent{{UserID: "u2", NoPersonalisation: true}}); err != nil {
				return err
			}
			return shopmind.Errorf(shopmind.ECONFLICT, "changed my mind")
		})
		if err == nil || refuses("u2") {
			t.Fatalf("rolled back consent applies: %v", err)
		}
	})
	t.Run("OtherProcess", func(t *testing.T) {
		if err := db.DB.SetConsents(ctx, []*shopmind.Consent{{UserID: "u3", NoPersonalisation: true}}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
		if !refuses("u3") {
			t.Fatal("consent set by another process does not apply Every later")
		}
	})
	t.Run("Forget", func(t *testing.T) {
		if _, err := db.DB.EraseUser(ctx, "u3", shopmind.EraseOptions{Pseudonym: "anon-1"}); err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			t.Fatal(err)
		}
		if names, err := c.Forget(ctx, "u3"); err != nil || len(names) != 0 {
			t.Fatalf("Forget = %v, %v", names, err)
		}
		if refuses("u3") {
			t.Fatal("erased user still in the set")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		if _, err := c.RefusesPersonalisation(ctx, "bad id\x00"); shopmind.ErrorField(err) != "user_id" {
			t.Fatalf("bad id: %v, want EINVALID naming user_id", err)
		}
	})
}

func TestExperiments(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	clk := newClock()
	c := NewExperiments(db, time.Second)
	c.r.now = clk.Now
	svc := experiment.NewService(c)
	e := &shopmind.Experiment{ID: "home", Surface: experiment.SurfaceUser, Horizon: 10,
		Variants: []shopmind.Variant{{Name: "a", Share: 0.5}, {Name: "b", Share: 0.5}}}
	if err := svc.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	assigned := func(user string) bool {
		t.Helper()
		a, err := svc.Assign(ctx, "home", user)
		if err != nil {
			t.Fatal(err)
		}
		return a != nil
	}
	if assigned("u1") {
		t.Fatal("assigned to a draft")
	}
	if _, err := svc.Start(ctx, "home"); err != nil {
		t.Fatal(err)
	}
	before := db.running.Load()
	for i := range 100 {
		if !assigned(fmt.Sprintf("u%d", i)) {
			t.Fatal("not assigned right after the start")
		}
		if err := svc.LogExposure(ctx, &shopmind.Exposure{ExperimentID: "home", Variant: experiment.Pick(e, fmt.Sprintf("u%d", i)).Name,
			UserID: fmt.Sprintf("u%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if n := db.running.Load() - before; n != 0 {
		t.Fatalf("100 assignments read the running experiments %d times, want 0", n)
	}
	if _, err := svc.Stop(ctx, "home"); err != nil {
		t.Fatal(err)
	}
	if assigned("u1") {
		t.Fatal("assigned right after the stop")
	}

	other := &shopmind.Experiment{ID: "elsewhere", Surface: experiment.SurfacePopular, Horizon: 10, Status: shopmind.ExperimentRunning,
		Variants: []shopmind.Variant{{Name: "a", Share: 0.5}, {Name: "b", Share: 0.5}}}
	if err := other.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := db.DB.CreateExperiment(ctx, other); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if a, err := svc.Assign(ctx, experiment.SurfacePopular, "u1"); err != nil || a == nil {
		t.Fatalf("experiment started by another process, Every later: %v, %v", a, err)
	}
	// What Experiments returns is the caller's to change.
	list, err := c.Experiments(ctx, shopmind.ExperimentFilter{Status: shopmind.ExperimentRunning})
	if err != nil || len(list) != 1 {
		t.Fatalf("running = %v, %v", list, err)
	}
	list[0].Name = "changed"
	list = list[:0]
	again, _ := c.Experiments(ctx, shopmind.ExperimentFilter{Status: shopmind.ExperimentRunning})
	if len(again) != 1 || again[0].Name == "changed" {
		t.Fatalf("a caller's change reached the snapshot: %+v", again)
	}
}

// TestKeysRevokedUnderLoad revokes a key while requests authenticate with
// it and the snapshot reloads: no authentication that starts after
// DeleteKey returned may succeed.
func TestKeysRevokedUnderLoad(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	keys := NewKeys(db, 100*time.Millisecond)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go keys.Run(runCtx, nil)
	for round := range 20 {
		secret, k := newKey(t, fmt.Sprintf("round %d", round))
		if round%2 == 0 {
			if err := db.DB.CreateKey(ctx, k); err != nil { // found by the store lookup
				t.Fatal(err)
			}
		} else if err := keys.CreateKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		var revoked atomic.Bool
		var bad atomic.Int64
		done := make(chan struct{})
		for range 4 {
			go func() {
				defer func() { done <- struct{}{} }()
				for range 200 {
					after := revoked.Load()
					_, err := keys.KeyByHash(ctx, shopmind.HashKey(secret))
					if after && err == nil {
						bad.Add(1)
					}
				}
			}()
		}
		time.Sleep(time.Millisecond)
		if err := keys.DeleteKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		revoked.Store(true)
		for range 4 {
			<-done
		}
		if n := bad.Load(); n > 0 {
			t.Fatalf("round %d: %d authentications after the revocation succeeded", round, n)
		}
	}
}

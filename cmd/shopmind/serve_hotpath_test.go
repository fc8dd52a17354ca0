package main

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/experiment"
)

// readCounter is a store that counts the reads a recommendation request
// used to make of it: the key by its hash, the user's consent, the
// running experiments and the user's events since training.
type readCounter struct {
	shopmind.Store
	keyByHash, consent, running, userEvents atomic.Int64
}

func (s *readCounter) UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*shopmind.Event, error) {
	s.userEvents.Add(1)
	return s.Store.UserEventsAfter(ctx, userID, seq, limit)
}

func (s *readCounter) KeyByHash(ctx context.Context, hash string) (*shopmind.APIKey, error) {
	s.keyByHash.Add(1)
	return s.Store.KeyByHash(ctx, hash)
}

func (s *readCounter) Consent(ctx context.Context, userID string) (*shopmind.Consent, error) {
	s.consent.Add(1)
	return s.Store.Consent(ctx, userID)
}

func (s *readCounter) Experiments(ctx context.Context, f shopmind.ExperimentFilter) ([]*shopmind.Experiment, error) {
	if f.Status == shopmind.ExperimentRunning {
		s.running.Add(1)
	}
	return s.Store.Experiments(ctx, f)
}

// startServeOn runs serve with cfg on store (as "shopmind serve" does after
// opening it) until the test ends, and returns its base URL.
func startServeOn(t *testing.T, env *Env, cfg Config, store shopmind.Store) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	cfg.HTTP.Addr = "127.0.0.1:0"
	go func() { done <- serve(ctx, env, cfg, store, func(a string) { addr <- a }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case a := <-addr:
		return "http://" + a
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(3 * time.Minute):
		t.Fatal("serve did not listen")
	}
	return ""
}

// keyIDOf returns the id part of a secret key "sm_<id>_<secret>".
func keyIDOf(t *testing.T, secret string) string {
	t.Helper()
	parts := strings.SplitN(secret, "_", 3)
	if len(parts) != 3 {
		t.Fatalf("key %q has no id", secret)
	}
	return parts[1]
}

// exposed reports whether the experiment logged an exposure of user.
func exposed(t *testing.T, base, key, id, user string) bool {
	t.Helper()
	var page struct {
		Exposures []shopmind.Exposure `json:"exposures"`
	}
	if code := getJSON(t, base+"/v1/experiments/"+id+"/exposures?user_id="+user, key, &page); code != http.StatusOK {
		t.Fatalf("exposures of %s: %d", user, code)
	}
	return len(page.Exposures) > 0
}

// TestServeRecommendReadsNothingSteady is issue 16 item 3 through serve's
// API, on both stores: while nothing changes, recommendation requests for
// many users read no API key, consent or running experiment from the
// store; a change made through the API (revoking a key, refusing
// personalisation, starting or stopping an experiment) applies to the very
// next request, and one made by another process (the CLI, another handle
// on the store) within cluster.refresh_every.
func TestServeRecommendReadsNothingSteady(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { testServeReadsNothingSteady(t, driver) })
	}
}

func testServeReadsNothingSteady(t *testing.T, driver string) {
	env, stdout, stderr, _ := storeEnv(t, driver)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 80, Users: 60, Days: 30})
	if err := Run(ctx, env, []string{"train", "recommend", "--models", "hybrid"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	admin := createKey(t, env, stdout, "owner", "admin")
	write := createKey(t, env, stdout, "storefront", "write")
	spare := createKey(t, env, stdout, "spare", "read")
	cliKey := createKey(t, env, stdout, "revoked by the CLI", "read")

	cfg, err := loadConfig(env, "")
	if err != nil {
		t.Fatal(err)
	}
	const every = 2 * time.Second
	cfg.Cluster.RefreshEvery = Duration{every}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	counted := &readCounter{Store: store}
	base := startServeOn(t, env, cfg, counted)
	list := func(user, key string) shopmind.RecommendationList {
		return waitList(t, base+"/v1/users/"+user+"/recommendations?n=5", key)
	}
	list(shop.Users[0].ID, write)

	// The events since training are in memory once serve has looked
	// (recommend.recent_events_every: 1s on SQLite, 5s on PostgreSQL).
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		u0 := counted.userEvents.Load()
		list(shop.Users[1].ID, write)
		if counted.userEvents.Load() == u0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("requests still read the user's recent events from the store 20s after start")
		}
	}

	// Steady state: many users, no reads of keys, consents, experiments
	// beyond the periodic refresh (at most one per every/2), nor of the
	// users' events since training.
	k0, c0, e0, u0 := counted.keyByHash.Load(), counted.consent.Load(), counted.running.Load(), counted.userEvents.Load()
	start := time.Now()
	const n = 300
	for i := range n {
		u := shop.Users[i%len(shop.Users)].ID
		if code := getJSON(t, base+"/v1/users/"+u+"/recommendations?n=5", write, nil); code != http.StatusOK {
			t.Fatalf("request %d for %s: %d", i, u, code)
		}
	}
	took := time.Since(start)
	keys, consents, running := counted.keyByHash.Load()-k0, counted.consent.Load()-c0, counted.running.Load()-e0
	userEvents := counted.userEvents.Load() - u0
	refreshes := int64(2*took/every) + 1
	t.Logf("%d requests in %v: %d key, %d consent, %d running-experiment, %d user-event reads", n, took, keys, consents, running, userEvents)
	if keys != 0 || consents != 0 || running > refreshes || userEvents != 0 {
		t.Errorf("%d requests read the store: %d keys by hash, %d consents, %d running experiments, %d users' recent events (want 0, 0, <= %d refreshes, 0)",
			n, keys, consents, running, userEvents, refreshes)
	}

	// Through the API, a change applies to the next request.
	t.Run("RevokeKey", func(t *testing.T) {
		if code := getJSON(t, base+"/v1/users/"+shop.Users[1].ID+"/recommendations", spare, nil); code != http.StatusOK {
			t.Fatalf("spare key before revoking: %d", code)
		}
		if code := sendJSON(t, "DELETE", base+"/v1/keys/"+keyIDOf(t, spare), admin, nil, nil); code != http.StatusNoContent {
			t.Fatalf("DELETE key: %d", code)
		}
		if code := getJSON(t, base+"/v1/users/"+shop.Users[1].ID+"/recommendations", spare, nil); code != http.StatusUnauthorized {
			t.Fatalf("revoked key right after DELETE: %d, want 401", code)
		}
	})
	t.Run("RefusePersonalisation", func(t *testing.T) {
		u := shop.Users[2].ID
		if l := list(u, write); l.NoPersonalisation {
			t.Fatalf("%s before refusing: %+v", u, l)
		}
		if code := sendJSON(t, "PUT", base+"/v1/users/"+u+"/consent", write, map[string]bool{"no_personalisation": true}, nil); code != http.StatusOK {
			t.Fatalf("PUT consent: %d", code)
		}
		if l := list(u, write); !l.NoPersonalisation || !l.ColdStart {
			t.Fatalf("%s right after refusing: no_personalisation %t cold_start %t, want both", u, l.NoPersonalisation, l.ColdStart)
		}
		if code := sendJSON(t, "PUT", base+"/v1/users/"+u+"/consent", write, map[string]bool{"no_personalisation": false}, nil); code != http.StatusOK {
			t.Fatalf("PUT consent: %d", code)
		}
		if l := list(u, write); l.NoPersonalisation {
			t.Fatalf("%s right after consenting again: still no_personalisation", u)
		}
	})
	t.Run("Erase", func(t *testing.T) {
		u := shop.Users[9].ID
		if code := sendJSON(t, "PUT", base+"/v1/users/"+u+"/consent", write, map[string]bool{"no_personalisation": true}, nil); code != http.StatusOK {
			t.Fatalf("PUT consent: %d", code)
		}
		if l := list(u, write); !l.NoPersonalisation {
			t.Fatalf("%s right after refusing: not no_personalisation", u)
		}
		if code := sendJSON(t, "POST", base+"/v1/users/"+u+"/erase", admin, nil, nil); code != http.StatusOK {
			t.Fatalf("erase: %d", code)
		}
		// Erasure deletes the stored consent: the id, seen again, has refused nothing.
		if l := list(u, write); l.NoPersonalisation {
			t.Fatalf("%s right after the erasure: still no_personalisation", u)
		}
	})
	holdout := map[string]any{"id": "holdout", "surface": experiment.SurfaceUser, "horizon": 10,
		"variants": []map[string]any{{"name": "served", "share": 0.5}, {"name": "held", "share": 0.5, "config": map[string]string{"model": "none"}}}}
	t.Run("StartStopExperiment", func(t *testing.T) {
		if code := sendJSON(t, "POST", base+"/v1/experiments", admin, holdout, nil); code != http.StatusCreated {
			t.Fatalf("create experiment: %d", code)
		}
		u := shop.Users[3].ID
		list(u, write)
		if exposed(t, base, admin, "holdout", u) {
			t.Fatalf("%s exposed to a draft", u)
		}
		if code := sendJSON(t, "POST", base+"/v1/experiments/holdout/start", admin, nil, nil); code != http.StatusOK {
			t.Fatalf("start: %d", code)
		}
		list(u, write)
		if !exposed(t, base, admin, "holdout", u) {
			t.Fatalf("%s not exposed right after the start", u)
		}
		if code := sendJSON(t, "POST", base+"/v1/experiments/holdout/stop", admin, nil, nil); code != http.StatusOK {
			t.Fatalf("stop: %d", code)
		}
		v := shop.Users[4].ID
		if l := list(v, write); l.Model == experiment.ModelNone {
			t.Fatalf("%s gets the hold-out right after the stop", v)
		}
		if exposed(t, base, admin, "holdout", v) {
			t.Fatalf("%s exposed right after the stop", v)
		}
	})

	// Changes made by another process apply within cluster.refresh_every.
	within := func(t *testing.T, what string, cond func() bool) {
		t.Helper()
		start := time.Now()
		for !cond() {
			if time.Since(start) > every+2*time.Second {
				t.Fatalf("%s: not applied %v after the change (cluster.refresh_every %v)", what, time.Since(start), every)
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("%s applied after %v", what, time.Since(start).Round(time.Millisecond))
	}
	t.Run("OtherProcess", func(t *testing.T) {
		if code := getJSON(t, base+"/v1/users/"+shop.Users[5].ID+"/recommendations", cliKey, nil); code != http.StatusOK {
			t.Fatalf("key before the CLI revokes it: %d", code)
		}
		if err := Run(ctx, env, []string{"keys", "revoke", keyIDOf(t, cliKey)}); err != nil {
			t.Fatal(err)
		}
		within(t, "key revoked by the CLI", func() bool {
			return getJSON(t, base+"/v1/users/"+shop.Users[5].ID+"/recommendations", cliKey, nil) == http.StatusUnauthorized
		})

		other := openEnvStore(t, env)
		defer other.Close()
		u := shop.Users[6].ID
		if err := other.SetConsents(ctx, []*shopmind.Consent{{UserID: u, NoPersonalisation: true}}); err != nil {
			t.Fatal(err)
		}
		within(t, "consent set by another process", func() bool { return list(u, write).NoPersonalisation })

		e := &shopmind.Experiment{ID: "elsewhere", Surface: experiment.SurfaceUser, Horizon: 10, Status: shopmind.ExperimentRunning,
			Variants: []shopmind.Variant{{Name: "served", Share: 0.5}, {Name: "held", Share: 0.5, Config: map[string]string{"model": "none"}}}}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		e.StartedAt = &now
		if err := other.CreateExperiment(ctx, e); err != nil {
			t.Fatal(err)
		}
		v := shop.Users[7].ID
		within(t, "experiment started by another process", func() bool {
			list(v, write)
			return exposed(t, base, admin, "elsewhere", v)
		})
		e.Status, e.EndedAt = shopmind.ExperimentStopped, &now
		if err := other.UpdateExperiment(ctx, e); err != nil {
			t.Fatal(err)
		}
		next := 8 // a new user at each try: an exposure logged before the stop stays
		within(t, "experiment stopped by another process", func() bool {
			w := shop.Users[next%len(shop.Users)].ID
			next++
			list(w, write)
			return !exposed(t, base, admin, "elsewhere", w)
		})
	})
}

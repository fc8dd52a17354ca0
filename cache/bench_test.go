package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/store/postgres"
	"github.com/shopmind/shopmind/store/sqlite"
)

// benchStore is a store with what the recommendation route reads of it:
// a few keys, users of whom every tenth refuses personalisation, and one
// running experiment on the user surface.
type benchStore interface {
	shopmind.KeyService
	ConsentStore
	shopmind.ExperimentStore
}

const benchUsers = 10_000

func seedBench(b *testing.B, db benchStore) string {
	b.Helper()
	ctx := context.Background()
	var secret string
	for i := range 5 {
		s, k := newKeyB(b, fmt.Sprintf("key %d", i))
		if err := db.CreateKey(ctx, k); err != nil {
			b.Fatal(err)
		}
		secret = s
	}
	var cs []*shopmind.Consent
	for i := 0; i < benchUsers; i += 10 {
		cs = append(cs, &shopmind.Consent{UserID: fmt.Sprintf("u%d", i), NoPersonalisation: true})
	}
	if err := db.SetConsents(ctx, cs); err != nil {
		b.Fatal(err)
	}
	svc := experiment.NewService(db)
	e := &shopmind.Experiment{ID: "home", Surface: experiment.SurfaceUser, Horizon: 10, Status: shopmind.ExperimentRunning,
		Variants: []shopmind.Variant{{Name: "a", Share: 0.5}, {Name: "b", Share: 0.5}}}
	if err := svc.Create(ctx, e); err != nil {
		b.Fatal(err)
	}
	return secret
}

func newKeyB(b *testing.B, name string) (string, *shopmind.APIKey) {
	secret, k, err := shopmind.NewAPIKey(randReader{}, name, shopmind.RoleWrite, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	return secret, k
}

// randReader is crypto/rand.
type randReader struct{}

func (randReader) Read(p []byte) (int, error) { return rand.Read(p) }

// openPostgres opens a store on a new schema of dsn, dropped at the end.
func openPostgres(b *testing.B, dsn string) *postgres.DB {
	b.Helper()
	ctx := context.Background()
	var n [6]byte
	rand.Read(n[:])
	schema := "shopmind_cache_" + hex.EncodeToString(n[:])
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if c, err := pgx.Connect(ctx, dsn); err == nil {
			c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		b.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	db, err := postgres.OpenConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// hotPath is what one recommendation request asks: the key by its hash,
// whether the user refuses personalisation, and their variant.
type hotPath struct {
	keys     shopmind.KeyService
	refusals shopmind.RefusalChecker
	exps     *experiment.Service
}

func (h hotPath) request(ctx context.Context, hash, user string) error {
	if _, err := h.keys.KeyByHash(ctx, hash); err != nil {
		return err
	}
	no, err := h.refusals.RefusesPersonalisation(ctx, user)
	if err != nil || no {
		return err
	}
	_, err = h.exps.Assign(ctx, experiment.SurfaceUser, user)
	return err
}

// storeRefusals reads the consent at every call, as serve did before.
type storeRefusals struct{ shopmind.ConsentReader }

func (s storeRefusals) RefusesPersonalisation(ctx context.Context, userID string) (bool, error) {
	c, err := s.Consent(ctx, userID)
	if err != nil {
		return false, err
	}
	return c.NoPersonalisation, nil
}

func benchHotPath(b *testing.B, db benchStore) {
	secret := seedBench(b, db)
	hash := shopmind.HashKey(secret)
	paths := map[string]hotPath{
		"store": {keys: db, refusals: storeRefusals{db}, exps: experiment.NewService(db)},
		"cache": {keys: NewKeys(db, time.Minute), refusals: NewConsents(db, time.Minute),
			exps: experiment.NewService(NewExperiments(db, time.Minute))},
	}
	for _, name := range []string{"store", "cache"} {
		p := paths[name]
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := p.request(ctx, hash, fmt.Sprintf("u%d", i%benchUsers)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(name+"/parallel", func(b *testing.B) {
			ctx := context.Background()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					if err := p.request(ctx, hash, fmt.Sprintf("u%d", i%benchUsers)); err != nil {
						b.Error(err)
						return
					}
					i++
				}
			})
		})
	}
	// What the refresh costs, twice per cluster.refresh_every.
	b.Run("reload", func(b *testing.B) {
		ctx := context.Background()
		k, c, e := NewKeys(db, time.Minute), NewConsents(db, time.Minute), NewExperiments(db, time.Minute)
		for b.Loop() {
			for _, r := range []*refresher{k.r, c.r, e.r} {
				if err := r.reload(ctx); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkHotPath compares what one recommendation request reads for
// authentication, consent and experiment assignment: from the store (as
// before) and from the caches, on a SQLite file and, with
// SHOPMIND_TEST_POSTGRES, on PostgreSQL.
func BenchmarkHotPath(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "shop.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		benchHotPath(b, db)
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("SHOPMIND_TEST_POSTGRES")
		if dsn == "" {
			b.Skip("SHOPMIND_TEST_POSTGRES is not set; skipping the PostgreSQL case")
		}
		benchHotPath(b, openPostgres(b, dsn))
	})
}

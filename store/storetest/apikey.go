package storetest

import (
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func testKeys(t *testing.T, open Opener) {
	t.Run("Lifecycle", func(t *testing.T) {
		s := open(t)
		k1 := &shopmind.APIKey{ID: "k1", Name: "admin cli", Role: shopmind.RoleAdmin, Hash: shopmind.HashKey("secret-1"), CreatedAt: base}
		k2 := &shopmind.APIKey{ID: "k2", Name: "storefront", Role: shopmind.RoleRead, Hash: shopmind.HashKey("secret-2"), CreatedAt: base.Add(time.Hour)}
		k0 := &shopmind.APIKey{ID: "k0", Name: "", Role: shopmind.RoleWrite, Hash: shopmind.HashKey("secret-0"), CreatedAt: base.Add(2 * time.Hour)}
		for _, k := range []*shopmind.APIKey{k2, k1, k0} {
			must(t, s.CreateKey(ctx(), k))
		}
		storedKey := func(k *shopmind.APIKey) *shopmind.APIKey {
			c := *k
			c.CreatedAt = stored(k.CreatedAt)
			return &c
		}
		got, err := s.KeyByHash(ctx(), shopmind.HashKey("secret-2"))
		must(t, err)
		equal(t, "key by hash", got, storedKey(k2))
		_, err = s.KeyByHash(ctx(), shopmind.HashKey("wrong"))
		wantCode(t, err, shopmind.ENOTFOUND, "")

		keys, err := s.Keys(ctx())
		must(t, err)
		equal(t, "keys oldest first", keys, []*shopmind.APIKey{storedKey(k1), storedKey(k2), storedKey(k0)})

		wantCode(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k1", Role: shopmind.RoleRead, Hash: shopmind.HashKey("other")}), shopmind.ECONFLICT, "")
		wantCode(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k9", Role: shopmind.RoleRead, Hash: k1.Hash}), shopmind.ECONFLICT, "")
		wantCode(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k9", Role: "root", Hash: "h"}), shopmind.EINVALID, "role")

		used := base.Add(3 * time.Hour)
		must(t, s.TouchKey(ctx(), "k1", used))
		got, err = s.KeyByHash(ctx(), k1.Hash)
		must(t, err)
		if got.LastUsed == nil || !got.LastUsed.Equal(stored(used)) || got.LastUsed.Location() != time.UTC {
			t.Errorf("LastUsed = %v, want %v in UTC", got.LastUsed, stored(used))
		}
		wantCode(t, s.TouchKey(ctx(), "missing", used), shopmind.ENOTFOUND, "")

		must(t, s.DeleteKey(ctx(), "k1"))
		_, err = s.KeyByHash(ctx(), k1.Hash)
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteKey(ctx(), "k1"), shopmind.ENOTFOUND, "")
		keys, err = s.Keys(ctx())
		must(t, err)
		equal(t, "keys after delete", ids(keys), []string{"k2", "k0"})
	})

	t.Run("PublishableOrigins", func(t *testing.T) {
		s := open(t)
		secret, pk, err := shopmind.NewPublishableKey(fixedReader{}, "storefront", []string{"https://shop.example", "http://localhost:3000"}, base)
		must(t, err)
		must(t, s.CreateKey(ctx(), pk))
		got, err := s.KeyByHash(ctx(), shopmind.HashKey(secret))
		must(t, err)
		equal(t, "role", got.Role, shopmind.RolePublishable)
		equal(t, "origins by hash", got.Origins, []string{"https://shop.example", "http://localhost:3000"})
		must(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k2", Name: "ops", Role: shopmind.RoleAdmin, Hash: shopmind.HashKey("secret-2"), CreatedAt: base.Add(time.Hour)}))
		keys, err := s.Keys(ctx())
		must(t, err)
		if len(keys) != 2 {
			t.Fatalf("keys = %d, want 2", len(keys))
		}
		equal(t, "origins listed", keys[0].Origins, []string{"https://shop.example", "http://localhost:3000"})
		if keys[1].Origins != nil {
			t.Errorf("admin key origins = %q, want none", keys[1].Origins)
		}
		wantCode(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k8", Role: shopmind.RolePublishable, Hash: shopmind.HashKey("p")}), shopmind.EINVALID, "origins")
		wantCode(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k8", Role: shopmind.RolePublishable, Hash: shopmind.HashKey("p"),
			Origins: []string{"https://shop.example/cart"}}), shopmind.EINVALID, "origins")
		wantCode(t, s.CreateKey(ctx(), &shopmind.APIKey{ID: "k8", Role: shopmind.RoleRead, Hash: shopmind.HashKey("p"),
			Origins: []string{"https://shop.example"}}), shopmind.EINVALID, "origins")
	})

	t.Run("GeneratedKey", func(t *testing.T) {
		s := open(t)
		c := startClock()
		secret, k, err := shopmind.NewAPIKey(fixedReader{}, "ci", shopmind.RoleWrite, time.Time{})
		must(t, err)
		must(t, s.CreateKey(ctx(), k))
		got, err := s.KeyByHash(ctx(), shopmind.HashKey(secret))
		must(t, err)
		equal(t, "id", got.ID, k.ID)
		c.check(t, "CreatedAt (zero becomes now)", got.CreatedAt)
		if got.LastUsed != nil {
			t.Errorf("LastUsed = %v before use, want nil", got.LastUsed)
		}
	})
}

// fixedReader is a deterministic source of "random" bytes.
type fixedReader struct{}

func (fixedReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i*7 + 3)
	}
	return len(p), nil
}

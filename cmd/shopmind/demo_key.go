package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/shopmind/shopmind"
)

// demoKeyName names the admin key `shopmind demo` makes.
const demoKeyName = "demo admin"

// demoKeyFile is where the demo keeps its admin key's secret: beside the
// demo's own database, readable by its owner only. The demo shop is
// generated data, so the secret may live next to it; a real shop's keys are
// never written to disk by shopmind.
func demoKeyFile(dbPath string) string { return dbPath + ".admin-key" }

// demoAdminKey returns the demo's admin key secret. It reuses the key saved
// by an earlier start while the store still accepts it as an admin key;
// otherwise it revokes earlier demo admin keys, so they do not pile up, and
// makes a new one.
func (c *DemoCommand) demoAdminKey(ctx context.Context, store shopmind.KeyService, dbPath string) (string, error) {
	return c.demoSecretKey(ctx, store, demoKeyFile(dbPath), demoKeyName, shopmind.RoleAdmin)
}

// demoShopServerKeyName names the write key the sample storefront's server
// sends its orders with.
const demoShopServerKeyName = "demo storefront server"

// demoShopServerKeyFile is where the demo keeps that key (mode 0600), as
// a shop's backend keeps its secret key in its own configuration.
func demoShopServerKeyFile(dbPath string) string { return dbPath + ".shop-server-key" }

// demoShopServerKey returns the sample storefront server's write key, saved
// and reused as the admin key is.
func (c *DemoCommand) demoShopServerKey(ctx context.Context, store shopmind.KeyService, dbPath string) (string, error) {
	return c.demoSecretKey(ctx, store, demoShopServerKeyFile(dbPath), demoShopServerKeyName, shopmind.RoleWrite)
}

// demoSecretKey returns the secret of the demo's key named name with role.
// It reuses the key saved in file by an earlier start while the store
// still accepts it with that name and role; otherwise it revokes earlier
// keys of that name, so they do not pile up, and makes a new one.
func (c *DemoCommand) demoSecretKey(ctx context.Context, store shopmind.KeyService, file, name string, role shopmind.Role) (string, error) {
	b, err := os.ReadFile(file)
	switch {
	case err == nil:
		secret := strings.TrimSpace(string(b))
		k, err := store.KeyByHash(ctx, shopmind.HashKey(secret))
		if err == nil && k.Role == role && k.Name == name {
			return secret, nil
		}
		if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			return "", fmt.Errorf("check the saved %s key: %w", name, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(c.env.Stderr, "warning: cannot read the saved %s key %s (%v); making a new one\n", name, file, err)
	}
	keys, err := store.Keys(ctx)
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		if k.Name == name {
			if err := store.DeleteKey(ctx, k.ID); err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				return "", fmt.Errorf("revoke the previous %s key %s: %w", name, k.ID, err)
			}
		}
	}
	secret, key, err := shopmind.NewAPIKey(rand.Reader, name, role, c.now())
	if err != nil {
		return "", err
	}
	if err := store.CreateKey(ctx, key); err != nil {
		return "", fmt.Errorf("create %s key: %w", name, err)
	}
	_ = os.Remove(file) // a new file gets mode 0600 whatever the old one had
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		fmt.Fprintf(c.env.Stderr, "warning: cannot save the %s key to %s (%v); the next start makes a new one\n", name, file, err)
	}
	return secret, nil
}

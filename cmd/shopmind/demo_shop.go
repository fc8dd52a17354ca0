package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo/storefront"
)

// demoShopKeyName names the publishable key of the demo's sample shop.
const demoShopKeyName = "demo storefront"

// demoShopKeyFile is where the demo keeps its publishable key, beside the
// database (a publishable key is public: it is in every page of the shop).
func demoShopKeyFile(dbPath string) string { return dbPath + ".publishable-key" }

// demoShopOrigins are the web origins the sample shop listening on ln is
// reached from: its address, and localhost for a loopback one.
func demoShopOrigins(ln net.Listener) []string {
	addr := ln.Addr().(*net.TCPAddr)
	origins := []string{"http://" + addr.String()}
	if addr.IP.IsLoopback() {
		origins = append(origins, fmt.Sprintf("http://localhost:%d", addr.Port))
	}
	return origins
}

// demoPublishableKey returns the sample shop's publishable key: the saved
// one while the store still has it with these origins, otherwise a new one
// (earlier demo storefront keys are revoked).
func (c *DemoCommand) demoPublishableKey(ctx context.Context, store shopmind.KeyService, dbPath string, origins []string) (string, error) {
	file := demoShopKeyFile(dbPath)
	if b, err := os.ReadFile(file); err == nil {
		secret := strings.TrimSpace(string(b))
		k, err := store.KeyByHash(ctx, shopmind.HashKey(secret))
		if err == nil && k.Role == shopmind.RolePublishable && k.Name == demoShopKeyName && slices.Equal(k.Origins, origins) {
			return secret, nil
		}
		if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			return "", fmt.Errorf("check the saved storefront key: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(c.env.Stderr, "warning: cannot read the saved storefront key %s (%v); making a new one\n", file, err)
	}
	keys, err := store.Keys(ctx)
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		if k.Name == demoShopKeyName {
			if err := store.DeleteKey(ctx, k.ID); err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				return "", fmt.Errorf("revoke the previous storefront key %s: %w", k.ID, err)
			}
		}
	}
	secret, key, err := shopmind.NewPublishableKey(rand.Reader, demoShopKeyName, origins, c.now())
	if err != nil {
		return "", err
	}
	if err := store.CreateKey(ctx, key); err != nil {
		return "", fmt.Errorf("create the storefront key: %w", err)
	}
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		fmt.Fprintf(c.env.Stderr, "warning: cannot save the storefront key to %s (%v)\n", file, err)
	}
	return secret, nil
}

// demoShop serves the sample shop on ln until ctx ends, once the API's
// base URL is known.
type demoShop struct {
	ln  net.Listener
	srv *http.Server
}

func (d *demoShop) url() string { return "http://" + d.ln.Addr().String() + "/" }

// start serves the sample shop over cat, its pages calling the API at api
// with the publishable key, its server sending orders there with the secret
// key.
func (d *demoShop) start(cat storefront.Catalog, api, key, secret string, logf func(string, ...any)) {
	d.srv = &http.Server{Handler: storefront.New(cat, storefront.Options{API: api, Key: key, SecretKey: secret}), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := d.srv.Serve(d.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logf("sample shop: %v", err)
		}
	}()
}

// stop closes the sample shop (its listener too if it never served).
func (d *demoShop) stop() {
	if d.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		d.srv.Shutdown(ctx)
		return
	}
	d.ln.Close()
}

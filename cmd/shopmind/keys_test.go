package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// A publishable key made on the command line lists its origins and is
// accepted by serve from those origins only, and only on storefront routes.
func TestKeysCreatePublishable(t *testing.T) {
	env, stdout, _ := testEnv(t)
	ctx := context.Background()
	if err := Run(ctx, env, []string{"keys", "create", "-name", "shop", "-role", "publishable"}); err == nil || !strings.Contains(err.Error(), "origins") {
		t.Fatalf("publishable without -origins: %v, want an error naming origins", err)
	}
	if err := Run(ctx, env, []string{"keys", "create", "-name", "ops", "-role", "read", "-origins", "https://shop.example"}); err == nil || !strings.Contains(err.Error(), "origins") {
		t.Fatalf("read key with -origins: %v, want an error naming origins", err)
	}
	if err := Run(ctx, env, []string{"keys", "create", "-name", "shop", "-role", "publishable", "-origins", "https://Shop.Example/,http://localhost:3000"}); err != nil {
		t.Fatal(err)
	}
	pk := regexp.MustCompile(`pk_\S+`).FindString(stdout.String())
	if pk == "" {
		t.Fatalf("keys create printed no pk_ key: %q", stdout.String())
	}
	if err := Run(ctx, env, []string{"keys", "list"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "publishable") || !strings.Contains(stdout.String(), "https://shop.example,http://localhost:3000") {
		t.Errorf("keys list = %q, want the publishable key with its normalised origins", stdout.String())
	}

	base := startServe(t, env, stdout)
	base = strings.TrimSuffix(base, "/")
	do := func(path, origin string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+pk)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		t.Logf("GET %s from %q: %d %s", path, origin, res.StatusCode, b)
		return res.StatusCode
	}
	if got := do("/v1/items", "https://shop.example"); got != http.StatusForbidden {
		t.Errorf("GET /v1/items with the publishable key = %d, want 403", got)
	}
	if got := do("/v1/items/none/images/0", "https://evil.example"); got != http.StatusForbidden {
		t.Errorf("from another origin = %d, want 403", got)
	}
	if got := do("/v1/items/none/images/0", "https://shop.example"); got != http.StatusNotFound {
		t.Errorf("from its origin = %d, want 404 (allowed, item missing)", got)
	}
}

package shopmind_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestNormalizeOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://Shop.Example":       "https://shop.example",
		"https://shop.example/":      "https://shop.example",
		"https://shop.example:443":   "https://shop.example",
		"http://shop.example:80":     "http://shop.example",
		"http://127.0.0.1:8090":      "http://127.0.0.1:8090",
		"HTTPS://shop.example:8443/": "https://shop.example:8443",
		" https://shop.example ":     "https://shop.example",
		"http://[::1]:8080":          "http://[::1]:8080",
	} {
		got, err := shopmind.NormalizeOrigin(in)
		if err != nil || got != want {
			t.Errorf("NormalizeOrigin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "shop.example", "ftp://shop.example", "https://", "https://shop.example/cart",
		"https://shop.example?x=1", "https://user@shop.example", "https://*.shop.example", "javascript:alert(1)", "null"} {
		if _, err := shopmind.NormalizeOrigin(in); shopmind.ErrorField(err) != "origins" {
			t.Errorf("NormalizeOrigin(%q) = %v; want an error naming origins", in, err)
		}
	}
}

func TestPublishableKey(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	secret, k, err := shopmind.NewPublishableKey(zeros{}, "shop", []string{"https://Shop.Example/", "https://shop.example", "http://localhost:3000"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, shopmind.PublishableKeyPrefix+k.ID+"_") || k.Role != shopmind.RolePublishable {
		t.Errorf("secret %q, role %q: want pk_<id>_ and publishable", secret, k.Role)
	}
	if strings.Join(k.Origins, " ") != "https://shop.example http://localhost:3000" {
		t.Errorf("origins %q, want normalised and without repeats", k.Origins)
	}
	if !k.AllowsOrigin("https://shop.example") || k.AllowsOrigin("https://evil.example") {
		t.Error("AllowsOrigin does not follow the key's origins")
	}
	if _, _, err := shopmind.NewPublishableKey(zeros{}, "shop", nil, now); shopmind.ErrorField(err) != "origins" {
		t.Errorf("no origins: %v, want an error naming origins", err)
	}
	if _, _, err := shopmind.NewAPIKey(zeros{}, "shop", shopmind.RolePublishable, now); shopmind.ErrorField(err) != "origins" {
		t.Errorf("NewAPIKey publishable without origins: %v, want an error naming origins", err)
	}
	if err := shopmind.ValidateKeyRole(shopmind.RoleRead, []string{"https://shop.example"}); shopmind.ErrorField(err) != "origins" {
		t.Errorf("read key with origins: %v, want an error naming origins", err)
	}
	// The publishable role is outside the hierarchy: it allows nothing by rank.
	for _, need := range []shopmind.Role{shopmind.RoleRead, shopmind.RoleWrite, shopmind.RoleAdmin, shopmind.RolePublishable} {
		if shopmind.RolePublishable.Allows(need) {
			t.Errorf("publishable allows %s", need)
		}
	}
	if !shopmind.RoleRead.Secret() || shopmind.RolePublishable.Secret() || !shopmind.RoleAdmin.Allows(shopmind.RoleRead) {
		t.Error("Secret or Allows wrong for the secret roles")
	}
	adminSecret, _, err := shopmind.NewAPIKey(zeros{}, "ops", shopmind.RoleAdmin, now)
	if err != nil || !strings.HasPrefix(adminSecret, shopmind.KeyPrefix) {
		t.Errorf("admin key %q, %v: want the sm_ prefix", adminSecret, err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

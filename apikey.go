package shopmind

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// Role is what an API key may do. Each secret role (admin, write, read)
// includes the ones below it; the publishable role stands apart.
type Role string

// Roles, from most to least powerful, then the publishable role.
const (
	RoleAdmin Role = "admin" // everything, including keys and deletions of personal data
	RoleWrite Role = "write" // read and write shop data
	RoleRead  Role = "read"  // read only
	// RolePublishable is the key a shop puts in its web pages: it is not in
	// the admin > write > read order and allows nothing by rank. Routes
	// that accept it say so one by one (posting storefront events, reading
	// recommendations, the shopper chat), and only from a browser page on
	// one of the key's Origins.
	RolePublishable Role = "publishable"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleWrite || r == RoleRead || r == RolePublishable
}

// Secret reports whether r is one of the secret roles (admin, write, read),
// whose keys must never appear in a web page.
func (r Role) Secret() bool { return r.rank() > 0 }

// Allows reports whether a key with role r may act where need is required.
// A publishable key is allowed nothing by rank.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && need.rank() > 0 }

func (r Role) rank() int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleWrite:
		return 2
	case RoleRead:
		return 1
	}
	return 0
}

// APIKey is a stored API key. Only the SHA-256 hash of the secret is kept.
type APIKey struct {
	ID   string `json:"id"`   // public part, shown in lists and logs
	Name string `json:"name"` // what it is for
	Role Role   `json:"role"`
	Hash string `json:"-"` // hex SHA-256 of the whole secret key
	// Origins are the web origins ("https://shop.example") a publishable
	// key is accepted from; other roles have none.
	Origins   []string   `json:"origins,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
}

// KeyService keeps API keys.
type KeyService interface {
	// CreateKey stores a key (ECONFLICT if its ID exists).
	CreateKey(ctx context.Context, k *APIKey) error
	// KeyByHash returns the key with the given secret hash, or ENOTFOUND.
	KeyByHash(ctx context.Context, hash string) (*APIKey, error)
	// Keys lists every key, oldest first.
	Keys(ctx context.Context) ([]*APIKey, error)
	// DeleteKey revokes a key, or returns ENOTFOUND.
	DeleteKey(ctx context.Context, id string) error
	// TouchKey records that a key was used at t.
	TouchKey(ctx context.Context, id string, t time.Time) error
}

// KeyPrefix starts every secret (admin, write, read) API key;
// PublishableKeyPrefix starts every publishable one.
const (
	KeyPrefix            = "sm_"
	PublishableKeyPrefix = "pk_"
)

// MaxKeyOrigins is the most origins one publishable key lists.
const MaxKeyOrigins = 50

// ValidateKeyRole checks a key's role and origins together: the role must
// be known, a publishable key needs 1 to MaxKeyOrigins origins, each an
// origin as NormalizeOrigin accepts it and already normalised, and other
// keys have none. It returns an EINVALID error naming "role" or "origins".
func ValidateKeyRole(role Role, origins []string) error {
	if !role.Valid() {
		return FieldErrorf("role", "role %q is not one of admin, write, read, publishable", role)
	}
	if role != RolePublishable {
		if len(origins) > 0 {
			return FieldErrorf("origins", "only publishable keys have origins; a %s key is not used from web pages", role)
		}
		return nil
	}
	if len(origins) == 0 {
		return FieldErrorf("origins", "a publishable key needs the origins of the shop's pages, e.g. https://shop.example")
	}
	if len(origins) > MaxKeyOrigins {
		return FieldErrorf("origins", "a key lists at most %d origins, not %d", MaxKeyOrigins, len(origins))
	}
	seen := map[string]bool{}
	for _, o := range origins {
		n, err := NormalizeOrigin(o)
		if err != nil {
			return err
		}
		if n != o {
			return FieldErrorf("origins", "origin %q is not normalised (want %q)", o, n)
		}
		if seen[o] {
			return FieldErrorf("origins", "origin %q is listed twice", o)
		}
		seen[o] = true
	}
	return nil
}

// NormalizeOrigin returns the web origin s names, as browsers send it in
// the Origin header: a lower-case "http" or "https" scheme and host, and
// the port only when it is not the scheme's default, e.g.
// "https://Shop.Example:443/" gives "https://shop.example". A path (other
// than "/"), query, fragment, user or wildcard is an EINVALID error naming
// "origins".
func NormalizeOrigin(s string) (string, error) {
	bad := func(why string) error { return FieldErrorf("origins", "origin %q %s", s, why) }
	if len(s) > 2048 {
		return "", FieldErrorf("origins", "an origin is longer than 2048 bytes")
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", bad("is not a URL like https://shop.example")
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "http" && scheme != "https":
		return "", bad("must start with https:// (or http://)")
	case u.Host == "" || u.Opaque != "":
		return "", bad("has no host")
	case u.User != nil:
		return "", bad("must not hold a user name")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.ForceQuery:
		return "", bad("must be only a scheme and host, without a path, query or fragment")
	case strings.ContainsAny(u.Host, "*%"):
		return "", bad("must name one host; wildcards are not accepted")
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if host == "" {
		return "", bad("has no host")
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host, nil
}

// NormalizeOrigins normalises each origin (see NormalizeOrigin) and drops
// empty entries and repeats, keeping the first order.
func NormalizeOrigins(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, o := range in {
		if strings.TrimSpace(o) == "" {
			continue
		}
		n, err := NormalizeOrigin(o)
		if err != nil {
			return nil, err
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// NewAPIKey makes a key for the given name and role. It returns the secret,
// to be shown once to the person who asked for it, and the APIKey to store,
// which holds only the secret's hash. random supplies the key's randomness
// (crypto/rand.Reader in production).
//
// A publishable key (see NewPublishableKey) starts with PublishableKeyPrefix,
// the others with KeyPrefix.
func NewAPIKey(random io.Reader, name string, role Role, now time.Time) (string, *APIKey, error) {
	return newKey(random, name, role, nil, now)
}

// NewPublishableKey makes a publishable key accepted from the given web
// origins, which it normalises (see NormalizeOrigin).
func NewPublishableKey(random io.Reader, name string, origins []string, now time.Time) (string, *APIKey, error) {
	norm, err := NormalizeOrigins(origins)
	if err != nil {
		return "", nil, err
	}
	return newKey(random, name, RolePublishable, norm, now)
}

func newKey(random io.Reader, name string, role Role, origins []string, now time.Time) (string, *APIKey, error) {
	if err := ValidateKeyRole(role, origins); err != nil {
		return "", nil, err
	}
	if err := validateText("name", name, MaxTitleLength); err != nil {
		return "", nil, err
	}
	var id [6]byte
	var secret [24]byte
	if _, err := io.ReadFull(random, id[:]); err != nil {
		return "", nil, fmt.Errorf("key id: %w", err)
	}
	if _, err := io.ReadFull(random, secret[:]); err != nil {
		return "", nil, fmt.Errorf("key secret: %w", err)
	}
	kid := hex.EncodeToString(id[:])
	prefix := KeyPrefix
	if role == RolePublishable {
		prefix = PublishableKeyPrefix
	}
	s := prefix + kid + "_" + base64.RawURLEncoding.EncodeToString(secret[:])
	return s, &APIKey{ID: kid, Name: name, Role: role, Hash: HashKey(s), Origins: origins, CreatedAt: now.UTC()}, nil
}

// HashKey returns the hex SHA-256 of a key secret, as stored in APIKey.Hash.
func HashKey(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// AllowsOrigin reports whether k is a publishable key accepted from the web
// origin o (as a browser sends it in the Origin header).
func (k *APIKey) AllowsOrigin(o string) bool {
	if k.Role != RolePublishable {
		return false
	}
	for _, a := range k.Origins {
		if a == o {
			return true
		}
	}
	return false
}

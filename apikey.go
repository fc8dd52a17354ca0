package shopmind

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"time"
)

// Role is what an API key may do. Each role includes the ones below it.
type Role string

// Roles, from most to least powerful.
const (
	RoleAdmin Role = "admin" // everything, including keys and deletions of personal data
	RoleWrite Role = "write" // read and write shop data
	RoleRead  Role = "read"  // read only
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleWrite || r == RoleRead }

// Allows reports whether a key with role r may act where need is required.
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
	ID        string     `json:"id"`   // public part, shown in lists and logs
	Name      string     `json:"name"` // what it is for
	Role      Role       `json:"role"`
	Hash      string     `json:"-"` // hex SHA-256 of the whole secret key
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

// KeyPrefix starts every shopmind API key secret.
const KeyPrefix = "sm_"

// NewAPIKey makes a key for the given name and role. It returns the secret,
// to be shown once to the person who asked for it, and the APIKey to store,
// which holds only the secret's hash. random supplies the key's randomness
// (crypto/rand.Reader in production).
func NewAPIKey(random io.Reader, name string, role Role, now time.Time) (string, *APIKey, error) {
	if !role.Valid() {
		return "", nil, FieldErrorf("role", "role %q is not one of admin, write, read", role)
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
	s := KeyPrefix + kid + "_" + base64.RawURLEncoding.EncodeToString(secret[:])
	return s, &APIKey{ID: kid, Name: name, Role: role, Hash: HashKey(s), CreatedAt: now.UTC()}, nil
}

// HashKey returns the hex SHA-256 of a key secret, as stored in APIKey.Hash.
func HashKey(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

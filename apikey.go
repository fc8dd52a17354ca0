package shopmind

import (
	"context"
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

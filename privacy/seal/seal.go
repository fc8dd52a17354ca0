// Package seal encrypts personal data at rest: AES-256-GCM with a random
// 96-bit nonce per value, keys named by an id that every sealed value
// carries, so that a store can hold values of several keys while a key is
// rotated and can say which key it needs.
//
// A sealed value is text, so it fits the columns that held the plaintext:
//
//	sm1.<key id>.<base64url(nonce | ciphertext | tag)>
//
// The additional authenticated data (AAD) names the field and the record a
// value belongs to (see AAD), so a sealed e-mail address moved to another
// user's row, or into another column, no longer opens.
//
// A Keyring holds the current key, which seals, and older keys, which only
// open. A nil *Keyring means "no key": Seal returns the plaintext and Open
// returns plaintext as is but refuses sealed values with EDATAKEY. Values
// that are not sealed (written before encryption was turned on) always
// open as themselves.
package seal

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shopmind/shopmind"
)

// prefix starts every sealed value; the "1" is the format version.
const prefix = "sm1."

// idLen is the length of a key id in a sealed value.
const idLen = 12

// Keyring seals with its current key and opens with any of its keys. It is
// immutable and safe for concurrent use.
type Keyring struct {
	current *Key
	keys    map[string]*Key
	rand    io.Reader
}

// NewKeyring returns a keyring that seals with current and opens values of
// current and of every older key.
func NewKeyring(current *Key, older ...*Key) *Keyring {
	r := &Keyring{current: current, keys: map[string]*Key{current.id: current}, rand: rand.Reader}
	for _, k := range older {
		r.keys[k.id] = k
	}
	return r
}

// WithRand returns a copy of r that draws nonces from rand (tests).
func (r *Keyring) WithRand(rand io.Reader) *Keyring {
	c := *r
	c.rand = rand
	return &c
}

// KeyID returns the id of the key r seals with, or "" for a nil keyring.
func (r *Keyring) KeyID() string {
	if r == nil {
		return ""
	}
	return r.current.id
}

// Has reports whether r can open values sealed with the key id.
func (r *Keyring) Has(id string) bool {
	if r == nil {
		return false
	}
	_, ok := r.keys[id]
	return ok
}

// KeyIDs returns the ids of r's keys, sorted.
func (r *Keyring) KeyIDs() []string {
	if r == nil {
		return nil
	}
	ids := make([]string, 0, len(r.keys))
	for id := range r.keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// AAD joins the parts naming a value's field and record (for example
// "user_personal", "email", the user id) into additional authenticated
// data. Parts are separated by NUL, which ids and field names never hold.
func AAD(parts ...string) string { return strings.Join(parts, "\x00") }

// Seal encrypts plaintext for the record named by aad. The empty string
// stays empty (there is nothing to hide but its emptiness, which the
// length of a sealed value would tell anyway), and a nil keyring returns
// plaintext as is.
func (r *Keyring) Seal(plaintext, aad string) (string, error) {
	if r == nil || plaintext == "" {
		return plaintext, nil
	}
	k := r.current
	ns := k.aead.NonceSize()
	buf := make([]byte, ns, ns+len(plaintext)+k.aead.Overhead())
	if _, err := io.ReadFull(r.rand, buf); err != nil {
		return "", fmt.Errorf("seal: nonce: %w", err)
	}
	buf = k.aead.Seal(buf, buf[:ns], []byte(plaintext), []byte(aad))
	return prefix + k.id + "." + base64.RawURLEncoding.EncodeToString(buf), nil
}

// Open decrypts a value Seal returned for the same aad. A value that is
// not sealed is returned as is. A sealed value whose key r lacks (or any
// sealed value, for a nil keyring), or that does not decrypt (a wrong key
// with a colliding id, an altered value, or one moved to another record),
// is an EDATAKEY error naming the key id.
func (r *Keyring) Open(v, aad string) (string, error) {
	id, body, ok := split(v)
	if !ok {
		return v, nil
	}
	if r == nil {
		return "", shopmind.Errorf(shopmind.EDATAKEY, "personal data is encrypted with data key %s, and no data key is configured", id)
	}
	k := r.keys[id]
	if k == nil {
		return "", shopmind.Errorf(shopmind.EDATAKEY, "personal data is encrypted with data key %s, which is not the configured data key (%s)",
			id, strings.Join(r.KeyIDs(), ", "))
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	ns := k.aead.NonceSize()
	if err != nil || len(raw) < ns+k.aead.Overhead() {
		return "", shopmind.Errorf(shopmind.EDATAKEY, "a value sealed with data key %s is damaged", id)
	}
	plain, err := k.aead.Open(nil, raw[:ns], raw[ns:], []byte(aad))
	if err != nil {
		return "", shopmind.Errorf(shopmind.EDATAKEY, "a value sealed with data key %s does not decrypt: the key is wrong, or the value was altered or moved to another record", id)
	}
	return string(plain), nil
}

// Reseal returns v sealed with r's current key: a plaintext value is
// sealed, a value of an older key is opened and sealed again, and a value
// of the current key is returned unchanged (changed is false).
func (r *Keyring) Reseal(v, aad string) (out string, changed bool, err error) {
	if id, ok := KeyOf(v); ok && r != nil && id == r.current.id {
		return v, false, nil
	}
	plain, err := r.Open(v, aad)
	if err != nil {
		return "", false, err
	}
	out, err = r.Seal(plain, aad)
	if err != nil {
		return "", false, err
	}
	return out, out != v, nil
}

// KeyOf reports whether v is a sealed value, and the id of its key.
func KeyOf(v string) (id string, sealed bool) {
	id, _, sealed = split(v)
	return id, sealed
}

// split parses a sealed value into its key id and encoded body.
func split(v string) (id, body string, ok bool) {
	if !strings.HasPrefix(v, prefix) || len(v) < len(prefix)+idLen+1 || v[len(prefix)+idLen] != '.' {
		return "", "", false
	}
	id = v[len(prefix) : len(prefix)+idLen]
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", "", false
		}
	}
	return id, v[len(prefix)+idLen+1:], true
}

// Store is a store that seals personal data: store/sqlite and
// store/postgres implement it. The wiring (cmd/shopmind) gives it the
// keyring at start-up; the conformance suite (store/storetest) checks it.
type Store interface {
	// DataKeys returns the ids of the keys the store's personal data is
	// sealed with (recorded in the store as values are sealed), sorted.
	DataKeys(ctx context.Context) ([]string, error)
	// UseKeys makes the store seal personal data with r's current key from
	// now on, and open it with any of r's keys. It returns EDATAKEY, and
	// changes nothing, when the store holds data sealed with a key r lacks
	// (r nil included). On a store that never sealed anything it seals the
	// plaintext personal data already there, in one transaction.
	UseKeys(ctx context.Context, r *Keyring) error
	// Reseal seals every personal value with the current key (opening
	// older ones with the keyring's other keys) in one transaction, then
	// records the current key as the only one, and returns how many values
	// it rewrote. It returns EDATAKEY, changing nothing, for a value no key
	// opens.
	Reseal(ctx context.Context) (int, error)
}

package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/shopmind/shopmind"
)

// KeySize is the length of a data key in bytes: AES-256.
const KeySize = 32

// idContext is what a key's id is derived from (see Key.ID).
const idContext = "shopmind data key id v1"

// Key is one AES-256 data key. It is safe for concurrent use.
type Key struct {
	id   string
	aead cipher.AEAD
}

// NewKey returns a key made of KeySize bytes of key material.
func NewKey(material []byte) (*Key, error) {
	if len(material) != KeySize {
		return nil, shopmind.Errorf(shopmind.EINVALID, "a data key is %d bytes, not %d", KeySize, len(material))
	}
	block, err := aes.NewCipher(material)
	if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	mac := hmac.New(sha256.New, material)
	mac.Write([]byte(idContext))
	return &Key{id: hex.EncodeToString(mac.Sum(nil)[:6]), aead: aead}, nil
}

// ID returns the key's id: 12 hex digits derived from the key by HMAC-SHA256,
// so the same key always has the same id, different keys (almost surely)
// differ, and the id tells nothing about the key. Sealed values carry it.
func (k *Key) ID() string { return k.id }

// ParseKey reads a key written as text: the standard base64 encoding of
// KeySize bytes (what GenerateKey writes) or 64 hex digits. Spaces and line
// ends around it are ignored. The error never repeats the text.
func ParseKey(text []byte) (*Key, error) {
	s := strings.TrimSpace(string(text))
	var material []byte
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			material = b
		}
	}
	if material == nil {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != KeySize {
			return nil, shopmind.Errorf(shopmind.EINVALID,
				"a data key is %d random bytes written as base64 (44 characters) or hex (64 digits); this one is not (%d characters)", KeySize, len(s))
		}
		material = b
	}
	return NewKey(material)
}

// GenerateKey returns a new key from rand (crypto/rand.Reader in
// production) and its text form, the standard base64 encoding of its bytes
// followed by a line end, as ParseKey reads it.
func GenerateKey(rand io.Reader) (*Key, string, error) {
	material := make([]byte, KeySize)
	if _, err := io.ReadFull(rand, material); err != nil {
		return nil, "", fmt.Errorf("generate data key: %w", err)
	}
	k, err := NewKey(material)
	if err != nil {
		return nil, "", err
	}
	return k, base64.StdEncoding.EncodeToString(material) + "\n", nil
}
